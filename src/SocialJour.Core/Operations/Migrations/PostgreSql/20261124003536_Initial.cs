using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Core.Operations.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "operations");

            migrationBuilder.CreateTable(
                name: "host_heartbeats",
                schema: "operations",
                columns: table => new
                {
                    HostId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ConfigurationHash = table.Column<string>(type: "text", nullable: false),
                    ApplicationVersion = table.Column<string>(type: "text", nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastSeenAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_host_heartbeats", x => x.HostId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_host_heartbeats_LastSeenAt",
                schema: "operations",
                table: "host_heartbeats",
                column: "LastSeenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "host_heartbeats",
                schema: "operations");
        }
    }
}
