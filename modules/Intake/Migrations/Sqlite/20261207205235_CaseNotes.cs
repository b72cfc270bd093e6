using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Intake.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class CaseNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    WrittenBy = table.Column<string>(type: "TEXT", nullable: false),
                    WrittenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AfterClosing = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_notes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_OpenedBy",
                table: "cases",
                column: "OpenedBy");

            migrationBuilder.CreateIndex(
                name: "IX_case_notes_CaseId",
                table: "case_notes",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_case_notes_WrittenBy_CaseId",
                table: "case_notes",
                columns: new[] { "WrittenBy", "CaseId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_notes");

            migrationBuilder.DropIndex(
                name: "IX_cases_OpenedBy",
                table: "cases");
        }
    }
}
