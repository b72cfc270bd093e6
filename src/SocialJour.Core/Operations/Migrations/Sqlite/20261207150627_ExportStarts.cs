using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Core.Operations.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class ExportStarts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "export_starts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_export_starts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_export_starts_UserId_StartedAt",
                table: "export_starts",
                columns: new[] { "UserId", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "export_starts");
        }
    }
}
