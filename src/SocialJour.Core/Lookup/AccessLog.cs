using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Audit;
using SocialJour.Core.Events;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Lookup;

/// <summary>What kind of access an entry records.</summary>
public enum AccessKind
{
    /// <summary>A look-up bound to an open jour case and a purpose.</summary>
    Lookup,

    /// <summary>A look-up under an emergency opening (nödöppning), with its reason.</summary>
    EmergencyLookup,

    /// <summary>Protected address data opened with a stated reason.</summary>
    RevealProtected,

    /// <summary>A check of an identity number against the population register, for a case or a contact being registered.</summary>
    RegisterCheck,
}

/// <summary>What one municipality's journal system answered (status only, never content).</summary>
public sealed record SourceAnswer(string MunicipalityCode, SourceStatus Status);

public sealed record AccessDraft(AccessKind Kind, string UserId, string PersonId, string? JourCaseId, string Purpose, string? Reason, string LookupId, IReadOnlyList<SourceAnswer> Sources);

public sealed record AccessRecord(long Sequence, DateTimeOffset At, AccessKind Kind, string UserId, string PersonId, string? JourCaseId, string Purpose, string? Reason, string LookupId, IReadOnlyList<SourceAnswer> Sources);

/// <summary>
/// The access log: every look-up and every opening of protected data, written durably before any data is shown.
/// Append-only; each entry is a leaf of a Merkle tree with published signed heads (<see cref="ITransparencyLog"/>, ADR 0013).
/// Each municipality may obtain the entries that touched its records (the Lookup module's extract rule decides which).
/// </summary>
public interface IAccessLog
{
    /// <summary>Returns once the entry is committed to disk (or PostgreSQL).</summary>
    Task<AccessRecord> AppendAsync(AccessDraft draft, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every entry in [from, to), oldest first, whatever the municipalities answered; entries past the retention period
    /// (content deleted) are left out. A municipality's extract is these filtered by the Lookup module's extract rule (ADR 0032).
    /// </summary>
    Task<IReadOnlyList<AccessRecord>> ForPeriodAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Every entry of <paramref name="kind"/>, oldest first (entries whose content was deleted have no kind left).</summary>
    Task<IReadOnlyList<AccessRecord>> OfKindAsync(AccessKind kind, CancellationToken cancellationToken = default);

    /// <summary>
    /// The different persons <paramref name="userId"/> checked against the population register after <paramref name="since"/>
    /// with one of <paramref name="purposes"/> (the persisted count behind the register-check limit: any host, any restart).
    /// Reads only the entries of the window (indexed by time), so its cost does not grow with the log.
    /// </summary>
    Task<IReadOnlySet<string>> PersonsCheckedAsync(string userId, IReadOnlyCollection<string> purposes, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// The look-up ids of <paramref name="userId"/>'s look-ups from <paramref name="jourCaseId"/> after <paramref name="since"/>,
    /// newest first (which look-up is attached to a case). Reads only the window's entries (indexed by time).
    /// </summary>
    Task<IReadOnlyList<string>> LookupsFromCaseAsync(string userId, string jourCaseId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Every entry present (no gap in the sequence) and matching its stored leaf hash; the signed heads are checked by <see cref="IChainVerifier"/>.</summary>
    Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Group commit: concurrent appends queue up and one writer commits whatever is waiting in a single transaction,
/// so the cost of the durable flush is shared. Each caller's task completes only after its entry is committed.
/// </summary>
internal sealed class AccessLog : IAccessLog, IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly Func<CoreDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly ILogger<AccessLog> _logger;
    private readonly ModuleOutbox<CoreDbContext> _outbox;
    private readonly ITransparencyLog _transparency;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> _writer;
    private long? _lastSequence;

    public AccessLog(Func<CoreDbContext> contexts, TimeProvider time, ILogger<AccessLog> logger, ModuleOutbox<CoreDbContext> outbox, ITransparencyLog transparency)
    {
        _transparency = transparency;
        _contexts = contexts;
        _time = time;
        _logger = logger;
        _outbox = outbox;
        _writer = new Lazy<Task>(() => Task.Run(WriteLoopAsync));
    }

    public Task<AccessRecord> AppendAsync(AccessDraft draft, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(draft, new TaskCompletionSource<AccessRecord>(TaskCreationOptions.RunContinuationsAsynchronously));
        _ = _writer.Value;
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("Åtkomstloggen är stängd");
        }

        // The caller may stop waiting, but the entry is written regardless: an access that happened is logged.
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AccessRecord>> ForPeriodAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts();
        // Entries past the retention period keep only their time and leaf hash (ADR 0029): they are in the archive, not in extracts.
        var rows = await db.AccessLog.AsNoTracking().Where(e => e.At >= from && e.At < to && e.Kind != RedactedKind).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    public async Task<IReadOnlyList<AccessRecord>> OfKindAsync(AccessKind kind, CancellationToken cancellationToken = default)
    {
        var name = kind.ToString();
        await using var db = _contexts();
        var rows = await db.AccessLog.AsNoTracking().Where(e => e.Kind == name).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    public async Task<IReadOnlySet<string>> PersonsCheckedAsync(string userId, IReadOnlyCollection<string> purposes, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var kind = AccessKind.RegisterCheck.ToString();
        await using var db = _contexts();
        var persons = await db.AccessLog.AsNoTracking()
            .Where(e => e.At > since && e.Kind == kind && e.UserId == userId && purposes.Contains(e.Purpose))
            .Select(e => e.PersonId).Distinct().ToListAsync(cancellationToken);
        return persons.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<string>> LookupsFromCaseAsync(string userId, string jourCaseId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var kind = AccessKind.Lookup.ToString();
        await using var db = _contexts();
        return await db.AccessLog.AsNoTracking()
            .Where(e => e.At > since && e.Kind == kind && e.UserId == userId && e.JourCaseId == jourCaseId)
            .OrderByDescending(e => e.Sequence).Select(e => e.LookupId).Take(20).ToListAsync(cancellationToken);
    }

    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        // Deleted content counts only as far as the retention's archives and published records prove it (issue 23 3a).
        var redaction = await _transparency.RedactionAsync(cancellationToken);
        await using var db = _contexts();
        var result = await LogTree.CheckAsync(Leaves(db, long.MaxValue, redaction.UpTo), [], cancellationToken);
        return redaction.Problem is { } problem
            ? new ChainVerification(false, result.Verification.EntriesChecked, result.Verification.FirstBrokenSequence ?? 1, problem)
            : result.Verification;
    }

    /// <summary>The <see cref="AccessLogEntry.Kind"/> of an entry whose content was deleted by the retention rule (ADR 0029).</summary>
    internal const string RedactedKind = "Redacted";

    /// <summary>The audit-log action that records a deletion by the retention rule; its subject is "first-last".</summary>
    internal const string RetentionAction = "access-log.retention";

    /// <summary>
    /// Stored entries up to <paramref name="maxSequence"/>, in order, with their stored and recomputed leaf hashes. A redacted
    /// entry (retention, ADR 0029) cannot be recomputed: its stored leaf hash stands in, but only for an unbroken run from
    /// entry 1 up to <paramref name="redactedUpTo"/> (what the audit log records as deleted); any other redacted entry
    /// counts as changed.
    /// </summary>
    internal static IAsyncEnumerable<LogLeaf> Leaves(CoreDbContext db, long maxSequence, long redactedUpTo)
    {
        var prefix = true;
        return db.AccessLog.AsNoTracking().Where(e => e.Sequence <= maxSequence).OrderBy(x => x.Sequence).AsAsyncEnumerable()
            .Select(e =>
            {
                if (e.Kind != RedactedKind)
                {
                    prefix = false;
                    return new LogLeaf(e.Sequence, e.LeafHash, LeafOf(e));
                }

                var allowed = prefix && e.Sequence <= redactedUpTo && e.LeafHash.Length == MerkleTree.HashSize * 2 && e.LeafHash.All(char.IsAsciiHexDigit);
                return new LogLeaf(e.Sequence, e.LeafHash, allowed ? Convert.FromHexString(e.LeafHash) : new byte[MerkleTree.HashSize]);
            });
    }

    /// <summary>The entry as a municipality checks it: its own answer opened, the other answers as commitments only.</summary>
    internal static AccessEntryEvidence EvidenceFor(AccessLogEntry e, string? municipalityCode)
    {
        var salt = Convert.FromHexString(e.Salt);
        return new AccessEntryEvidence(e.Sequence, e.At.ToUnixTimeMilliseconds(), e.Kind, e.UserId, e.PersonId, e.JourCaseId, e.Purpose, e.Reason, e.LookupId,
            ParseSources(e.Sources).Select(s =>
            {
                var sourceSalt = LogEncoding.SourceSalt(salt, s.Code);
                var commitment = LogEncoding.SourceCommitment(s.Code, s.Status, sourceSalt);
                return s.Code == municipalityCode
                    ? new SourceCommitment(s.Code, commitment, s.Status, Convert.ToHexStringLower(sourceSalt))
                    : new SourceCommitment(s.Code, commitment);
            }).ToList());
    }

    internal static byte[] LeafOf(AccessLogEntry e) => EvidenceFor(e, null).LeafHash();

    private static IEnumerable<(string Code, string Status)> ParseSources(string sources) =>
        sources.Length == 0 ? [] : sources.Split(';').Select(s => s.Split('=')).Select(p => (p[0], p[1]));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value;
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var p))
            {
                batch.Add(p);
            }

            try
            {
                var (records, events) = await CommitAsync(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(records[i]);
                }

                // After the callers have their answer: the look-up never waits for the subscribers (ADR 0019).
                _ = Task.Run(() => _outbox.DispatchSavedAsync(events));
            }
            catch (Exception e)
            {
                // Nothing is shown to a user whose access could not be logged.
                _logger.LogError("Access log write failed ({Type}); {Count} look-ups refused", e.GetType().Name, batch.Count);
                _lastSequence = null;
                foreach (var p in batch)
                {
                    p.Done.TrySetException(new InvalidOperationException("Åtkomstloggen kunde inte skrivas; inga uppgifter visas.", e));
                }
            }
        }
    }

