using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Statistics.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class CaseAnnulment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "annulled",
                schema: "statistics",
                table: "case_facts",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "annulled",
                schema: "statistics",
                table: "case_facts");
        }
    }
}
