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
    private readonly string _config;
    private readonly List<IContainer> _containers = [];
    private IContainer _core;

    public AccessLogRetentionTests()
    {
        _config = DemoConfig.CopyTo(_dir);
        _core = Core(new AccessLogRetentionOptions(5, _dir.File("archive")));
    }

    public void Dispose()
    {
        _containers.ForEach(c => c.Dispose());
        _dir.Dispose();
    }

    /// <summary>The core on this test's data, with the given retention rule in force (as a host reads it from its settings).</summary>
    private IContainer Core(AccessLogRetentionOptions rule)
    {
        var core = CoreHarness.Build(_config, new DatabaseOptions(DatabaseProvider.Sqlite, _dir.File("data"), null), time: _time,
            transparency: new TransparencyOptions(File.ReadAllText(TestPaths.DemoSigningKey), _dir.File("published")),
            configure: b => b.RegisterInstance(rule));
        _containers.Add(core);
        return core;
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
        var remaining = await _core.Resolve<IAccessLog>().ForPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
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

        // The boundary is signed into the head published after the deletion: the municipalities see it move (issue 23 3a).
        var after = SignedTreeHead.Parse(File.ReadAllText(Path.Combine(_dir.File("published"), "0191", "access-tree-head.json")), out _)!;
        Assert.Equal((5L, 3L), (after.TreeSize, after.RedactedUpTo));
        Assert.Equal(0L, held.RedactedUpTo);

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
        Assert.Equal(2, (await _core.Resolve<IAccessLog>().ForPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count);

        _time.Now = at.AddYears(3).AddMinutes(1);
        Assert.Equal(2, (await Retention.ApplyAsync(3, Archive, "system:gallring", CancellationToken.None)).Plan.Count);
        Assert.Empty(await _core.Resolve<IAccessLog>().ForPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
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

    /// <summary>
    /// Issue 23 3a, the attack as it was run: with write access to core.db, one forged retention record in the audit log
    /// (appended the way the jour appends, so the audit log itself stays intact) and entries blanked the way retention
    /// blanks them, leaf hashes kept. The entries are minutes old. Before, every verification passed and the follow-up lost
    /// the entries; now the API/nightly verification, the access log's own check, the next signed head and the CLI with a
    /// municipality's held head all refuse, naming the record.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_forged_retention_record_with_entries_blanked_like_retention_does_not_verify(bool retentionConfigured)
    {
        if (!retentionConfigured)
        {
            _core = Core(AccessLogRetentionOptions.Off);
        }

        await LookUps(Maja, Ebba, Maja, Ebba);
        await _core.Resolve<ITransparencyLog>().PublishAsync(CancellationToken.None);
        var held = Path.Combine(_dir.File("published"), "0191", "access-tree-heads.jsonl");
        _time.Now = _time.Now.AddMinutes(5);

        await _core.Resolve<IAuditLog>().AppendAsync("system:gallring", "access-log.retention", "1-3",
            "Gallrade 3 poster i åtkomstloggen äldre än 2015-01-10 22:00:00 UTC (5 år). Arkiv access-log-0000000001-0000000003.json sha256 " + new string('a', 64) + ".");
        await _core.Resolve<ITransparencyLog>().PublishAsync(CancellationToken.None); // the hourly publication covers the forged record
        Execute("UPDATE access_log SET Kind = 'Redacted', UserId = '', PersonId = '', JourCaseId = NULL, Purpose = '', Reason = NULL, LookupId = '', Sources = '', Salt = '' WHERE Sequence <= 3");

        var checks = await _core.Resolve<IChainVerifier>().VerifyAllAsync(CancellationToken.None);
        Assert.True(checks.Single(c => c.Chain == TransparencyLogs.Audit).Intact);
        var access = checks.Single(c => c.Chain == TransparencyLogs.Access);
        Assert.False(access.Intact);
        Assert.Contains(retentionConfigured ? "arkivet access-log-0000000001-0000000003.json finns inte"
            : "händelseloggen har 1 gallringsposter för åtkomstloggen men ingen gallringsregel är konfigurerad", access.Problem, StringComparison.Ordinal);
        Assert.False((await _core.Resolve<IAccessLog>().VerifyAsync()).Intact);

        var refused = await Assert.ThrowsAsync<TransparencyException>(() => _core.Resolve<ITransparencyLog>().SignHeadAsync(TransparencyLogs.Access, CancellationToken.None));
        Assert.Contains("Inget nytt trädhuvud signeras", refused.Message, StringComparison.Ordinal);

        // The municipality's own check, with the head it holds: exit 1 naming the break.
        var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli,
            ["audit-verify", "--config", _config, "--plugins", TestPaths.Plugins, "--data", _dir.File("data"), "--key", TestPaths.DemoSigningKey,
                "--published", _dir.File("published"), "--head", held, .. retentionConfigured ? new[] { "--years", "5", "--archive", _dir.File("archive") } : []],
            TestPaths.RepoRoot);
        Assert.Equal(1, code);
        Assert.Contains("BROTT I ÅTKOMSTLOGGEN", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deletion_holds_only_with_its_archive_unchanged_in_the_configured_folder()
    {
        await LookUps(Maja, Ebba, Maja);
        _time.Now = _time.Now.AddYears(6);
        await LookUps(Ebba);
        var result = await Retention.ApplyAsync(5, Archive, "system:gallring", CancellationToken.None);
        Assert.True((await _core.Resolve<IAccessLog>().VerifyAsync()).Intact);

        var path = result.ArchivePath!;
        var original = File.ReadAllBytes(path);
        File.Move(path, path + ".moved");
        var missing = (await _core.Resolve<IChainVerifier>().VerifyAllAsync(CancellationToken.None)).Single(c => c.Chain == TransparencyLogs.Access);
        Assert.False(missing.Intact);
        Assert.Contains($"arkivet {Path.GetFileName(path)} finns inte", missing.Problem, StringComparison.Ordinal);

        // An archive rewritten by someone (here: one entry's person changed) no longer has the recorded SHA-256.
        File.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(original).Replace(Maja, Ebba, StringComparison.Ordinal)));
        var changed = (await _core.Resolve<IChainVerifier>().VerifyAllAsync(CancellationToken.None)).Single(c => c.Chain == TransparencyLogs.Access);
        Assert.False(changed.Intact);
        Assert.Contains("har inte den sha256 som gallringen angav", changed.Problem, StringComparison.Ordinal);

        File.WriteAllBytes(path, original);
        Assert.True((await _core.Resolve<IChainVerifier>().VerifyAllAsync(CancellationToken.None)).Single(c => c.Chain == TransparencyLogs.Access).Intact);
    }

    [Fact]
    public async Task A_deletion_is_checked_against_the_retention_period_in_force_at_the_time_it_was_published()
    {
        await LookUps(Maja, Ebba); // 2020-01-10
        _time.Now = _time.Now.AddYears(6);
        await LookUps(Ebba);
        Assert.Equal(2, (await Retention.ApplyAsync(5, Archive, "system:gallring", CancellationToken.None)).Plan.Count);

        // A host whose rule says ten years cannot accept entries deleted at six: they were not past the period in force.
        var stricter = Core(new AccessLogRetentionOptions(10, Archive));
        var access = (await stricter.Resolve<IChainVerifier>().VerifyAllAsync(CancellationToken.None)).Single(c => c.Chain == TransparencyLogs.Access);
        Assert.False(access.Intact);
        Assert.Contains("post 1 skrevs 2020-01-10 22:00 UTC och var inte äldre än gallringstiden (10 år)", access.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_head_signed_before_the_boundary_existed_still_verifies_and_a_changed_boundary_does_not()
    {
        using var key = TreeHeadKey.FromPem(File.ReadAllText(TestPaths.DemoSigningKey));
        var v2 = key.Sign(TransparencyLogs.Access, 10, new byte[32], _time.Now, redactedUpTo: 4);
        Assert.Null(key.Check(v2));
        Assert.NotNull(key.Check(v2 with { RedactedUpTo = 7 }));
        Assert.NotNull(key.Check(v2 with { RedactedUpTo = null }));
        Assert.Contains("\"redactedUpTo\":4", v2.ToJson(), StringComparison.Ordinal);

        // A v1 head (no boundary in JSON or signature), as signed before issue 23 3a, with the same key.
        using var ecdsa = System.Security.Cryptography.ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(TestPaths.DemoSigningKey));
        var unsigned = new SignedTreeHead(TransparencyLogs.Access, 10, new string('0', 64), _time.Now.ToUnixTimeMilliseconds(), key.KeyId, "");
        var v1 = unsigned with { Signature = Convert.ToBase64String(ecdsa.SignData(unsigned.SignedBytes(), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence)) };
        Assert.DoesNotContain("redactedUpTo", v1.ToJson(), StringComparison.Ordinal);
        Assert.Null(key.Check(SignedTreeHead.Parse(v1.ToJson(), out _)!));
        Assert.Contains(SignedTreeHead.TagV1, System.Text.Encoding.Latin1.GetString(v1.SignedBytes()), StringComparison.Ordinal);
        Assert.Contains(SignedTreeHead.Tag, System.Text.Encoding.Latin1.GetString(v2.SignedBytes()), StringComparison.Ordinal);
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
