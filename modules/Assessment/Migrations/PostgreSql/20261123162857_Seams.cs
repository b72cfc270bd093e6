using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Modules.Assessment.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class Seams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "assessment",
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
                name: "outbox_deliveries",
                schema: "assessment",
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
                        principalSchema: "assessment",
                        principalTable: "outbox_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending",
                schema: "assessment",
                table: "outbox_messages",
                columns: new[] { "processed_at", "next_attempt_at" });

            // Protection assessments documented before the outbox existed: publish them once, so that intake learns the fact its
            // child-case close rule reads (ADR 0022). Same JSON as the event's serializer (web defaults: camelCase, enum as number).
            migrationBuilder.Sql(
                "INSERT INTO assessment.outbox_messages (id, event_type, payload, occurred_at, attempts, next_attempt_at) " +
                "SELECT md5(random()::text || \"Id\"::text), 'SocialJour.Modules.Assessment.Contracts.ProtectionAssessmentDocumented', " +
                "json_build_object('assessmentId', \"Id\", 'caseId', \"CaseId\", 'outcome', CASE \"Outcome\" WHEN 'NoImmediateNeed' THEN 1 ELSE 0 END, " +
                "'at', to_char(to_timestamp(\"AssessedAt\" / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))::text, \"AssessedAt\", 0, \"AssessedAt\" " +
                "FROM assessment.protection_assessments");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox_deliveries",
                schema: "assessment");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "assessment");
        }
    }
}
