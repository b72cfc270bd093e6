using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Intake.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class RegisterProtectionAndReferral : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RegisterProtection",
                schema: "intake",
                table: "cases",
                type: "text",
                nullable: true);

            // The register check's protection becomes a tri-state (ProtectionRule). Before, "false" was stored also when the
            // register did not answer or gave no marking, so an old "false" cannot be trusted: it becomes Unknown (treated as
            // protected); an old "true" stays Yes.
            migrationBuilder.Sql("UPDATE intake.cases SET \"RegisterProtection\" = CASE WHEN \"RegisterProtected\" = TRUE THEN 'Yes' ELSE 'Unknown' END WHERE \"RegisterStatus\" IS NOT NULL");

            migrationBuilder.DropColumn(
                name: "RegisterProtected",
                schema: "intake",
                table: "cases");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RegisterProtected",
                schema: "intake",
                table: "cases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql("UPDATE intake.cases SET \"RegisterProtected\" = TRUE WHERE \"RegisterProtection\" = 'Yes'");

            migrationBuilder.DropColumn(
                name: "RegisterProtection",
                schema: "intake",
                table: "cases");
        }
    }
}
