using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Billing.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class BillingTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "commissions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    municipality_code = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ordered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ordered_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    done_at = table.Column<long>(type: "INTEGER", nullable: true),
                    done_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    minutes = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commissions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cost_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    EnteredBy = table.Column<string>(type: "TEXT", nullable: false),
                    EnteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LedgerColumn = table.Column<string>(type: "TEXT", nullable: true),
                    LedgerLines = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cost_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "daily_minutes",
                columns: table => new
                {
                    municipality_code = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    minutes = table.Column<long>(type: "INTEGER", nullable: false),
                    entries = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_daily_minutes", x => new { x.municipality_code, x.date, x.kind });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    event_type = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    payload = table.Column<string>(type: "TEXT", nullable: true),
                    audit_actor = table.Column<string>(type: "TEXT", nullable: true),
                    audit_action = table.Column<string>(type: "TEXT", nullable: true),
                    audit_subject = table.Column<string>(type: "TEXT", nullable: true),
                    audit_details = table.Column<string>(type: "TEXT", nullable: true),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    claim_holder = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    claimed_until = table.Column<long>(type: "INTEGER", nullable: true),
                    processed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "settlements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CorrectionReason = table.Column<string>(type: "TEXT", nullable: true),
                    Split = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settlements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "time_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    case_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    municipality_code = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_time_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_deliveries",
                columns: table => new
                {
                    message_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    subscriber = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    delivered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_deliveries", x => new { x.message_id, x.subscriber });
                    table.ForeignKey(
                        name: "FK_outbox_deliveries_outbox_messages_message_id",
                        column: x => x.message_id,
                        principalTable: "outbox_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_commissions_municipality_code_done_date",
                table: "commissions",
                columns: new[] { "municipality_code", "done_date" });

            migrationBuilder.CreateIndex(
                name: "IX_cost_entries_Year_Kind_Version",
                table: "cost_entries",
                columns: new[] { "Year", "Kind", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_daily_minutes_date",
                table: "daily_minutes",
                column: "date");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending",
                table: "outbox_messages",
                columns: new[] { "processed_at", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "IX_settlements_Year_Period_Version",
                table: "settlements",
                columns: new[] { "Year", "Period", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_time_entries_message_id",
                table: "time_entries",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_time_entries_municipality_code_date",
                table: "time_entries",
                columns: new[] { "municipality_code", "date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commissions");

            migrationBuilder.DropTable(
                name: "cost_entries");

            migrationBuilder.DropTable(
                name: "daily_minutes");

            migrationBuilder.DropTable(
                name: "outbox_deliveries");

            migrationBuilder.DropTable(
                name: "settlements");

            migrationBuilder.DropTable(
                name: "time_entries");

            migrationBuilder.DropTable(
                name: "outbox_messages");
        }
    }
}
