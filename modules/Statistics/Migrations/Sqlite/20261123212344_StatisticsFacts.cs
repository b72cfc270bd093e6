using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Statistics.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class StatisticsFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_facts",
                columns: table => new
                {
                    case_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: false),
                    municipality_code = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    concerns_child = table.Column<bool>(type: "INTEGER", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    jour_mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    referred = table.Column<bool>(type: "INTEGER", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    received_date = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_facts", x => x.case_id);
                });

            migrationBuilder.CreateTable(
                name: "commission_facts",
                columns: table => new
                {
                    commission_id = table.Column<long>(type: "INTEGER", nullable: false),
                    municipality_code = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ordered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ordered_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    done_at = table.Column<long>(type: "INTEGER", nullable: true),
                    minutes = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commission_facts", x => x.commission_id);
                });

            migrationBuilder.CreateTable(
                name: "contact_facts",
                columns: table => new
                {
                    contact_id = table.Column<long>(type: "INTEGER", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    jour_mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    cases = table.Column<int>(type: "INTEGER", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    received_date = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contact_facts", x => x.contact_id);
                });

            migrationBuilder.CreateTable(
                name: "deviation_facts",
                columns: table => new
                {
                    deviation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    municipality_code = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    occurred_date = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deviation_facts", x => x.deviation_id);
                });

            migrationBuilder.CreateTable(
                name: "lookup_facts",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    municipality_code = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lookup_facts", x => new { x.sequence, x.municipality_code });
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
                name: "response_facts",
                columns: table => new
                {
                    case_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    municipality_code = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    due_at = table.Column<long>(type: "INTEGER", nullable: false),
                    due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    done_at = table.Column<long>(type: "INTEGER", nullable: true),
                    missed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_response_facts", x => new { x.case_id, x.kind });
                });

            migrationBuilder.CreateTable(
                name: "time_facts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    case_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    municipality_code = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    jour_mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_time_facts", x => x.id);
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
                name: "ix_case_facts_report",
                table: "case_facts",
                columns: new[] { "received_date", "municipality_code", "category", "concerns_child", "channel", "jour_mode", "contact_id" });

            migrationBuilder.CreateIndex(
                name: "ix_commission_facts_report",
                table: "commission_facts",
                columns: new[] { "ordered_date", "municipality_code", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_facts_report",
                table: "contact_facts",
                columns: new[] { "received_date", "channel", "jour_mode", "cases" });

            migrationBuilder.CreateIndex(
                name: "ix_deviation_facts_report",
                table: "deviation_facts",
                columns: new[] { "occurred_date", "category" });

            migrationBuilder.CreateIndex(
                name: "ix_lookup_facts_report",
                table: "lookup_facts",
                columns: new[] { "date", "municipality_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending",
                table: "outbox_messages",
                columns: new[] { "processed_at", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_response_facts_due",
                table: "response_facts",
                column: "due_date");

            migrationBuilder.CreateIndex(
                name: "IX_time_facts_message_id",
                table: "time_facts",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_time_facts_report",
                table: "time_facts",
                columns: new[] { "date", "municipality_code", "jour_mode", "minutes" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_facts");

            migrationBuilder.DropTable(
                name: "commission_facts");

            migrationBuilder.DropTable(
                name: "contact_facts");

            migrationBuilder.DropTable(
                name: "deviation_facts");

            migrationBuilder.DropTable(
                name: "lookup_facts");

            migrationBuilder.DropTable(
                name: "outbox_deliveries");

            migrationBuilder.DropTable(
                name: "response_facts");

            migrationBuilder.DropTable(
                name: "time_facts");

            migrationBuilder.DropTable(
                name: "outbox_messages");
        }
    }
}
