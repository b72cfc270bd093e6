using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Statistics.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class StatisticsReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_response_facts_due",
                table: "response_facts");

            migrationBuilder.CreateIndex(
                name: "ix_response_facts_report",
                table: "response_facts",
                columns: new[] { "due_date", "kind", "due_at", "done_at", "missed_at", "municipality_code", "case_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_response_facts_report",
                table: "response_facts");

            migrationBuilder.CreateIndex(
                name: "ix_response_facts_due",
                table: "response_facts",
                column: "due_date");
        }
    }
}
