using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SocialJour.Modules.Statistics.Facts;

#nullable disable

namespace SocialJour.Modules.Statistics.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class StatisticsRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "month_counts",
                schema: "statistics",
                columns: table => new
                {
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    measure = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    municipality_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    item = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_month_counts", x => new { x.month, x.measure, x.municipality_code, x.item });
                });

            migrationBuilder.CreateTable(
                name: "year_counts",
                schema: "statistics",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    measure = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    municipality_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    item = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_year_counts", x => new { x.year, x.measure, x.municipality_code, x.item });
                });

            migrationBuilder.CreateIndex(
                name: "ix_month_counts_municipality",
                schema: "statistics",
                table: "month_counts",
                columns: new[] { "municipality_code", "month" });

            // Facts already stored (an upgraded database) are rolled up once here; from now on the projection keeps them.
            foreach (var statement in MonthRollup.RebuildStatements(postgres: true))
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "month_counts",
                schema: "statistics");

            migrationBuilder.DropTable(
                name: "year_counts",
                schema: "statistics");
        }
    }
}
