using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SocialJour.Modules.Assessment.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "assessment");

            migrationBuilder.CreateTable(
                name: "actions",
                schema: "assessment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Note = table.Column<string>(type: "text", nullable: true),
                    RecordedBy = table.Column<string>(type: "text", nullable: false),
                    RecordedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_actions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "decisions",
                schema: "assessment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    DecidedBy = table.Column<string>(type: "text", nullable: false),
                    RegisteredBy = table.Column<string>(type: "text", nullable: false),
                    DecidedAt = table.Column<long>(type: "bigint", nullable: false),
                    LegalBasisShown = table.Column<string>(type: "text", nullable: true),
                    CourtDeadline = table.Column<long>(type: "bigint", nullable: true),
                    SubmittedToCourtAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "deviations",
                schema: "assessment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Category = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    OccurredAt = table.Column<long>(type: "bigint", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: true),
                    MunicipalityCode = table.Column<string>(type: "text", nullable: true),
                    ReportedBy = table.Column<string>(type: "text", nullable: false),
                    ReportedAt = table.Column<long>(type: "bigint", nullable: false),
                    FollowUp = table.Column<string>(type: "text", nullable: true),
                    FollowedUpBy = table.Column<string>(type: "text", nullable: true),
                    ClosedAt = table.Column<long>(type: "bigint", nullable: true),
                    ClosedBy = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deviations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "protection_assessments",
                schema: "assessment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    Reasoning = table.Column<string>(type: "text", nullable: false),
                    AssessedBy = table.Column<string>(type: "text", nullable: false),
                    AssessedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_protection_assessments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "report_claims",
                schema: "assessment",
                columns: table => new
                {
                    ReportId = table.Column<long>(type: "bigint", nullable: false),
                    Holder = table.Column<string>(type: "text", nullable: false),
                    Until = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_claims", x => x.ReportId);
                });

            migrationBuilder.CreateTable(
                name: "reports",
                schema: "assessment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    MunicipalityCode = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    WrittenBy = table.Column<string>(type: "text", nullable: false),
                    WrittenAt = table.Column<long>(type: "bigint", nullable: false),
                    DueAt = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "bigint", nullable: false),
                    Channel = table.Column<string>(type: "text", nullable: true),
                    Receipt = table.Column<string>(type: "text", nullable: true),
                    DeliveredAt = table.Column<long>(type: "bigint", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "time_entries",
                schema: "assessment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "text", nullable: true),
                    RecordedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_time_entries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_actions_CaseId",
                schema: "assessment",
                table: "actions",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_decisions_CaseId",
                schema: "assessment",
                table: "decisions",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_deviations_ClosedAt",
                schema: "assessment",
                table: "deviations",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_protection_assessments_CaseId",
                schema: "assessment",
                table: "protection_assessments",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_reports_CaseId",
                schema: "assessment",
                table: "reports",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_reports_Status_NextAttemptAt",
                schema: "assessment",
                table: "reports",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_time_entries_CaseId_UserId",
                schema: "assessment",
                table: "time_entries",
                columns: new[] { "CaseId", "UserId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "actions",
                schema: "assessment");

            migrationBuilder.DropTable(
                name: "decisions",
                schema: "assessment");

            migrationBuilder.DropTable(
                name: "deviations",
                schema: "assessment");

            migrationBuilder.DropTable(
                name: "protection_assessments",
                schema: "assessment");

            migrationBuilder.DropTable(
                name: "report_claims",
                schema: "assessment");

            migrationBuilder.DropTable(
                name: "reports",
                schema: "assessment");

            migrationBuilder.DropTable(
                name: "time_entries",
                schema: "assessment");
        }
    }
}
