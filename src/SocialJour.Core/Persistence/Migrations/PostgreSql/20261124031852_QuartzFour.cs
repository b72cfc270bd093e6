using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialJour.Core.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class QuartzFour : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Quartz 3.22.6's job-store tables to Quartz 4.7.3's, in place (ADR 0028): no EF model of them, so SQL.
            migrationBuilder.Sql(QuartzTables.UpgradeToFour);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(QuartzTables.DowngradeFromFour);
        }
    }
}
