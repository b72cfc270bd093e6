using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Assessment.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class DecisionMakerReached : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DecisionMakerReachedAt",
                schema: "assessment",
                table: "decisions",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DecisionMakerReachedAt",
                schema: "assessment",
                table: "decisions");
        }
    }
}
