using System.Text.Json;
using Autofac;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;

namespace SocialJour.Tests.Security;

/// <summary>
/// The threat model for someone who can write <c>core.db</c> (docs/security.md, "Tamper-evident logs"). The attacker can
/// edit, delete, renumber and rehash every row and empty every table, and knows the public leaf encoding; the attacker does
/// not have the signing key, nor the heads already published to the member municipalities. Each attack below went
/// undetected with the hash chain and the <c>chain_checks</c> table of ADR 0005/0008.
/// </summary>
public sealed class TamperEvidenceAttackTests : IDisposable
{
    private const string Maja = "201003152384";
    private const string Ebba = "201107222380";
    private readonly TempDir _dir = new();
    private readonly IContainer _core;

    public TamperEvidenceAttackTests()
    {
        Config = DemoConfig.CopyTo(_dir);
        _core = CoreHarness.Build(Config, new DatabaseOptions(DatabaseProvider.Sqlite, Data, null), transparency: new TransparencyOptions(File.ReadAllText(TestPaths.DemoSigningKey), Published));
    }

    private string Config { get; }

    private string Data => _dir.File("data");

    private string Published => _dir.File("published");

    private ITransparencyLog Transparency => _core.Resolve<ITransparencyLog>();

    private IChainVerifier Verifier => _core.Resolve<IChainVerifier>();

