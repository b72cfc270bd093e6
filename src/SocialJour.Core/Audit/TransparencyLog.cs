using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Audit;

/// <summary>
/// The signing key (PEM text, resolved from a secret reference outside the database) and the folder the signed heads are
/// published into, one sub-folder per member municipality (null: not published to files).
/// </summary>
public sealed record TransparencyOptions(string? SigningKeyPem, string? PublicationDirectory);

/// <summary>A log checked against its stored leaf hashes and every signed head given.</summary>
public sealed record LogVerification(string Log, bool Intact, long Entries, long? FirstBrokenSequence, string? Problem, int HeadsChecked, string RootHash);

/// <summary>RFC 6962 audit path of entry <see cref="Sequence"/> (leaf index <c>Sequence − 1</c>) in the tree of <see cref="TreeSize"/> entries.</summary>
public sealed record InclusionProof(string Log, long Sequence, long LeafIndex, long TreeSize, string LeafHash, IReadOnlyList<string> AuditPath);

/// <summary>RFC 6962 consistency proof: the tree of <see cref="Second"/> entries extends the tree of <see cref="First"/>.</summary>
public sealed record ConsistencyProof(string Log, long First, long Second, IReadOnlyList<string> Proof);

/// <summary>One entry of an evidence extract: the entry as its municipality rebuilds the leaf, and its RFC 6962 audit path (hex, leaf to root).</summary>
public sealed record AccessEntryWithPath(AccessEntryEvidence Entry, IReadOnlyList<string> AuditPath);

/// <summary>
/// Evidence of an access entry before the extract rule has decided whether a municipality may have it: the answers the entry
/// records (<see cref="Sources"/>), which the rule reads, and the evidence itself (ADR 0032: the rule is the Lookup module's).
/// </summary>
public sealed record ExtractCandidate<T>(IReadOnlyList<SourceAnswer> Sources, T Evidence);

/// <summary>A request the transparency log cannot answer; the message is Swedish and names the field.</summary>
public sealed class TransparencyException(string message, string? field = null, bool notFound = false) : Exception(message)
{
    public string? Field { get; } = field;

    public bool NotFound { get; } = notFound;
}

/// <summary>
/// The access log and the audit log as verifiable logs (ADR 0013): RFC 6962 Merkle trees over the stored entries, tree heads
/// signed with a key that is not in the database, inclusion and consistency proofs, and publication of the heads to each
/// member municipality, whose copies are what make a rewrite by someone with database access detectable.
/// </summary>
public interface ITransparencyLog
{
    /// <summary>The verification key (null when none is configured); its public half is published.</summary>
    TreeHeadKey? Key { get; }

    /// <summary>Signs and stores a head over the whole log, after checking that the log still matches every head issued before.</summary>
    Task<SignedTreeHead> SignHeadAsync(string log, CancellationToken cancellationToken);

    Task<SignedTreeHead?> LatestHeadAsync(string log, CancellationToken cancellationToken);

    /// <summary>The latest head if it covers <paramref name="size"/> entries, otherwise a new one.</summary>
    Task<SignedTreeHead> HeadCoveringAsync(string log, long size, CancellationToken cancellationToken);

    /// <summary>
    /// Recomputes every leaf from the entry's content and the tree from the leaves, and checks it against every signed head
    /// issued (the database's copies), published (the publication folder) and <paramref name="heldHeads"/> (a municipality's).
    /// </summary>
    Task<LogVerification> VerifyAsync(string log, IEnumerable<SignedTreeHead> heldHeads, CancellationToken cancellationToken);

    Task<InclusionProof> InclusionProofAsync(string log, long sequence, long treeSize, CancellationToken cancellationToken);

    Task<ConsistencyProof> ConsistencyProofAsync(string log, long first, long second, CancellationToken cancellationToken);

    /// <summary>
    /// An access entry as <paramref name="municipalityCode"/> would check it (its own salt only), with the answers the entry
    /// records. Not filtered: whether the entry is in that municipality's extract is the Lookup module's extract rule,
    /// applied to <see cref="ExtractCandidate{T}.Sources"/> before anything is served (ADR 0032).
    /// </summary>
    Task<ExtractCandidate<AccessEntryEvidence>> AccessEntryAsync(long sequence, string municipalityCode, CancellationToken cancellationToken);

