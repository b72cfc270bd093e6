using Autofac;
using Npgsql;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Feed;
using static SocialJour.Tests.Statistics.StatisticsTestBed;

namespace SocialJour.Tests;

/// <summary>
/// socialjour against PostgreSQL (a throwaway cluster), with the database settings the host reads from its environment:
/// an empty database is refused and left empty, migrate creates the schemas, then audit-verify and statistics read them.
/// </summary>
public sealed class CommandLinePostgresTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Migrate_verify_and_statistics_work_on_PostgreSQL_and_an_empty_database_is_refused()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var flags = new[] { "--config", config, "--plugins", TestPaths.Plugins };
        // As the host's systemd environment file sets them: the CLI reads the same variables.
        var environment = new Dictionary<string, string>
        {
            ["SocialJour__Database__Provider"] = "PostgreSQL",
            ["SocialJour__Database__ConnectionString"] = postgres.ConnectionString,
        };

        var (empty, emptyOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["audit-verify", .. flags], TestPaths.RepoRoot, environment);
        Assert.Equal(2, empty);
        Assert.Contains("PostgreSQL-databasen socialjour på 127.0.0.1 har inga SocialJour-data för modulen core", emptyOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("obruten", emptyOutput, StringComparison.Ordinal);
        Assert.False(await ExistsAsync("core.__migrations")); // nothing was created or migrated

        var (migrated, migrateOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["migrate", .. flags], TestPaths.RepoRoot, environment);
        Assert.True(migrated == 0, migrateOutput);
        Assert.Matches(@"statistics: körde \d+ migrering\(ar\):", migrateOutput);

        var database = new DatabaseOptions(DatabaseProvider.PostgreSql, "", postgres.ConnectionString);
        using (var c = CoreHarness.Build(config, database, withModules: true, time: new FixedTime(new DateTimeOffset(2022, 1, 20, 9, 0, 0, TimeSpan.FromHours(1)))))
        {
            var log = c.Resolve<SocialJour.Core.Lookup.IAccessLog>();
            for (var i = 0; i < 3; i++)
            {
                await log.AppendAsync(new(SocialJour.Core.Lookup.AccessKind.EmergencyLookup, "anna", "201003152384", null, "Nödöppning", "Akut prov " + i, "x" + i, [new("0191", SocialJour.Adapters.Contract.SourceStatus.Found)]));
            }

            var items = Contact(1, ContactChannel.SosAlarm, Local(2021, 3, 5, 22), "Standby", ("0191", CaseCategory.DomesticViolence, false), ("0123", CaseCategory.ChildrenAndYouth, true))
                .Select((e, i) => new FeedItem($"pg-cli-{i}", e)).ToList();
            await c.Resolve<StatisticsProjection>().ApplyAsync(items, CancellationToken.None);
        }

        var (verified, verifyOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["audit-verify", .. flags], TestPaths.RepoRoot, environment);
        Assert.True(verified == 0, verifyOutput);
        Assert.Contains("Åtkomstloggen är obruten (3 poster, rot ", verifyOutput, StringComparison.Ordinal);

        var (statistics, statisticsOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["statistics", "--from", "2021-01-01", "--to", "2021-12-10", "--compare", "0", .. flags], TestPaths.RepoRoot, environment);
        Assert.True(statistics == 0, statisticsOutput);
        Assert.Contains(statisticsOutput.Split('\n'), l => System.Text.RegularExpressions.Regex.IsMatch(l.TrimEnd(), @"^Ärenden\s+2$"));

        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var edit = new NpgsqlCommand("UPDATE core.access_log SET \"Purpose\" = 'Ändrat i efterhand' WHERE \"Sequence\" = 2", connection);
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        // The flag instead of the environment variable gives the same database.
        var (broken, brokenOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["audit-verify", "--provider", "PostgreSQL", .. flags], TestPaths.RepoRoot,
            new Dictionary<string, string> { ["SocialJour__Database__ConnectionString"] = postgres.ConnectionString });
        Assert.Equal(1, broken);
        Assert.Contains("BROTT I ÅTKOMSTLOGGEN: post 2 har ändrats efter att den skrevs", brokenOutput, StringComparison.Ordinal);
    }

    private async Task<bool> ExistsAsync(string table)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT to_regclass(@t) IS NOT NULL", connection);
        cmd.Parameters.AddWithValue("t", table);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }
}
