using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Intake.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class RegisterProtectionAndReferral : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RegisterProtection",
                table: "cases",
                type: "TEXT",
                nullable: true);

            // The register check's protection becomes a tri-state (ProtectionRule). Before, "false" was stored also when the
            // register did not answer or gave no marking, so an old "false" cannot be trusted: it becomes Unknown (treated as
            // protected); an old "true" stays Yes.
            migrationBuilder.Sql("UPDATE \"cases\" SET \"RegisterProtection\" = CASE WHEN \"RegisterProtected\" = 1 THEN 'Yes' ELSE 'Unknown' END WHERE \"RegisterStatus\" IS NOT NULL");

            migrationBuilder.DropColumn(
                name: "RegisterProtected",
                table: "cases");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RegisterProtected",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql("UPDATE \"cases\" SET \"RegisterProtected\" = 1 WHERE \"RegisterProtection\" = 'Yes'");

            migrationBuilder.DropColumn(
                name: "RegisterProtection",
                table: "cases");
        }
    }
}