    /// <summary>A signed head of the log with exactly <paramref name="treeSize"/> entries, stored or published, with a valid signature; null when none was issued.</summary>
    Task<SignedTreeHead?> HeadAsync(string log, long treeSize, CancellationToken cancellationToken);

    /// <summary>
    /// The evidence of the entries among <paramref name="sequences"/> that are covered by <paramref name="head"/> and whose
    /// content is kept: each entry as <paramref name="municipalityCode"/> rebuilds its leaf, with its audit path to the head's
    /// root, and the answers it records. Not filtered by the extract rule: the Lookup module applies it (ADR 0032).
    /// </summary>
    Task<IReadOnlyList<ExtractCandidate<AccessEntryWithPath>>> AccessEvidenceAsync(IReadOnlyList<long> sequences, string municipalityCode, SignedTreeHead head, CancellationToken cancellationToken);

    /// <summary>Signs a head per log and writes it to every member municipality's publication folder; returns the files written.</summary>
    Task<IReadOnlyList<string>> PublishAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Signs a head over <paramref name="log"/> now and writes it to every member municipality's publication folder, as the
    /// hourly publication does for both logs: called where an audit entry must not wait for the hour (a billing approval or
    /// lock, issue 23 3c). Null when no signing key is configured.
    /// </summary>
    Task<SignedTreeHead?> PublishLogAsync(string log, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="head"/> to one municipality's publication folder (a head handed over with an extract).</summary>
    Task PublishToAsync(string municipalityCode, SignedTreeHead head, CancellationToken cancellationToken);

    /// <summary>Every head found in the publication folder (copies outside the database).</summary>
    IReadOnlyList<SignedTreeHead> PublishedHeads();

    Task<long> SizeAsync(string log, CancellationToken cancellationToken);

    /// <summary>
    /// How far the access log's content may have been deleted by the retention rule, proven from the archives and the signed
    /// audit heads (<see cref="Operations.RedactionEvidence"/>), and why not when a recorded deletion does not hold.
    /// </summary>
    Task<Operations.RedactionBoundary> RedactionAsync(CancellationToken cancellationToken);
}

/// <summary>One leaf as stored (hex) and as recomputed from the entry's content.</summary>
internal readonly record struct LogLeaf(long Sequence, string StoredLeafHash, byte[] RecomputedLeafHash);

internal sealed record LogCheck(ChainVerification Verification, byte[] Root, int HeadsChecked);

/// <summary>One pass over a log: sequence without gaps, each leaf as stored, and the root at every head's size.</summary>
internal static class LogTree
{
    public static async Task<LogCheck> CheckAsync(IAsyncEnumerable<LogLeaf> leaves, IReadOnlyList<SignedTreeHead> heads, CancellationToken cancellationToken)
    {
        var sorted = heads.OrderBy(h => h.TreeSize).ToList();
        var builder = new MerkleTree.Builder();
        var next = 0;
        string? problem = null;
        long? broken = null;

        bool HeadsAtCurrentSize()
        {
            while (next < sorted.Count && sorted[next].TreeSize == builder.Size)
            {
                var head = sorted[next];
                if (!string.Equals(Convert.ToHexStringLower(builder.Root()), head.RootHash, StringComparison.OrdinalIgnoreCase))
                {
                    problem = $"loggens första {head.TreeSize} poster stämmer inte med {head}: loggen har skrivits om";
                    return false;
                }

                next++;
            }

            return true;
        }

        if (HeadsAtCurrentSize())
        {
            await foreach (var leaf in leaves.WithCancellation(cancellationToken))
            {
                var expected = builder.Size + 1;
                if (leaf.Sequence != expected)
                {
                    (problem, broken) = ($"post {expected} saknas", expected);
                    break;
                }

                if (!string.Equals(leaf.StoredLeafHash, Convert.ToHexStringLower(leaf.RecomputedLeafHash), StringComparison.OrdinalIgnoreCase))
                {
                    (problem, broken) = ($"post {leaf.Sequence} har ändrats efter att den skrevs", leaf.Sequence);
                    break;
                }

                builder.Append(leaf.RecomputedLeafHash);
                if (!HeadsAtCurrentSize())
                {
                    break;
                }
            }
        }

        if (problem is null && next < sorted.Count)
        {
            var head = sorted[next];
            (problem, broken) = ($"loggen har {builder.Size} poster men {head} omfattar {head.TreeSize}: poster har tagits bort", builder.Size + 1);
        }

        return new LogCheck(new ChainVerification(problem is null, builder.Size, broken, problem), builder.Root(), problem is null ? sorted.Count : next);
    }
}

internal sealed class TransparencyLog : ITransparencyLog, IDisposable
{
    private const string HistorySuffix = "-tree-heads.jsonl";
    private readonly Func<CoreDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly IMunicipalityRegistry _registry;
    private readonly ILogger<TransparencyLog> _logger;
    private readonly string? _publication;
    private readonly Operations.AccessLogRetentionOptions _retention;
    private readonly SemaphoreSlim _signing = new(1, 1);
    private readonly object _files = new();