    public void Dispose()
    {
        _core.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Deleting_a_persons_look_ups_and_recomputing_every_hash_and_head_table_is_detected_against_the_head_a_municipality_holds()
    {
        await LookUps(Maja, Ebba, Maja, Ebba, Maja, Ebba);
        await Transparency.PublishAsync(CancellationToken.None);
        var held = MunicipalityCopy("0191");

        // The attacker removes Maja's look-ups, renumbers the rest, recomputes every leaf, and removes every head and check
        // the system holds (the database's tables and the server's publication folder).
        await RewriteAccessLog(rows => rows.Where(r => r.PersonId != Maja).ToList());
        Sql("DELETE FROM tree_heads; DELETE FROM chain_checks;");
        Directory.Delete(Published, recursive: true);

        Assert.True((await _core.Resolve<IAccessLog>().VerifyAsync()).Intact); // the rows are consistent among themselves
        var access = (await Verifier.VerifyAllAsync([held], CancellationToken.None)).Single(c => c.Chain == TransparencyLogs.Access);
        Assert.False(access.Intact);
        Assert.Contains("poster har tagits bort", access.Problem, StringComparison.Ordinal);

        // Same attack, the same number of rows (forged look-ups of someone else in their place): the root no longer matches.
        await RewriteAccessLog(rows => [.. rows, .. rows]);
        access = (await Verifier.VerifyAllAsync([held], CancellationToken.None)).Single(c => c.Chain == TransparencyLogs.Access);
        Assert.False(access.Intact);
        Assert.Contains("loggen har skrivits om", access.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncation_plus_deleting_the_head_tables_is_detected_by_the_nightly_check_and_by_audit_verify_with_the_municipalitys_head()
    {
        await LookUps(Maja, Ebba, Maja, Ebba);
        await Transparency.PublishAsync(CancellationToken.None);

        Sql("DELETE FROM access_log WHERE Sequence > 2; DELETE FROM tree_heads; DELETE FROM chain_checks;");

        // The nightly verification reads the heads in the publication folder, outside the database.
        var access = (await Verifier.VerifyAllAsync(CancellationToken.None)).Single(c => c.Chain == TransparencyLogs.Access);
        Assert.False(access.Intact);
        Assert.StartsWith("loggen har 2 poster men åtkomstloggens trädhuvud storlek 4", access.Problem, StringComparison.Ordinal);
        // And the system refuses to sign a head that would hide the cut.
        await Assert.ThrowsAsync<TransparencyException>(() => Transparency.SignHeadAsync(TransparencyLogs.Access, CancellationToken.None));

        // The municipality's copy is enough, even when the server's copies are gone too.
        var held = _dir.File("held-by-sigtuna.json");
        File.WriteAllText(held, MunicipalityCopy("0191").ToJson());
        Directory.Delete(Published, recursive: true);
        Sql("DELETE FROM tree_heads;");
        var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli,
            ["audit-verify", "--config", Config, "--plugins", TestPaths.Plugins, "--data", Data, "--published", Published, "--key", TestPaths.DemoSigningKey, "--head", held],
            TestPaths.RepoRoot);

        Assert.Equal(1, code);
        Assert.Contains("BROTT I ÅTKOMSTLOGGEN: loggen har 2 poster men åtkomstloggens trädhuvud storlek 4", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moving_text_across_the_old_field_separator_changes_the_leaf_and_is_detected()
    {
        var log = _core.Resolve<IAccessLog>();
        var entry = await log.AppendAsync(Draft(Maja, purpose: "Skyddsbedömning\u001fbarn", reason: "akut"));

        // Old encoding: fields joined with U+001F, so "a\u001fb" + "c" and "a" + "b\u001fc" hashed alike.
        Sql($"UPDATE access_log SET Purpose = 'Skyddsbedömning', Reason = 'barn' || char(31) || 'akut' WHERE Sequence = {entry.Sequence}");
        var verification = await log.VerifyAsync();

        Assert.False(verification.Intact);
        Assert.Equal(entry.Sequence, verification.FirstBrokenSequence);
        Assert.NotEqual(
            LogEncoding.AuditEntry(1, 0, "anna", "a\u001fb", "c", ""),
            LogEncoding.AuditEntry(1, 0, "anna", "a", "b\u001fc", ""));
        Assert.NotEqual(
            LogEncoding.AccessEntry(1, 0, "Lookup", "anna", Maja, null, "p", "", "x", []),
            LogEncoding.AccessEntry(1, 0, "Lookup", "anna", Maja, "", "p", null, "x", []));
    }

    [Fact]
    public async Task A_head_signed_with_another_key_or_altered_after_signing_is_refused()
    {
        await LookUps(Maja, Ebba);
        var genuine = await Transparency.SignHeadAsync(TransparencyLogs.Access, CancellationToken.None);
        using var attackerKey = TreeHeadKey.FromPem(TreeHeadKey.GeneratePrivateKeyPem());
        using var ourKey = TreeHeadKey.FromPem(await File.ReadAllTextAsync(TestPaths.DemoSigningKey));

        // The attacker rewrites the log and signs a matching head with a key of their own, claiming our key id.
        await RewriteAccessLog(rows => rows.Where(r => r.PersonId != Maja).ToList());
        Sql("DELETE FROM tree_heads;");
        var forged = attackerKey.Sign(TransparencyLogs.Access, 1, Convert.FromHexString(genuine.RootHash), DateTimeOffset.UtcNow) with { KeyId = ourKey.KeyId };
        var altered = genuine with { TreeSize = 1 };

        Assert.Contains("ogiltig signatur", ourKey.Check(forged), StringComparison.Ordinal);
        Assert.Contains("ogiltig signatur", ourKey.Check(altered), StringComparison.Ordinal);
        Assert.Contains("annan nyckel", ourKey.Check(attackerKey.Sign(TransparencyLogs.Access, 1, new byte[32], DateTimeOffset.UtcNow)), StringComparison.Ordinal);
        var access = (await Verifier.VerifyAllAsync([forged], CancellationToken.None)).Single(c => c.Chain == TransparencyLogs.Access);
        Assert.False(access.Intact);
        Assert.Contains("ogiltig signatur", access.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_municipality_checks_an_extract_entry_offline_sees_only_its_own_answer_and_a_changed_field_fails()
    {
        await LookUps(Maja, Ebba, Maja);
        var head = await Transparency.SignHeadAsync(TransparencyLogs.Access, CancellationToken.None);
        var evidence = new AccessEntryProof(head, (await Transparency.AccessEntryAsync(2, "0191", CancellationToken.None)).Evidence,
            await Transparency.InclusionProofAsync(TransparencyLogs.Access, 2, head.TreeSize, CancellationToken.None));
        using var publicKey = TreeHeadKey.FromPem(Transparency.Key!.PublicKeyPem);

        Assert.Null(TransparencyVerifier.CheckEntry(evidence, publicKey));
        Assert.Equal("Found", evidence.Entry.Sources.Single(s => s.MunicipalityCode == "0191").Status);
        Assert.Null(evidence.Entry.Sources.Single(s => s.MunicipalityCode == "0123").Status); // Järfälla's answer stays hidden
        Assert.Contains("finns inte i loggen", TransparencyVerifier.CheckEntry(evidence with { Entry = evidence.Entry with { Purpose = "Annat syfte" } }, publicKey), StringComparison.Ordinal);
        var lie = evidence.Entry.Sources.Select(s => s.MunicipalityCode == "0191" ? s with { Status = "NotFound" } : s).ToList();
        Assert.Contains("stämmer inte", TransparencyVerifier.CheckEntry(evidence with { Entry = evidence.Entry with { Sources = lie } }, publicKey), StringComparison.Ordinal);

        // The same check with nothing but the public key and two files, as a municipality runs it.
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var file = _dir.File("post-2.json");
        var keyFile = _dir.File("public-key.pem");
        File.WriteAllText(file, JsonSerializer.Serialize(evidence, web));
        File.WriteAllText(keyFile, publicKey.PublicKeyPem);
        var (ok, okOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["audit-verify", "--entry", file, "--key", keyFile], _dir.Path);
        Assert.Equal(0, ok);
        Assert.Contains("Post 2 finns i åtkomstloggen", okOutput, StringComparison.Ordinal);

        File.WriteAllText(file, JsonSerializer.Serialize(evidence with { Entry = evidence.Entry with { UserId = "erik" } }, web));
        var (bad, badOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["audit-verify", "--entry", file, "--key", keyFile], _dir.Path);
        Assert.Equal(1, bad);
        Assert.Contains("BEVISET HÅLLER INTE: post 2 finns inte i loggen", badOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Todays_head_extends_yesterdays_and_after_a_rewrite_no_consistency_proof_exists()
    {
        await LookUps(Maja, Ebba, Maja);
        var yesterday = await Transparency.SignHeadAsync(TransparencyLogs.Access, CancellationToken.None);
        await LookUps(Ebba, Ebba);
        var today = await Transparency.SignHeadAsync(TransparencyLogs.Access, CancellationToken.None);
        var key = Transparency.Key!;

        var proof = await Transparency.ConsistencyProofAsync(TransparencyLogs.Access, yesterday.TreeSize, today.TreeSize, CancellationToken.None);
        Assert.Null(TransparencyVerifier.CheckConsistency(yesterday, today, proof, key));

        // Entry 2 rewritten and rehashed; every head the system holds deleted so that it signs again.
        await RewriteAccessLog(rows => rows.Select(r => r.Sequence == 2 ? With(r, purpose: "Ändrat i efterhand") : r).ToList());
        Sql("DELETE FROM tree_heads;");
        var afterRewrite = await Transparency.SignHeadAsync(TransparencyLogs.Access, CancellationToken.None);
        var newProof = await Transparency.ConsistencyProofAsync(TransparencyLogs.Access, yesterday.TreeSize, afterRewrite.TreeSize, CancellationToken.None);

        Assert.Contains("bygger inte vidare", TransparencyVerifier.CheckConsistency(yesterday, afterRewrite, newProof, key), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scheduled_publication_writes_a_signed_head_for_every_member_municipality()
    {
        await LookUps(Maja);

        var files = await Transparency.PublishAsync(CancellationToken.None);

        var members = _core.Resolve<SocialJour.Core.Configuration.IMunicipalityRegistry>().MembersOn(DateOnly.FromDateTime(DateTime.Now));
        Assert.Equal(members.Select(m => m.Code.Value).Order(StringComparer.Ordinal), Directory.GetDirectories(Published).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(members.Count * TransparencyLogs.All.Count * 2, files.Count);
        using var publicKey = TreeHeadKey.FromPem(File.ReadAllText(Path.Combine(Published, "0184", "public-key.pem")));
        var head = SignedTreeHead.Parse(File.ReadAllText(Path.Combine(Published, "0184", "access-tree-head.json")), out _)!;
        Assert.Null(publicKey.Check(head));
        Assert.Equal(1, head.TreeSize);
    }

    private async Task LookUps(params string[] persons)
    {
        var log = _core.Resolve<IAccessLog>();
        foreach (var person in persons)
        {
            await log.AppendAsync(Draft(person));
        }
    }

    private static AccessDraft Draft(string person, string purpose = "Skyddsbedömning", string? reason = null) =>
        new(AccessKind.Lookup, "anna", person, "J-2026-0001", purpose, reason, Guid.NewGuid().ToString("N"),
            [new("0191", SourceStatus.Found), new("0123", SourceStatus.NotFound)]);

    /// <summary>The copy a municipality keeps of the last head published to it.</summary>
    private SignedTreeHead MunicipalityCopy(string code) =>
        SignedTreeHead.Parse(File.ReadAllText(Path.Combine(Published, code, "access-tree-head.json")), out _)!;

    /// <summary>The attacker's rewrite: new rows, renumbered from 1, every leaf hash recomputed with the public encoding.</summary>
    private async Task RewriteAccessLog(Func<List<AccessLogEntry>, List<AccessLogEntry>> edit)
    {
        await using var db = _core.Resolve<Func<CoreDbContext>>()();
        var rows = await db.AccessLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        var kept = edit(rows);
        db.AccessLog.RemoveRange(rows);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var sequence = 0;
        foreach (var r in kept)
        {
            var row = With(r);
            row.Sequence = ++sequence;
            row.LeafHash = Convert.ToHexStringLower(AccessLog.LeafOf(row));
            db.AccessLog.Add(row);
        }

        await db.SaveChangesAsync();
    }

    private static AccessLogEntry With(AccessLogEntry r, string? purpose = null) => new()
    {
        Sequence = r.Sequence, At = r.At, Kind = r.Kind, UserId = r.UserId, PersonId = r.PersonId, JourCaseId = r.JourCaseId, Purpose = purpose ?? r.Purpose,
        Reason = r.Reason, LookupId = r.LookupId, Sources = r.Sources, Salt = r.Salt, LeafHash = r.LeafHash,
    };

    private void Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Data, "core.db")};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
