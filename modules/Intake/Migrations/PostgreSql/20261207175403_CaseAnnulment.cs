using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Intake.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class CaseAnnulment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AnnulledAt",
                schema: "intake",
                table: "cases",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AnnulledBy",
                schema: "intake",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AnnulmentReason",
                schema: "intake",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosingNote",
                schema: "intake",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosingReason",
                schema: "intake",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DuplicateOfId",
                schema: "intake",
                table: "cases",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DuplicateReason",
                schema: "intake",
                table: "cases",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AnnulledAt",
                schema: "intake",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AnnulledBy",
                schema: "intake",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AnnulmentReason",
                schema: "intake",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ClosingNote",
                schema: "intake",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ClosingReason",
                schema: "intake",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "DuplicateOfId",
                schema: "intake",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "DuplicateReason",
                schema: "intake",
                table: "cases");
        }
    }
}
