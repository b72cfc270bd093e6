using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Intake.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class CaseFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ProtectionAssessedAt",
                schema: "intake",
                table: "cases",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProtectionAssessedAt",
                schema: "intake",
                table: "cases");
        }
    }
}
