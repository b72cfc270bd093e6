using Autofac;
using Microsoft.Data.Sqlite;
using SocialJour.Adapters.Contract;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Core.Operations;
using SocialJour.Core.Persistence;

namespace SocialJour.Tests.Operations;

/// <summary>
/// Access-log retention (ADR 0029) at chosen instants: entries older than the configured years are archived with a proof
/// and their content deleted, the deletion is in the audit log, and the log still verifies against every head the
/// municipalities hold; nothing younger is touched, and content deleted any other way is reported.
/// </summary>
public sealed class AccessLogRetentionTests : IDisposable
{
    private const string Maja = "201003152384";
    private const string Ebba = "201107222380";
    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(new DateTimeOffset(2020, 1, 10, 22, 0, 0, TimeSpan.Zero));
    private readonly IContainer _core;

    public AccessLogRetentionTests()
    {
        _core = CoreHarness.Build(DemoConfig.CopyTo(_dir), new DatabaseOptions(DatabaseProvider.Sqlite, _dir.File("data"), null), time: _time,
            transparency: new TransparencyOptions(File.ReadAllText(TestPaths.DemoSigningKey), _dir.File("published")));
    }

    public void Dispose()
    {
        _core.Dispose();
        _dir.Dispose();
    }

    private IAccessLogRetention Retention => _core.Resolve<IAccessLogRetention>();

    private string Archive => _dir.File("archive");

