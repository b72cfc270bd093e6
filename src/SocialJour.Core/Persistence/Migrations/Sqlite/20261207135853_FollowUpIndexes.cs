using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal sealed partial class FollowUpIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Action_Subject",
                table: "audit_entries",
                columns: new[] { "Action", "Subject" });

            migrationBuilder.CreateIndex(
                name: "IX_access_log_Kind_Sequence",
                table: "access_log",
                columns: new[] { "Kind", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_entries_Action_Subject",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "IX_access_log_Kind_Sequence",
                table: "access_log");
        }
    }
}