    public TransparencyLog(Func<CoreDbContext> contexts, TimeProvider time, IMunicipalityRegistry registry, ILogger<TransparencyLog> logger, TransparencyOptions? options = null,
        Operations.AccessLogRetentionOptions? retention = null)
    {
        _retention = retention ?? Operations.AccessLogRetentionOptions.Off;
        _contexts = contexts;
        _time = time;
        _registry = registry;
        _logger = logger;
        Key = options?.SigningKeyPem is { Length: > 0 } pem ? TreeHeadKey.FromPem(pem) : null;
        _publication = options?.PublicationDirectory;
    }

    public TreeHeadKey? Key { get; }

    public async Task<SignedTreeHead> SignHeadAsync(string log, CancellationToken cancellationToken)
    {
        CheckLog(log);
        if (Key is not { CanSign: true } key)
        {
            throw new TransparencyException("Ingen signeringsnyckel är konfigurerad (SocialJour:Transparency:SigningKey); trädhuvuden kan inte signeras.");
        }

        await _signing.WaitAsync(cancellationToken);
        try
        {
            await using var db = _contexts();
            var size = await SizeAsync(db, log, cancellationToken);

            // Never sign over a log that no longer matches a head already issued: the new head would launder the change.
            // The stored leaf hashes are used here (the nightly verification recomputes them from the content).
            var known = await KnownHeadsAsync(db, log, [], cancellationToken);
            var check = await LogTree.CheckAsync(StoredLeaves(db, log, size), known.Heads.Where(h => h.TreeSize <= size).ToList(), cancellationToken);
            var problem = known.Problem ?? check.Verification.Problem ?? (known.Heads.Any(h => h.TreeSize > size) ? $"loggen har {size} poster men ett tidigare trädhuvud omfattar fler" : null);
            if (problem is not null)
            {
                _logger.LogError("Log {Log}: no new tree head signed: {Problem}", log, problem);
                throw new TransparencyException($"Inget nytt trädhuvud signeras: {problem}.");
            }

            var boundary = log == TransparencyLogs.Access ? await BoundaryToSignAsync(db, known.Heads, cancellationToken) : 0;
            var head = key.Sign(log, size, check.Root, _time.GetUtcNow(), boundary);
            db.TreeHeads.Add(new TreeHeadRow
            {
                Log = log, TreeSize = head.TreeSize, RootHash = head.RootHash, Timestamp = head.Timestamp, KeyId = head.KeyId, Signature = head.Signature,
                RedactedUpTo = head.RedactedUpTo,
            });
            await db.SaveChangesAsync(cancellationToken);
            _logger.LogInformation("Log {Log}: signed tree head size {Size} root {Root}", log, head.TreeSize, head.RootHash);
            return head;
        }
        finally
        {
            _signing.Release();
        }
    }

