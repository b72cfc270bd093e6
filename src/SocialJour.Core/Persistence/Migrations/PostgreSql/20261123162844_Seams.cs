using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Core.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class Seams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SourceKey",
                schema: "core",
                table: "audit_entries",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "jour_case_persons",
                schema: "core",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    PersonId = table.Column<string>(type: "text", nullable: false),
                    Relation = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jour_case_persons", x => new { x.CaseId, x.PersonId });
                });

            migrationBuilder.CreateTable(
                name: "jour_cases",
                schema: "core",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    PersonId = table.Column<string>(type: "text", nullable: true),
                    PersonLabel = table.Column<string>(type: "text", nullable: false),
                    MunicipalityCode = table.Column<string>(type: "text", nullable: false),
                    Category = table.Column<string>(type: "text", nullable: false),
                    OpenedAt = table.Column<long>(type: "bigint", nullable: false),
                    ClosedAt = table.Column<long>(type: "bigint", nullable: true),
                    ConcernsChild = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jour_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "core",
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
                schema: "core",
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
                        principalSchema: "core",
                        principalTable: "outbox_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_SourceKey",
                schema: "core",
                table: "audit_entries",
                column: "SourceKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_jour_cases_PersonId",
                schema: "core",
                table: "jour_cases",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending",
                schema: "core",
                table: "outbox_messages",
                columns: new[] { "processed_at", "next_attempt_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jour_case_persons",
                schema: "core");

            migrationBuilder.DropTable(
                name: "jour_cases",
                schema: "core");

            migrationBuilder.DropTable(
                name: "outbox_deliveries",
                schema: "core");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "core");

            migrationBuilder.DropIndex(
                name: "IX_audit_entries_SourceKey",
                schema: "core",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "SourceKey",
                schema: "core",
                table: "audit_entries");
        }
    }
}
