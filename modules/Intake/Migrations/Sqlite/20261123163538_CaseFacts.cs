using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Intake.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class CaseFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ProtectionAssessedAt",
                table: "cases",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProtectionAssessedAt",
                table: "cases");
        }
    }
}