    public async Task<SignedTreeHead?> LatestHeadAsync(string log, CancellationToken cancellationToken)
    {
        CheckLog(log);
        await using var db = _contexts();
        var row = await db.TreeHeads.AsNoTracking().Where(h => h.Log == log).OrderByDescending(h => h.Id).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToHead(row);
    }

    public async Task<SignedTreeHead> HeadCoveringAsync(string log, long size, CancellationToken cancellationToken) =>
        await LatestHeadAsync(log, cancellationToken) is { } latest && latest.TreeSize >= size && Key is not null && Key.Check(latest) is null
            ? latest
            : await SignHeadAsync(log, cancellationToken);

    public async Task<LogVerification> VerifyAsync(string log, IEnumerable<SignedTreeHead> heldHeads, CancellationToken cancellationToken)
    {
        CheckLog(log);
        await using var db = _contexts();
        var size = await SizeAsync(db, log, cancellationToken);
        var known = await KnownHeadsAsync(db, log, heldHeads, cancellationToken);
        var redaction = Operations.RedactionBoundary.None;
        if (log == TransparencyLogs.Access)
        {
            var audit = await KnownHeadsAsync(db, TransparencyLogs.Audit, heldHeads, cancellationToken);
            redaction = await Operations.RedactionEvidence.CheckAsync(db, _retention, Key, audit.Heads, cancellationToken);
        }

        var leaves = log == TransparencyLogs.Access ? AccessLog.Leaves(db, long.MaxValue, redaction.UpTo) : AuditLog.Leaves(db, long.MaxValue);
        var check = await LogTree.CheckAsync(leaves, known.Heads, cancellationToken);
        var v = check.Verification;
        var problem = known.Problem ?? redaction.Problem ?? v.Problem ?? BoundaryProblem(known.Heads, redaction.UpTo);
        return new LogVerification(log, problem is null, v.EntriesChecked, v.FirstBrokenSequence, problem, check.HeadsChecked, Convert.ToHexStringLower(check.Root));
    }

    public async Task<InclusionProof> InclusionProofAsync(string log, long sequence, long treeSize, CancellationToken cancellationToken)
    {
        CheckLog(log);
        if (sequence < 1)
        {
            throw new TransparencyException("Löpnumret ska vara 1 eller större.", "sequence");
        }

        if (treeSize < sequence)
        {
            throw new TransparencyException($"Trädets storlek ({treeSize}) ska vara minst löpnumret ({sequence}).", "treeSize");
        }

        var leaves = await LeafHashesAsync(log, treeSize, cancellationToken);
        var path = MerkleTree.InclusionProof(leaves, sequence - 1, treeSize);
        return new InclusionProof(log, sequence, sequence - 1, treeSize, Convert.ToHexStringLower(leaves[(int)(sequence - 1)]), path.Select(Convert.ToHexStringLower).ToList());
    }

    public async Task<ConsistencyProof> ConsistencyProofAsync(string log, long first, long second, CancellationToken cancellationToken)
    {
        CheckLog(log);
        if (first < 1)
        {
            throw new TransparencyException("Det första trädets storlek ska vara 1 eller större.", "from");
        }

        if (second < first)
        {
            throw new TransparencyException($"Det andra trädet ({second}) kan inte vara mindre än det första ({first}).", "to");
        }

        var leaves = await LeafHashesAsync(log, second, cancellationToken);
        return new ConsistencyProof(log, first, second, MerkleTree.ConsistencyProof(leaves, first, second).Select(Convert.ToHexStringLower).ToList());
    }

    public async Task<ExtractCandidate<AccessEntryEvidence>> AccessEntryAsync(long sequence, string municipalityCode, CancellationToken cancellationToken)
    {
        await using var db = _contexts();
        var row = await db.AccessLog.AsNoTracking().FirstOrDefaultAsync(e => e.Sequence == sequence, cancellationToken)
            ?? throw new TransparencyException($"Post {sequence} finns inte i åtkomstloggen.", "sequence", notFound: true);
        if (row.Kind == AccessLog.RedactedKind)
        {
            throw new TransparencyException($"Post {sequence} är gallrad enligt gallringsregeln; den finns med sitt bevis i åtkomstloggens arkiv (docs/operations.md).", "sequence", notFound: true);
        }

        // Whether the municipality may have it is the extract rule's decision (the Lookup module), made on the recorded answers.
        return new ExtractCandidate<AccessEntryEvidence>(AccessLog.ToRecord(row).Sources, AccessLog.EvidenceFor(row, municipalityCode));
    }