    [Fact]
    public async Task Entries_past_five_years_are_archived_with_a_proof_and_deleted_and_the_log_still_matches_the_heads_the_municipalities_hold()
    {
        await LookUps(Maja, Ebba, Maja); // 2020-01-10
        _time.Now = new DateTimeOffset(2022, 6, 1, 21, 0, 0, TimeSpan.Zero);
        await LookUps(Ebba, Maja);
        await _core.Resolve<ITransparencyLog>().PublishAsync(CancellationToken.None);
        var held = SignedTreeHead.Parse(File.ReadAllText(Path.Combine(_dir.File("published"), "0191", "access-tree-head.json")), out _)!;

        _time.Now = new DateTimeOffset(2025, 3, 1, 3, 0, 0, TimeSpan.Zero);
        var result = await Retention.ApplyAsync(5, Archive, "system:gallring", CancellationToken.None);

        Assert.Equal((1L, 3L, 3L), (result.Plan.First, result.Plan.Last, result.Plan.Count));
        var remaining = await _core.Resolve<IAccessLog>().ForPeriodAsync(null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal([4L, 5L], remaining.Select(r => r.Sequence));
        Assert.Empty(Rows("SELECT PersonId FROM access_log WHERE Sequence <= 3 AND PersonId <> ''"));

        // The archive holds the deleted entries in full and proves them against a signed head, with nothing but the public key.
        var archive = AccessLogArchive.Read(result.ArchivePath!);
        using (var key = TreeHeadKey.FromPem(File.ReadAllText(TestPaths.DemoSigningKey)))
        {
            Assert.Null(archive.Verify(key));
            Assert.Equal([Maja, Ebba, Maja], archive.Entries.Select(e => e.PersonId));
            Assert.Equal("Found", archive.Entries[0].Sources.Single(s => s.MunicipalityCode == "0191").Status);

            // A changed archive no longer holds.
            var forged = archive with { Entries = [archive.Entries[0] with { PersonId = Ebba }, .. archive.Entries.Skip(1)] };
            Assert.Contains("post 1", forged.Verify(key), StringComparison.Ordinal);
        }

        // The deletion is recorded, and the log verifies against the head published before it (the tree is unchanged).
        var recorded = (await _core.Resolve<IAuditLog>().RecentAsync(5)).Single(a => a.Action == "access-log.retention");
        Assert.Equal(("system:gallring", "1-3"), (recorded.Actor, recorded.Subject));
        Assert.Contains(result.ArchiveSha256!, recorded.Details, StringComparison.Ordinal);
        Assert.All(await _core.Resolve<IChainVerifier>().VerifyAllAsync([held], CancellationToken.None), c => Assert.True(c.Intact, c.Problem));
        var gone = await Assert.ThrowsAsync<TransparencyException>(() => _core.Resolve<ITransparencyLog>().AccessEntryAsync(2, "0191", CancellationToken.None));
        Assert.Contains("gallrad", gone.Message, StringComparison.Ordinal);

        // The log goes on: new entries, a new head over the whole log, and a second run deletes nothing younger than the rule.
        await LookUps(Ebba);
        await _core.Resolve<ITransparencyLog>().SignHeadAsync(TransparencyLogs.Access, CancellationToken.None);
        Assert.Equal(0, (await Retention.ApplyAsync(5, Archive, "system:gallring", CancellationToken.None)).Plan.Count);
        Assert.All(await _core.Resolve<IChainVerifier>().VerifyAllAsync([held], CancellationToken.None), c => Assert.True(c.Intact, c.Problem));
    }

    [Fact]
    public async Task Nothing_is_deleted_a_minute_before_the_retention_period_is_over()
    {
        var at = new DateTimeOffset(2020, 1, 10, 22, 0, 0, TimeSpan.Zero);
        await LookUps(Maja, Ebba);

        _time.Now = at.AddYears(3).AddMinutes(-1);
        Assert.Equal(0, (await Retention.ApplyAsync(3, Archive, "system:gallring", CancellationToken.None)).Plan.Count);
        Assert.False(Directory.Exists(Archive));
        Assert.Equal(2, (await _core.Resolve<IAccessLog>().ForPeriodAsync(null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count);

        _time.Now = at.AddYears(3).AddMinutes(1);
        Assert.Equal(2, (await Retention.ApplyAsync(3, Archive, "system:gallring", CancellationToken.None)).Plan.Count);
        Assert.Empty(await _core.Resolve<IAccessLog>().ForPeriodAsync(null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task Content_deleted_outside_the_retention_rule_is_reported_as_a_changed_entry()
    {
        await LookUps(Maja, Ebba, Maja);
        _time.Now = _time.Now.AddYears(6);
        await LookUps(Ebba);
        await Retention.ApplyAsync(5, Archive, "system:gallring", CancellationToken.None); // 1-3 by the rule

        // Someone with write access blanks entry 4 the way retention does, without the rule and without a record.
        Execute("UPDATE access_log SET Kind = 'Redacted', PersonId = '', UserId = '', Sources = '', Salt = '' WHERE Sequence = 4");

        var access = (await _core.Resolve<IChainVerifier>().VerifyAllAsync(CancellationToken.None)).Single(c => c.Chain == TransparencyLogs.Access);
        Assert.False(access.Intact);
        Assert.Contains("post 4 har ändrats", access.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "arkiv", "mellan 1 och 100")]
    [InlineData("fem", "arkiv", "mellan 1 och 100")]
    [InlineData("101", "arkiv", "mellan 1 och 100")]
    [InlineData("5", null, "SocialJour:AccessLog:ArchiveDirectory krävs")]
    public void A_bad_retention_setting_is_refused_naming_the_setting(string years, string? archive, string message)
    {
        var e = Assert.Throws<ValidationException>(() => AccessLogRetentionOptions.Parse(years, archive));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("SocialJour:AccessLog:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_setting_keeps_the_log_for_ever()
    {
        Assert.Null(AccessLogRetentionOptions.Parse(null, null).Years);
    }

    private async Task LookUps(params string[] persons)
    {
        foreach (var person in persons)
        {
            await _core.Resolve<IAccessLog>().AppendAsync(new AccessDraft(AccessKind.Lookup, "anna", person, "J-2020-0001", "Skyddsbedömning", null,
                Guid.NewGuid().ToString("N"), [new("0191", SourceStatus.Found), new("0123", SourceStatus.NotFound)]));
        }
    }

    private List<string> Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir.File("data"), "core.db")};Pooling=false");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir.File("data"), "core.db")};Pooling=false");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
