using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SocialJour.Modules.Statistics.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class StatisticsFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "statistics");

            migrationBuilder.CreateTable(
                name: "case_facts",
                schema: "statistics",
                columns: table => new
                {
                    case_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    contact_id = table.Column<long>(type: "bigint", nullable: false),
                    municipality_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    concerns_child = table.Column<bool>(type: "boolean", nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    jour_mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    referred = table.Column<bool>(type: "boolean", nullable: false),
                    received_at = table.Column<long>(type: "bigint", nullable: false),
                    received_date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_facts", x => x.case_id);
                });

            migrationBuilder.CreateTable(
                name: "commission_facts",
                schema: "statistics",
                columns: table => new
                {
                    commission_id = table.Column<long>(type: "bigint", nullable: false),
                    municipality_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ordered_at = table.Column<long>(type: "bigint", nullable: true),
                    ordered_date = table.Column<DateOnly>(type: "date", nullable: true),
                    done_at = table.Column<long>(type: "bigint", nullable: true),
                    minutes = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commission_facts", x => x.commission_id);
                });

            migrationBuilder.CreateTable(
                name: "contact_facts",
                schema: "statistics",
                columns: table => new
                {
                    contact_id = table.Column<long>(type: "bigint", nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    jour_mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    cases = table.Column<int>(type: "integer", nullable: false),
                    received_at = table.Column<long>(type: "bigint", nullable: false),
                    received_date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contact_facts", x => x.contact_id);
                });

            migrationBuilder.CreateTable(
                name: "deviation_facts",
                schema: "statistics",
                columns: table => new
                {
                    deviation_id = table.Column<long>(type: "bigint", nullable: false),
                    category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    municipality_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    occurred_at = table.Column<long>(type: "bigint", nullable: false),
                    occurred_date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deviation_facts", x => x.deviation_id);
                });

            migrationBuilder.CreateTable(
                name: "lookup_facts",
                schema: "statistics",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    municipality_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lookup_facts", x => new { x.sequence, x.municipality_code });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "statistics",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    event_type = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    payload = table.Column<string>(type: "text", nullable: true),
                    audit_actor = table.Column<string>(type: "text", nullable: true),
                    audit_action = table.Column<string>(type: "text", nullable: true),
                    audit_subject = table.Column<string>(type: "text", nullable: true),
                    audit_details = table.Column<string>(type: "text", nullable: true),
                    occurred_at = table.Column<long>(type: "bigint", nullable: false),
                    claim_holder = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    claimed_until = table.Column<long>(type: "bigint", nullable: true),
                    processed_at = table.Column<long>(type: "bigint", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<long>(type: "bigint", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "response_facts",
                schema: "statistics",
                columns: table => new
                {
                    case_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    municipality_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    due_at = table.Column<long>(type: "bigint", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    done_at = table.Column<long>(type: "bigint", nullable: true),
                    missed_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_response_facts", x => new { x.case_id, x.kind });
                });

            migrationBuilder.CreateTable(
                name: "time_facts",
                schema: "statistics",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    message_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    case_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    municipality_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    jour_mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_time_facts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_deliveries",
                schema: "statistics",
                columns: table => new
                {
                    message_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subscriber = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    delivered_at = table.Column<long>(type: "bigint", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<long>(type: "bigint", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_deliveries", x => new { x.message_id, x.subscriber });
                    table.ForeignKey(
                        name: "FK_outbox_deliveries_outbox_messages_message_id",
                        column: x => x.message_id,
                        principalSchema: "statistics",
                        principalTable: "outbox_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_case_facts_report",
                schema: "statistics",
                table: "case_facts",
                columns: new[] { "received_date", "municipality_code", "category", "concerns_child", "channel", "jour_mode", "contact_id" });

            migrationBuilder.CreateIndex(
                name: "ix_commission_facts_report",
                schema: "statistics",
                table: "commission_facts",
                columns: new[] { "ordered_date", "municipality_code", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_facts_report",
                schema: "statistics",
                table: "contact_facts",
                columns: new[] { "received_date", "channel", "jour_mode", "cases" });

            migrationBuilder.CreateIndex(
                name: "ix_deviation_facts_report",
                schema: "statistics",
                table: "deviation_facts",
                columns: new[] { "occurred_date", "category" });

            migrationBuilder.CreateIndex(
                name: "ix_lookup_facts_report",
                schema: "statistics",
                table: "lookup_facts",
                columns: new[] { "date", "municipality_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending",
                schema: "statistics",
                table: "outbox_messages",
                columns: new[] { "processed_at", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_response_facts_due",
                schema: "statistics",
                table: "response_facts",
                column: "due_date");

            migrationBuilder.CreateIndex(
                name: "IX_time_facts_message_id",
                schema: "statistics",
                table: "time_facts",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_time_facts_report",
                schema: "statistics",
                table: "time_facts",
                columns: new[] { "date", "municipality_code", "jour_mode", "minutes" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_facts",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "commission_facts",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "contact_facts",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "deviation_facts",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "lookup_facts",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "outbox_deliveries",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "response_facts",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "time_facts",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "statistics");
        }
    }
}
