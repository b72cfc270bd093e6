using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class BackChannelLogout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProviderSession",
                table: "sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderSubject",
                table: "sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "logout_tokens",
                columns: table => new
                {
                    KeyHash = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_logout_tokens", x => x.KeyHash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sessions_ProviderSession",
                table: "sessions",
                column: "ProviderSession");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_ProviderSubject",
                table: "sessions",
                column: "ProviderSubject");

            migrationBuilder.CreateIndex(
                name: "IX_logout_tokens_ExpiresAt",
                table: "logout_tokens",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "logout_tokens");

            migrationBuilder.DropIndex(
                name: "IX_sessions_ProviderSession",
                table: "sessions");

            migrationBuilder.DropIndex(
                name: "IX_sessions_ProviderSubject",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "ProviderSession",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "ProviderSubject",
                table: "sessions");
        }
    }
}
