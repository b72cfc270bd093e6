using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SocialJour.Modules.Intake.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "intake");

            migrationBuilder.CreateTable(
                name: "commissions",
                schema: "intake",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    OrderedBy = table.Column<string>(type: "text", nullable: false),
                    OrderedAt = table.Column<long>(type: "bigint", nullable: false),
                    PersonId = table.Column<string>(type: "text", nullable: true),
                    Description = table.Column<string>(type: "text", nullable: false),
                    RegisteredBy = table.Column<string>(type: "text", nullable: false),
                    RegisteredAt = table.Column<long>(type: "bigint", nullable: false),
                    DoneAt = table.Column<long>(type: "bigint", nullable: true),
                    DoneBy = table.Column<string>(type: "text", nullable: true),
                    MinutesSpent = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                schema: "intake",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Channel = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<long>(type: "bigint", nullable: false),
                    Caller = table.Column<string>(type: "text", nullable: true),
                    Situation = table.Column<string>(type: "text", nullable: true),
                    JourMode = table.Column<string>(type: "text", nullable: false),
                    RegisteredBy = table.Column<string>(type: "text", nullable: false),
                    RegisteredAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "notice_acknowledgements",
                schema: "intake",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    NoticeId = table.Column<long>(type: "bigint", nullable: false),
                    AcknowledgedBy = table.Column<string>(type: "text", nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_acknowledgements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "notices",
                schema: "intake",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "text", nullable: false),
                    PersonId = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    RegisteredBy = table.Column<string>(type: "text", nullable: false),
                    RegisteredAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "related_parties",
                schema: "intake",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    PersonId = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    AddedBy = table.Column<string>(type: "text", nullable: false),
                    AddedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_related_parties", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "timer_breaches",
                schema: "intake",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    DueAt = table.Column<long>(type: "bigint", nullable: false),
                    RecordedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_timer_breaches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                schema: "intake",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ContactId = table.Column<long>(type: "bigint", nullable: false),
                    PersonId = table.Column<string>(type: "text", nullable: true),
                    Name = table.Column<string>(type: "text", nullable: true),
                    ApproximateAge = table.Column<int>(type: "integer", nullable: true),
                    MunicipalityCode = table.Column<string>(type: "text", nullable: false),
                    Category = table.Column<string>(type: "text", nullable: false),
                    ConcernsChild = table.Column<bool>(type: "boolean", nullable: false),
                    OpenedAt = table.Column<long>(type: "bigint", nullable: false),
                    OpenedBy = table.Column<string>(type: "text", nullable: false),
                    ClosedAt = table.Column<long>(type: "bigint", nullable: true),
                    ClosedBy = table.Column<string>(type: "text", nullable: true),
                    Triage = table.Column<int>(type: "integer", nullable: false),
                    CallbackDueAt = table.Column<long>(type: "bigint", nullable: false),
                    CalledBackAt = table.Column<long>(type: "bigint", nullable: true),
                    VisitDecidedAt = table.Column<long>(type: "bigint", nullable: true),
                    VisitDueAt = table.Column<long>(type: "bigint", nullable: true),
                    OnSiteAt = table.Column<long>(type: "bigint", nullable: true),
                    Referred = table.Column<bool>(type: "boolean", nullable: false),
                    ReferralNote = table.Column<string>(type: "text", nullable: true),
                    RegisterStatus = table.Column<string>(type: "text", nullable: true),
                    RegisterDetail = table.Column<string>(type: "text", nullable: true),
                    RegisterName = table.Column<string>(type: "text", nullable: true),
                    RegisterAge = table.Column<int>(type: "integer", nullable: true),
                    RegisterMunicipalityCode = table.Column<string>(type: "text", nullable: true),
                    RegisterProtected = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cases_contacts_ContactId",
                        column: x => x.ContactId,
                        principalSchema: "intake",
                        principalTable: "contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_ClosedAt",
                schema: "intake",
                table: "cases",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_cases_ContactId",
                schema: "intake",
                table: "cases",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_cases_PersonId",
                schema: "intake",
                table: "cases",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_commissions_MunicipalityCode_OrderedAt",
                schema: "intake",
                table: "commissions",
                columns: new[] { "MunicipalityCode", "OrderedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_notice_acknowledgements_CaseId_NoticeId",
                schema: "intake",
                table: "notice_acknowledgements",
                columns: new[] { "CaseId", "NoticeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notices_PersonId",
                schema: "intake",
                table: "notices",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_related_parties_CaseId_PersonId",
                schema: "intake",
                table: "related_parties",
                columns: new[] { "CaseId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_timer_breaches_CaseId_Kind",
                schema: "intake",
                table: "timer_breaches",
                columns: new[] { "CaseId", "Kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cases",
                schema: "intake");

            migrationBuilder.DropTable(
                name: "commissions",
                schema: "intake");

            migrationBuilder.DropTable(
                name: "notice_acknowledgements",
                schema: "intake");

            migrationBuilder.DropTable(
                name: "notices",
                schema: "intake");

            migrationBuilder.DropTable(
                name: "related_parties",
                schema: "intake");

            migrationBuilder.DropTable(
                name: "timer_breaches",
                schema: "intake");

            migrationBuilder.DropTable(
                name: "contacts",
                schema: "intake");
        }
    }
}
