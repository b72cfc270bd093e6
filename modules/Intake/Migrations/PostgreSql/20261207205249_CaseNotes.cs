using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SocialJour.Modules.Intake.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class CaseNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_notes",
                schema: "intake",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    WrittenBy = table.Column<string>(type: "text", nullable: false),
                    WrittenAt = table.Column<long>(type: "bigint", nullable: false),
                    AfterClosing = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_notes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_OpenedBy",
                schema: "intake",
                table: "cases",
                column: "OpenedBy");

            migrationBuilder.CreateIndex(
                name: "IX_case_notes_CaseId",
                schema: "intake",
                table: "case_notes",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_case_notes_WrittenBy_CaseId",
                schema: "intake",
                table: "case_notes",
                columns: new[] { "WrittenBy", "CaseId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_notes",
                schema: "intake");

            migrationBuilder.DropIndex(
                name: "IX_cases_OpenedBy",
                schema: "intake",
                table: "cases");
        }
    }
}
