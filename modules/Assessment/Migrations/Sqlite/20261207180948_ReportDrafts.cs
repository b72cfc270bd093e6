using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Assessment.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class ReportDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Document",
                table: "reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PersonId",
                table: "reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PersonName",
                table: "reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ProtectedPerson",
                table: "reports",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SubmissionKey",
                table: "reports",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "report_drafts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    SavedBy = table.Column<string>(type: "TEXT", nullable: false),
                    SavedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_drafts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_reports_CaseId_SubmissionKey",
                table: "reports",
                columns: new[] { "CaseId", "SubmissionKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_report_drafts_CaseId",
                table: "report_drafts",
                column: "CaseId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "report_drafts");

            migrationBuilder.DropIndex(
                name: "IX_reports_CaseId_SubmissionKey",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "Document",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "PersonId",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "PersonName",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "ProtectedPerson",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "SubmissionKey",
                table: "reports");
        }
    }
}
