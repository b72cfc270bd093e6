using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Intake.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class RelatedPartyLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_related_parties_AddedBy_AddedAt",
                table: "related_parties",
                columns: new[] { "AddedBy", "AddedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_related_parties_AddedBy_AddedAt",
                table: "related_parties");
        }
    }
}