    public async Task<SignedTreeHead?> HeadAsync(string log, long treeSize, CancellationToken cancellationToken)
    {
        CheckLog(log);
        await using var db = _contexts();
        var stored = await db.TreeHeads.AsNoTracking().Where(h => h.Log == log && h.TreeSize == treeSize).OrderByDescending(h => h.Id).ToListAsync(cancellationToken);
        return stored.Select(ToHead).Concat(PublishedHeads().Where(h => h.Log == log && h.TreeSize == treeSize))
            .FirstOrDefault(h => Key is not null && Key.Check(h) is null);
    }

    public async Task<IReadOnlyList<ExtractCandidate<AccessEntryWithPath>>> AccessEvidenceAsync(IReadOnlyList<long> sequences, string municipalityCode, SignedTreeHead head,
        CancellationToken cancellationToken)
    {
        if (head.Log != TransparencyLogs.Access)
        {
            throw new TransparencyException("Trädhuvudet gäller inte åtkomstloggen.", "treeSize");
        }

        var wanted = sequences.Where(s => s >= 1 && s <= head.TreeSize).Distinct().Order().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var leaves = await LeafHashesAsync(TransparencyLogs.Access, head.TreeSize, cancellationToken);
        if (!string.Equals(Convert.ToHexStringLower(MerkleTree.Root(leaves, head.TreeSize)), head.RootHash, StringComparison.OrdinalIgnoreCase))
        {
            throw new TransparencyException($"Åtkomstloggens första {head.TreeSize} poster stämmer inte med {head}; inget bevis kan ges.");
        }

        await using var db = _contexts();
        var rows = await db.AccessLog.AsNoTracking().Where(e => wanted.Contains(e.Sequence)).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return rows.Where(r => r.Kind != AccessLog.RedactedKind)
            .Select(r => new ExtractCandidate<AccessEntryWithPath>(AccessLog.ToRecord(r).Sources, new AccessEntryWithPath(AccessLog.EvidenceFor(r, municipalityCode),
                MerkleTree.InclusionProof(leaves, r.Sequence - 1, head.TreeSize).Select(Convert.ToHexStringLower).ToList())))
            .ToList();
    }

    public async Task<IReadOnlyList<string>> PublishAsync(CancellationToken cancellationToken)
    {
        var written = new List<string>();
        var configuration = _registry.Current;
        var today = Calendar.JourClock.LocalDate(_time.GetUtcNow(), configuration.Jour.TimeZone);
        foreach (var log in TransparencyLogs.All)
        {
            SignedTreeHead head;
            try
            {
                head = await SignHeadAsync(log, cancellationToken);
            }
            catch (TransparencyException e)
            {
                // Logged by SignHeadAsync; the other log is still published.
                _logger.LogError("Tree head for {Log} not published: {Problem}", log, e.Message);
                continue;
            }

            foreach (var m in configuration.MembersOn(today))
            {
                written.AddRange(Write(m.Code, head));
            }
        }

        return written;
    }

    public async Task<SignedTreeHead?> PublishLogAsync(string log, CancellationToken cancellationToken)
    {
        CheckLog(log);
        if (Key is not { CanSign: true })
        {
            return null;
        }

        var head = await SignHeadAsync(log, cancellationToken);
        var configuration = _registry.Current;
        var today = Calendar.JourClock.LocalDate(_time.GetUtcNow(), configuration.Jour.TimeZone);
        foreach (var m in configuration.MembersOn(today))
        {
            Write(m.Code, head);
        }

        return head;
    }

    public Task PublishToAsync(string municipalityCode, SignedTreeHead head, CancellationToken cancellationToken)
    {
        Write(municipalityCode, head);
        return Task.CompletedTask;
    }

