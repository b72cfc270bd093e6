using Autofac;
using Microsoft.Data.Sqlite;
using SocialJour.Core.Audit;

namespace SocialJour.Tests;

public sealed class AuditLogTests
{
    private static async Task<(IContainer, TempDir)> WithEntries(int count)
    {
        var dir = new TempDir();
        var container = CoreHarness.Build(DemoConfig.CopyTo(dir), dir.File("data"));
        var log = container.Resolve<IAuditLog>();
        for (var i = 0; i < count; i++)
        {
            await log.AppendAsync("anna", "lookup", $"J-2026-{i:0000}", "{\"0191\":\"Found\"}");
        }

        return (container, dir);
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
        var (container, dir) = await WithEntries(5);
        using var _ = container;
        using var __ = dir;

        var result = await container.Resolve<IAuditLog>().VerifyAsync();

        Assert.True(result.Intact);
        Assert.Equal(5, result.EntriesChecked);
    }

    [Fact]
    public async Task An_edited_entry_is_detected_at_its_sequence()
    {
        var (container, dir) = await WithEntries(5);
        using var _ = container;
        using var __ = dir;

        Sql(dir, "UPDATE audit_entries SET Actor = 'someone-else' WHERE Sequence = 3");
        var result = await container.Resolve<IAuditLog>().VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task A_deleted_entry_is_detected()
    {
        var (container, dir) = await WithEntries(5);
        using var _ = container;
        using var __ = dir;

        Sql(dir, "DELETE FROM audit_entries WHERE Sequence = 2");
        var result = await container.Resolve<IAuditLog>().VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task A_rewritten_entry_with_a_recomputed_own_hash_still_breaks_the_next_link()
    {
        var (container, dir) = await WithEntries(4);
        using var _ = container;
        using var __ = dir;

        Sql(dir, "UPDATE audit_entries SET Hash = 'ffff' || substr(Hash, 5) WHERE Sequence = 2");
        var result = await container.Resolve<IAuditLog>().VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Concurrent_appends_keep_one_unbroken_chain()
    {
        var (container, dir) = await WithEntries(0);
        using var _ = container;
        using var __ = dir;
        var log = container.Resolve<IAuditLog>();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => log.AppendAsync("u" + i, "lookup", "", "")));

        var result = await log.VerifyAsync();
        Assert.True(result.Intact);
        Assert.Equal(40, result.EntriesChecked);
    }
}
