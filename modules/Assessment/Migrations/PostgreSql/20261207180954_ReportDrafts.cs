using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SocialJour.Modules.Assessment.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class ReportDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Document",
                schema: "assessment",
                table: "reports",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PersonId",
                schema: "assessment",
                table: "reports",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PersonName",
                schema: "assessment",
                table: "reports",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ProtectedPerson",
                schema: "assessment",
                table: "reports",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SubmissionKey",
                schema: "assessment",
                table: "reports",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "report_drafts",
                schema: "assessment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    SavedBy = table.Column<string>(type: "text", nullable: false),
                    SavedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_drafts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_reports_CaseId_SubmissionKey",
                schema: "assessment",
                table: "reports",
                columns: new[] { "CaseId", "SubmissionKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_report_drafts_CaseId",
                schema: "assessment",
                table: "report_drafts",
                column: "CaseId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "report_drafts",
                schema: "assessment");

            migrationBuilder.DropIndex(
                name: "IX_reports_CaseId_SubmissionKey",
                schema: "assessment",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "Document",
                schema: "assessment",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "PersonId",
                schema: "assessment",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "PersonName",
                schema: "assessment",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "ProtectedPerson",
                schema: "assessment",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "SubmissionKey",
                schema: "assessment",
                table: "reports");
        }
    }
}