    private async Task<(AccessRecord[] Records, List<string> Events)> CommitAsync(List<Pending> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = _contexts();
            // Two hosts on PostgreSQL: one batch at a time, and the last sequence read under the lock, never cached (ADR 0028).
            await using var transaction = await AppendLocks.SerializeAsync(db, AppendLocks.AccessLog, CancellationToken.None);
            if (transaction is not null)
            {
                _lastSequence = null;
            }

            _lastSequence ??= await db.AccessLog.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => (long?)e.Sequence).FirstOrDefaultAsync() ?? 0;
            var sequence = _lastSequence.Value;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
            var rows = new List<AccessLogEntry>(batch.Count);
            foreach (var p in batch)
            {
                var d = p.Draft;
                var row = new AccessLogEntry
                {
                    Sequence = ++sequence,
                    At = at,
                    Kind = d.Kind.ToString(),
                    UserId = d.UserId,
                    PersonId = d.PersonId,
                    JourCaseId = d.JourCaseId,
                    Purpose = d.Purpose,
                    Reason = d.Reason,
                    LookupId = d.LookupId,
                    Sources = string.Join(';', d.Sources.OrderBy(s => s.MunicipalityCode, StringComparer.Ordinal).Select(s => s.MunicipalityCode + "=" + s.Status)),
                    Salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                };
                row.LeafHash = Convert.ToHexStringLower(LeafOf(row));
                rows.Add(row);

                // The event commits with the entry (one transaction): the access log and its subscribers never drift apart.
                db.Publish(new LookupLogged(row.Sequence, row.LookupId, row.Kind, row.UserId, row.JourCaseId, row.Purpose,
                    d.Sources.Select(s => s.MunicipalityCode).Order(StringComparer.Ordinal).ToList(), at,
                    d.Sources.OrderBy(s => s.MunicipalityCode, StringComparer.Ordinal).Select(s => new LookupSourceOutcome(s.MunicipalityCode, s.Status.ToString())).ToList()));
            }

            db.AccessLog.AddRange(rows);
            var events = ModuleOutbox<CoreDbContext>.PrepareAdded(db, at);
            try
            {
                await db.SaveChangesAsync();
                if (transaction is not null)
                {
                    await transaction.CommitAsync();
                }

                _lastSequence = sequence;
                return (rows.Select(ToRecord).ToArray(), events);
            }
            catch (DbUpdateException) when (attempt < 10)
            {
                // Another writer (a second host on PostgreSQL) took the sequence: re-read the last sequence and go on from it.
                _lastSequence = null;
            }
        }
    }

    internal static AccessRecord ToRecord(AccessLogEntry e) => new(
        e.Sequence, e.At, Enum.Parse<AccessKind>(e.Kind), e.UserId, e.PersonId, e.JourCaseId, e.Purpose, e.Reason, e.LookupId,
        e.Sources.Length == 0
            ? []
            : e.Sources.Split(';').Select(s => s.Split('=')).Select(p => new SourceAnswer(p[0], Enum.Parse<SourceStatus>(p[1]))).ToList());

    private sealed record Pending(AccessDraft Draft, TaskCompletionSource<AccessRecord> Done);
}
