using Autofac;
using Microsoft.Data.Sqlite;
using SocialJour.Core.Audit;

namespace SocialJour.Tests;

public sealed class AuditLogTests
{
    /// <summary>A core database whose audit chain holds <c>count</c> look-up entries.</summary>
    private sealed class Chain : IDisposable
    {
        private readonly IContainer _container;

        private Chain()
        {
            _container = CoreHarness.Build(DemoConfig.CopyTo(Dir), Dir.File("data"));
        }

        public TempDir Dir { get; } = new();

        public IAuditLog Log => _container.Resolve<IAuditLog>();

        public static async Task<Chain> With(int count)
        {
            var chain = new Chain();
            for (var i = 0; i < count; i++)
            {
                await chain.Log.AppendAsync("anna", "lookup", $"J-2026-{i:0000}", "{\"0191\":\"Found\"}");
            }

            return chain;
        }

        public void Dispose()
        {
            _container.Dispose();
            Dir.Dispose();
        }
    }

    private static void Sql(TempDir dir, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={dir.File("data")}/core.db;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public async Task An_untouched_chain_verifies()
    {
        using var chain = await Chain.With(5);

        var result = await chain.Log.VerifyAsync();

        Assert.True(result.Intact);
        Assert.Equal(5, result.EntriesChecked);
    }

    [Fact]
    public async Task An_edited_entry_is_detected_at_its_sequence()
    {
        using var chain = await Chain.With(5);

        Sql(chain.Dir, "UPDATE audit_entries SET Actor = 'someone-else' WHERE Sequence = 3");
        var result = await chain.Log.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task A_deleted_entry_is_detected()
    {
        using var chain = await Chain.With(5);

        Sql(chain.Dir, "DELETE FROM audit_entries WHERE Sequence = 2");
        var result = await chain.Log.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task A_changed_stored_leaf_hash_is_detected_at_its_entry()
    {
        using var chain = await Chain.With(4);

        Sql(chain.Dir, "UPDATE audit_entries SET LeafHash = 'ffff' || substr(LeafHash, 5) WHERE Sequence = 2");
        var result = await chain.Log.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Concurrent_appends_keep_a_gap_free_log_that_verifies()
    {
        using var chain = await Chain.With(0);
        var log = chain.Log;

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => log.AppendAsync("u" + i, "lookup", "", "")));

        var result = await log.VerifyAsync();
        Assert.True(result.Intact);
        Assert.Equal(40, result.EntriesChecked);
    }

    [Fact]
    public void A_data_file_from_an_older_version_is_refused_naming_the_module_and_the_missing_tables()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("data"));
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.File("data"), "core.db")};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE audit_entries (Sequence INTEGER PRIMARY KEY)";
            cmd.ExecuteNonQuery();
        }

        var e = Assert.Throws<SocialJour.Core.Persistence.DatabaseSchemaException>(() => CoreHarness.Build(DemoConfig.CopyTo(dir), dir.File("data")));

        Assert.Contains("Modulen core", e.Message, StringComparison.Ordinal);
        Assert.Contains("access_log", e.Message, StringComparison.Ordinal);
        Assert.Contains("äldre version", e.Message, StringComparison.Ordinal);
    }
}
