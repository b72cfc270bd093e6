using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Assessment.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class NoticeStop : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Grants",
                schema: "assessment",
                table: "decisions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticeReason",
                schema: "assessment",
                table: "decisions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticeReason",
                schema: "assessment",
                table: "actions",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Grants",
                schema: "assessment",
                table: "decisions");

            migrationBuilder.DropColumn(
                name: "NoticeReason",
                schema: "assessment",
                table: "decisions");

            migrationBuilder.DropColumn(
                name: "NoticeReason",
                schema: "assessment",
                table: "actions");
        }
    }
}