    public IReadOnlyList<SignedTreeHead> PublishedHeads()
    {
        if (_publication is null || !Directory.Exists(_publication))
        {
            return [];
        }

        var heads = new List<SignedTreeHead>();
        foreach (var file in Directory.EnumerateFiles(_publication, "*" + HistorySuffix, SearchOption.AllDirectories))
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
            {
                if (SignedTreeHead.Parse(line, out _) is { } head)
                {
                    heads.Add(head);
                }
            }
        }

        return heads.Distinct().ToList();
    }

    public async Task<long> SizeAsync(string log, CancellationToken cancellationToken)
    {
        CheckLog(log);
        await using var db = _contexts();
        return await SizeAsync(db, log, cancellationToken);
    }

    public async Task<Operations.RedactionBoundary> RedactionAsync(CancellationToken cancellationToken)
    {
        await using var db = _contexts();
        var audit = await KnownHeadsAsync(db, TransparencyLogs.Audit, [], cancellationToken);
        return await Operations.RedactionEvidence.CheckAsync(db, _retention, Key, audit.Heads, cancellationToken);
    }

    public void Dispose()
    {
        Key?.Dispose();
        _signing.Dispose();
    }

    private static void CheckLog(string log)
    {
        if (!TransparencyLogs.IsKnown(log))
        {
            throw new TransparencyException($"Loggen '{log}' finns inte; välj access eller audit.", "log", notFound: true);
        }
    }

    private static SignedTreeHead ToHead(TreeHeadRow r) => new(r.Log, r.TreeSize, r.RootHash, r.Timestamp, r.KeyId, r.Signature, r.RedactedUpTo);

    /// <summary>
    /// The redaction boundary a new access head carries: the run of deleted entries from entry 1. A boundary that moved
    /// since the last head is signed only after the deletion is proven from its archive (issue 23 3a): a head never
    /// launders a deletion made by writing to the database.
    /// </summary>
    private async Task<long> BoundaryToSignAsync(CoreDbContext db, IReadOnlyList<SignedTreeHead> heads, CancellationToken cancellationToken)
    {
        var deleted = await db.AccessLog.Where(e => e.Kind == AccessLog.RedactedKind).MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
        var signedBefore = heads.Where(h => h.Log == TransparencyLogs.Access).Select(h => h.RedactedUpTo ?? 0).DefaultIfEmpty(0).Max();
        if (deleted <= signedBefore)
        {
            return deleted;
        }

        var audit = await KnownHeadsAsync(db, TransparencyLogs.Audit, [], cancellationToken);
        var proven = await Operations.RedactionEvidence.CheckAsync(db, _retention, Key, audit.Heads, cancellationToken);
        if (proven.Problem is not null || proven.UpTo < deleted)
        {
            var problem = proven.Problem ?? $"åtkomstloggens poster t.o.m. {deleted} är tömda men gallringen kan bara styrkas t.o.m. post {proven.UpTo}";
            _logger.LogError("Log access: no new tree head signed: {Problem}", problem);
            throw new TransparencyException($"Inget nytt trädhuvud signeras: {problem}.");
        }

        return deleted;
    }

    /// <summary>
    /// The boundaries in the access heads: never moving back as the log grows, and never beyond what the archives prove.
    /// </summary>
    private static string? BoundaryProblem(IReadOnlyList<SignedTreeHead> heads, long proven)
    {
        SignedTreeHead? previous = null;
        foreach (var head in heads.Where(h => h.Log == TransparencyLogs.Access && h.RedactedUpTo is not null).OrderBy(h => h.TreeSize).ThenBy(h => h.Timestamp))
        {
            if (previous is not null && head.RedactedUpTo < previous.RedactedUpTo)
            {
                return $"{head} har en lägre gallringsgräns än {previous}";
            }

            if (head.RedactedUpTo > proven)
            {
                return $"{head} anger att posterna t.o.m. {head.RedactedUpTo} är gallrade, men gallringen kan bara styrkas t.o.m. post {proven}";
            }

            previous = head;
        }

        return null;
    }

    private static async Task<long> SizeAsync(CoreDbContext db, string log, CancellationToken cancellationToken) =>
        log == TransparencyLogs.Access
            ? await db.AccessLog.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0
            : await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;

