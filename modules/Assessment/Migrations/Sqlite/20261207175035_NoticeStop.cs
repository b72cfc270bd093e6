using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Assessment.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class NoticeStop : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Grants",
                table: "decisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticeReason",
                table: "decisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticeReason",
                table: "actions",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Grants",
                table: "decisions");

            migrationBuilder.DropColumn(
                name: "NoticeReason",
                table: "decisions");

            migrationBuilder.DropColumn(
                name: "NoticeReason",
                table: "actions");
        }
    }
}
