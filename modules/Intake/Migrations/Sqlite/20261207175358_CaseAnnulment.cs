using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Intake.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class CaseAnnulment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AnnulledAt",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AnnulledBy",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AnnulmentReason",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosingNote",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosingReason",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DuplicateOfId",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DuplicateReason",
                table: "cases",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AnnulledAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AnnulledBy",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AnnulmentReason",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ClosingNote",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ClosingReason",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "DuplicateOfId",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "DuplicateReason",
                table: "cases");
        }
    }
}