    private static IAsyncEnumerable<LogLeaf> StoredLeaves(CoreDbContext db, string log, long maxSequence)
    {
        var rows = log == TransparencyLogs.Access
            ? db.AccessLog.AsNoTracking().Where(e => e.Sequence <= maxSequence).OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.LeafHash })
            : db.AuditEntries.AsNoTracking().Where(e => e.Sequence <= maxSequence).OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.LeafHash });
        return rows.AsAsyncEnumerable().Select(r => new LogLeaf(r.Sequence, r.LeafHash, ParseHash(r.LeafHash)));
    }

    private static byte[] ParseHash(string hex) =>
        hex.Length == MerkleTree.HashSize * 2 && hex.All(char.IsAsciiHexDigit) ? Convert.FromHexString(hex) : new byte[MerkleTree.HashSize];

    /// <summary>Every signed head known for the log (database, publication folder, given), each with its signature checked.</summary>
    private async Task<(List<SignedTreeHead> Heads, string? Problem)> KnownHeadsAsync(CoreDbContext db, string log, IEnumerable<SignedTreeHead> held, CancellationToken cancellationToken)
    {
        var stored = await db.TreeHeads.AsNoTracking().Where(h => h.Log == log).ToListAsync(cancellationToken);
        var heads = stored.Select(ToHead).Concat(PublishedHeads()).Concat(held).Where(h => h.Log == log).Distinct().ToList();
        if (heads.Count > 0 && Key is null)
        {
            return (heads, "det finns signerade trädhuvuden men ingen nyckel att kontrollera dem med");
        }

        foreach (var head in heads)
        {
            if (Key!.Check(head) is { } bad)
            {
                return (heads, bad);
            }
        }

        return (heads, null);
    }

    /// <summary>The stored leaf hashes of the first <paramref name="size"/> entries (proofs are checked by the receiver against a signed head).</summary>
    private async Task<List<byte[]>> LeafHashesAsync(string log, long size, CancellationToken cancellationToken)
    {
        await using var db = _contexts();
        var current = await SizeAsync(db, log, cancellationToken);
        if (size > current)
        {
            throw new TransparencyException($"{TransparencyLogs.SwedishName(log)} har {current} poster, inte {size}.", "treeSize", notFound: true);
        }

        var leaves = new List<byte[]>((int)size);
        await foreach (var leaf in StoredLeaves(db, log, size).WithCancellation(cancellationToken))
        {
            if (leaf.Sequence != leaves.Count + 1)
            {
                throw new TransparencyException($"Post {leaves.Count + 1} saknas i {TransparencyLogs.SwedishName(log).ToLowerInvariant()}; inget bevis kan ges.");
            }

            leaves.Add(leaf.RecomputedLeafHash);
        }

        if (leaves.Count != size)
        {
            throw new TransparencyException($"Post {leaves.Count + 1} saknas i {TransparencyLogs.SwedishName(log).ToLowerInvariant()}; inget bevis kan ges.");
        }

        return leaves;
    }

    /// <summary>Writes the head as the municipality's latest and appends it to its history; the public key beside them.</summary>
    private List<string> Write(string municipalityCode, SignedTreeHead head)
    {
        if (_publication is null)
        {
            return [];
        }

        lock (_files)
        {
            var folder = Path.Combine(_publication, municipalityCode);
            Directory.CreateDirectory(folder);
            var latest = Path.Combine(folder, head.Log + "-tree-head.json");
            var temp = latest + ".tmp";
            File.WriteAllText(temp, head.ToJson() + "\n", new UTF8Encoding(false));
            File.Move(temp, latest, overwrite: true);
            var history = Path.Combine(folder, head.Log + HistorySuffix);
            File.AppendAllText(history, head.ToJson() + "\n", new UTF8Encoding(false));
            if (Key is not null)
            {
                File.WriteAllText(Path.Combine(folder, "public-key.pem"), Key.PublicKeyPem + "\n", new UTF8Encoding(false));
            }

            return [latest, history];
        }
    }
}
