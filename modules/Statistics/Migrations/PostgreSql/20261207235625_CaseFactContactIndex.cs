using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Statistics.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class CaseFactContactIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_case_facts_contact",
                schema: "statistics",
                table: "case_facts",
                column: "contact_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_case_facts_contact",
                schema: "statistics",
                table: "case_facts");
        }
    }
}
