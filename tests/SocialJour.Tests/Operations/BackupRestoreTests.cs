using Autofac;
using Npgsql;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;

namespace SocialJour.Tests.Operations;

/// <summary>
/// <c>socialjour backup</c> and <c>socialjour restore</c> end to end, as separate processes (ADR 0029): back up, change, restore,
/// the data is back and the logs verify; a head published after the backup makes the restore say that entries were lost.
/// </summary>
public sealed class BackupRestoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_SQLite_backup_taken_while_the_data_is_in_use_restores_every_module_and_the_logs_verify()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var data = dir.File("data");
        var database = new DatabaseOptions(DatabaseProvider.Sqlite, data, null);
        using (var core = CoreHarness.Build(config, database, withModules: true, transparency: Transparency(data)))
        {
            await LookUps(core, 3);

            // Online: the backup runs while this process holds the databases open.
            var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli, ["backup", "--data", data, "--out", dir.File("backup")], TestPaths.RepoRoot);
            Assert.True(code == 0, output);
            Assert.Contains("core.db", output, StringComparison.Ordinal);
            Assert.Contains("intake.db", output, StringComparison.Ordinal);
            Assert.Contains("operations.db", output, StringComparison.Ordinal);

            await LookUps(core, 2); // changes after the backup
            Assert.Equal(5, await Size(core));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // this process's pooled connections still hold the files the restore replaces
        var (restored, restoreOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["restore", "--data", data, "--from", dir.File("backup")], TestPaths.RepoRoot);
        var (verified, verifyOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["audit-verify", "--data", data], TestPaths.RepoRoot);

        Assert.True(restored == 0, restoreOutput);
        Assert.Contains("Återställt", restoreOutput, StringComparison.Ordinal);
        Assert.True(verified == 0, verifyOutput);
        Assert.Contains("Åtkomstloggen är obruten (3 poster", verifyOutput, StringComparison.Ordinal);
        using (var core = CoreHarness.Build(config, database, withModules: true, transparency: Transparency(data)))
        {
            Assert.Equal(3, await Size(core));
        }

        // The files replaced are kept aside, not deleted.
        Assert.Single(Directory.GetDirectories(data, "fore-aterstallning-*"));
    }

    [Fact]
    public async Task Restoring_a_backup_older_than_a_published_tree_head_names_the_lost_entries_and_exits_1()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var data = dir.File("data");
        var database = new DatabaseOptions(DatabaseProvider.Sqlite, data, null);
        using (var core = CoreHarness.Build(config, database, transparency: Transparency(data)))
        {
            await LookUps(core, 2);
            Assert.Equal(0, (await CommandLineTests.Run(CommandLineTests.Cli, ["backup", "--data", data, "--out", dir.File("backup")], TestPaths.RepoRoot)).Code);
            await LookUps(core, 2);
            await core.Resolve<ITransparencyLog>().PublishAsync(CancellationToken.None); // the municipalities now hold a head over 4 entries
        }

        var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli, ["restore", "--data", data, "--from", dir.File("backup")], TestPaths.RepoRoot);

        Assert.Equal(1, code);
        Assert.Contains("loggen har 2 poster men", output, StringComparison.Ordinal);
        Assert.Contains("omfattar 4: poster har tagits bort", output, StringComparison.Ordinal);
        Assert.Contains("underrätta kommunerna", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_backup_file_is_refused_before_anything_is_restored()
    {
        using var dir = new TempDir();
        var data = dir.File("data");
        using (var core = CoreHarness.Build(DemoConfig.CopyTo(dir), new DatabaseOptions(DatabaseProvider.Sqlite, data, null)))
        {
            await LookUps(core, 1);
        }

        Assert.Equal(0, (await CommandLineTests.Run(CommandLineTests.Cli, ["backup", "--data", data, "--out", dir.File("backup")], TestPaths.RepoRoot)).Code);
        await File.AppendAllTextAsync(Path.Combine(dir.File("backup"), "core.db"), "x");
        var before = await File.ReadAllBytesAsync(Path.Combine(data, "core.db"));

        var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli, ["restore", "--data", data, "--from", dir.File("backup")], TestPaths.RepoRoot);

        Assert.Equal(1, code);
        Assert.Contains("core.db", output, StringComparison.Ordinal);
        Assert.Contains("inget har återställts", output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(data, "core.db")));
    }

    [Fact]
    public async Task A_restore_is_refused_while_a_host_still_runs_on_the_data()
    {
        using var dir = new TempDir();
        var data = dir.File("data");
        using var core = CoreHarness.Build(DemoConfig.CopyTo(dir), new DatabaseOptions(DatabaseProvider.Sqlite, data, null));
        await LookUps(core, 1);
        Assert.Equal(0, (await CommandLineTests.Run(CommandLineTests.Cli, ["backup", "--data", data, "--out", dir.File("backup")], TestPaths.RepoRoot)).Code);
        await core.Resolve<SocialJour.Core.Operations.IHostHeartbeats>().BeatAsync(new("jour-vard-1", new string('a', 64), "1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), CancellationToken.None);

        var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli, ["restore", "--data", data, "--from", dir.File("backup")], TestPaths.RepoRoot);

        Assert.Equal(2, code);
        Assert.Contains("jour-vard-1", output, StringComparison.Ordinal);
        Assert.Contains("Stoppa alla värdar först", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(data, "fore-aterstallning-*"));
    }

    [Fact]
    public async Task A_PostgreSQL_backup_with_pg_dump_restores_the_database_and_the_logs_verify()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var database = new DatabaseOptions(DatabaseProvider.PostgreSql, "", postgres.ConnectionString);
        var environment = new Dictionary<string, string> { ["SocialJour__Database__ConnectionString"] = postgres.ConnectionString };
        long before;
        using (var core = CoreHarness.Build(config, database, withModules: true, transparency: Transparency(null)))
        {
            await LookUps(core, 3);
            before = await Size(core);
        }

        var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli, ["backup", "--provider", "PostgreSQL", "--out", dir.File("backup")], TestPaths.RepoRoot, environment);
        Assert.True(code == 0, output);
        Assert.DoesNotContain("Password", await File.ReadAllTextAsync(Path.Combine(dir.File("backup"), "socialjour-backup.json")), StringComparison.OrdinalIgnoreCase);
        using (var core = CoreHarness.Build(config, database, withModules: true, transparency: Transparency(null)))
        {
            await LookUps(core, 2);
        }

        NpgsqlConnection.ClearAllPools();
        var (restored, restoreOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["restore", "--provider", "PostgreSQL", "--from", dir.File("backup")], TestPaths.RepoRoot, environment);
        var (verified, verifyOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["audit-verify", "--provider", "PostgreSQL"], TestPaths.RepoRoot, environment);

        Assert.True(restored == 0, restoreOutput);
        Assert.True(verified == 0, verifyOutput);
        Assert.Contains($"Åtkomstloggen är obruten ({before} poster", verifyOutput, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM core.access_log", connection);
        Assert.Equal(before, (long)(await count.ExecuteScalarAsync())!);
    }

    private static TransparencyOptions Transparency(string? data) =>
        new(File.ReadAllText(TestPaths.DemoSigningKey), data is null ? null : Path.Combine(data, "published"));

    private static async Task LookUps(IContainer core, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await core.Resolve<IAccessLog>().AppendAsync(new AccessDraft(AccessKind.Lookup, "anna", "201003152384", "J-2026-0001", "Skyddsbedömning", null,
                Guid.NewGuid().ToString("N"), [new("0191", SourceStatus.Found)]));
        }
    }

    private static Task<long> Size(IContainer core) => core.Resolve<ITransparencyLog>().SizeAsync(TransparencyLogs.Access, CancellationToken.None);
}
