using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SocialJour.Core.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "core");

            migrationBuilder.CreateTable(
                name: "access_log",
                schema: "core",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    PersonId = table.Column<string>(type: "text", nullable: false),
                    JourCaseId = table.Column<string>(type: "text", nullable: true),
                    Purpose = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    LookupId = table.Column<string>(type: "text", nullable: false),
                    Sources = table.Column<string>(type: "text", nullable: false),
                    Salt = table.Column<string>(type: "text", nullable: false),
                    LeafHash = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_log", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "adapter_checks",
                schema: "core",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "text", nullable: false),
                    CheckedAt = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    LatencyMs = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adapter_checks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                schema: "core",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Subject = table.Column<string>(type: "text", nullable: false),
                    Details = table.Column<string>(type: "text", nullable: false),
                    LeafHash = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "chain_checks",
                schema: "core",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CheckedAt = table.Column<long>(type: "bigint", nullable: false),
                    Chain = table.Column<string>(type: "text", nullable: false),
                    Intact = table.Column<bool>(type: "boolean", nullable: false),
                    EntriesChecked = table.Column<long>(type: "bigint", nullable: false),
                    Problem = table.Column<string>(type: "text", nullable: true),
                    HeadHash = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_chain_checks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "emergency_openings",
                schema: "core",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    PersonId = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    OpenedAt = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false),
                    ReviewedBy = table.Column<string>(type: "text", nullable: true),
                    ReviewedAt = table.Column<long>(type: "bigint", nullable: true),
                    ReviewNote = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_emergency_openings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "login_attempts",
                schema: "core",
                columns: table => new
                {
                    NameHash = table.Column<string>(type: "text", nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    LastFailureAt = table.Column<long>(type: "bigint", nullable: false),
                    LockedUntil = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_attempts", x => x.NameHash);
                });

            migrationBuilder.CreateTable(
                name: "retained_lookups",
                schema: "core",
                columns: table => new
                {
                    LookupId = table.Column<string>(type: "text", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false),
                    Revealed = table.Column<bool>(type: "boolean", nullable: false),
                    Result = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_retained_lookups", x => x.LookupId);
                });

            migrationBuilder.CreateTable(
                name: "sessions",
                schema: "core",
                columns: table => new
                {
                    IdHash = table.Column<string>(type: "text", nullable: false),
                    UserName = table.Column<string>(type: "text", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sessions", x => x.IdHash);
                });

            migrationBuilder.CreateTable(
                name: "tree_heads",
                schema: "core",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Log = table.Column<string>(type: "text", nullable: false),
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    RootHash = table.Column<string>(type: "text", nullable: false),
                    Timestamp = table.Column<long>(type: "bigint", nullable: false),
                    KeyId = table.Column<string>(type: "text", nullable: false),
                    Signature = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tree_heads", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_log_At",
                schema: "core",
                table: "access_log",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_access_log_LookupId",
                schema: "core",
                table: "access_log",
                column: "LookupId");

            migrationBuilder.CreateIndex(
                name: "IX_adapter_checks_MunicipalityCode_CheckedAt",
                schema: "core",
                table: "adapter_checks",
                columns: new[] { "MunicipalityCode", "CheckedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_emergency_openings_ReviewedAt",
                schema: "core",
                table: "emergency_openings",
                column: "ReviewedAt");

            migrationBuilder.CreateIndex(
                name: "IX_retained_lookups_ExpiresAt",
                schema: "core",
                table: "retained_lookups",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_ExpiresAt",
                schema: "core",
                table: "sessions",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_UserName",
                schema: "core",
                table: "sessions",
                column: "UserName");

            migrationBuilder.CreateIndex(
                name: "IX_tree_heads_Log_TreeSize",
                schema: "core",
                table: "tree_heads",
                columns: new[] { "Log", "TreeSize" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_log",
                schema: "core");

            migrationBuilder.DropTable(
                name: "adapter_checks",
                schema: "core");

            migrationBuilder.DropTable(
                name: "audit_entries",
                schema: "core");

            migrationBuilder.DropTable(
                name: "chain_checks",
                schema: "core");

            migrationBuilder.DropTable(
                name: "emergency_openings",
                schema: "core");

            migrationBuilder.DropTable(
                name: "login_attempts",
                schema: "core");

            migrationBuilder.DropTable(
                name: "retained_lookups",
                schema: "core");

            migrationBuilder.DropTable(
                name: "sessions",
                schema: "core");

            migrationBuilder.DropTable(
                name: "tree_heads",
                schema: "core");
        }
    }
}
