using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Core.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class BackChannelLogout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProviderSession",
                schema: "core",
                table: "sessions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderSubject",
                schema: "core",
                table: "sessions",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "logout_tokens",
                schema: "core",
                columns: table => new
                {
                    KeyHash = table.Column<string>(type: "text", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_logout_tokens", x => x.KeyHash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sessions_ProviderSession",
                schema: "core",
                table: "sessions",
                column: "ProviderSession");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_ProviderSubject",
                schema: "core",
                table: "sessions",
                column: "ProviderSubject");

            migrationBuilder.CreateIndex(
                name: "IX_logout_tokens_ExpiresAt",
                schema: "core",
                table: "logout_tokens",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "logout_tokens",
                schema: "core");

            migrationBuilder.DropIndex(
                name: "IX_sessions_ProviderSession",
                schema: "core",
                table: "sessions");

            migrationBuilder.DropIndex(
                name: "IX_sessions_ProviderSubject",
                schema: "core",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "ProviderSession",
                schema: "core",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "ProviderSubject",
                schema: "core",
                table: "sessions");
        }
    }
}
