using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Audit;

public sealed record AuditRecord(long Sequence, DateTimeOffset At, string Actor, string Action, string Subject, string Details);

public sealed record ChainVerification(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem);

/// <summary>
/// Append-only, tamper-evident log: each entry is a leaf of an RFC 6962 Merkle tree whose signed heads are published
/// (<see cref="ITransparencyLog"/>, ADR 0013), so any edit, insertion or deletion is detectable against a held head.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends durably; returns once the entry is committed.</summary>
    Task<AuditRecord> AppendAsync(string actor, string action, string subject, string details, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends the entry unless one with <paramref name="sourceKey"/> is already in the chain (then returns that one): an
    /// outbox row ("module:id") handled twice — a dispatcher that died after the append — adds it once (ADR 0019).
    /// </summary>
    Task<AuditRecord> AppendOnceAsync(string sourceKey, string actor, string action, string subject, string details, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditRecord>> RecentAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// The entries with one of <paramref name="actions"/> (and <paramref name="subject"/>, and one of <paramref name="actors"/>,
    /// where given), oldest first — only those whose content still matches their stored leaf hash: an entry edited in place is
    /// no evidence of anything, so a reader that binds a table row to the log finds nothing and refuses the row. (An entry
    /// rewritten together with its leaf hash is caught against the published heads, which is why an approval publishes one.)
    /// </summary>
    Task<IReadOnlyList<AuditRecord>> FindAsync(IReadOnlyCollection<string> actions, string? subject = null, IReadOnlyCollection<string>? actors = null,
        CancellationToken cancellationToken = default);

    /// <summary>Every entry present (no gap in the sequence) and matching its stored leaf hash; the signed heads are checked by <see cref="IChainVerifier"/>.</summary>
    Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default);
}

internal sealed class AuditLog(Func<CoreDbContext> contexts, TimeProvider time) : IAuditLog
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task<AuditRecord> AppendAsync(string actor, string action, string subject, string details, CancellationToken cancellationToken = default) =>
        AppendCoreAsync(null, actor, action, subject, details, cancellationToken);

    public Task<AuditRecord> AppendOnceAsync(string sourceKey, string actor, string action, string subject, string details, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceKey);
        return AppendCoreAsync(sourceKey, actor, action, subject, details, cancellationToken);
    }

    private async Task<AuditRecord> AppendCoreAsync(string? sourceKey, string actor, string action, string subject, string details, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var db = contexts();
                // Two hosts on PostgreSQL: one appends at a time (the sequence is last + 1), so no duplicate key (ADR 0028).
                await using var transaction = await AppendLocks.SerializeAsync(db, AppendLocks.AuditLog, cancellationToken);
                if (sourceKey is not null && await FindAsync(db, sourceKey, cancellationToken) is { } present)
                {
                    return present;
                }

                var last = await db.AuditEntries.OrderByDescending(e => e.Sequence).Select(e => (long?)e.Sequence).FirstOrDefaultAsync(cancellationToken);
                var entry = new AuditEntry
                {
                    Sequence = (last ?? 0) + 1,
                    At = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()),
                    Actor = actor,
                    Action = action,
                    Subject = subject,
                    Details = details,
                    SourceKey = sourceKey,
                };
                entry.LeafHash = Convert.ToHexStringLower(LeafOf(entry));
                db.AuditEntries.Add(entry);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    if (transaction is not null)
                    {
                        await transaction.CommitAsync(cancellationToken);
                    }

                    return ToRecord(entry);
                }
                catch (DbUpdateException) when (attempt < 10)
                {
                    // Another host took the sequence, or appended the same source (its unique key refused this one):
                    // read again — the source is then found above, or the next sequence is taken.
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<AuditRecord?> FindAsync(CoreDbContext db, string sourceKey, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().Where(e => e.SourceKey == sourceKey).FirstOrDefaultAsync(cancellationToken) is { } e ? ToRecord(e) : null;

    public async Task<IReadOnlyList<AuditRecord>> RecentAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var list = await db.AuditEntries.OrderByDescending(e => e.Sequence).Take(count).ToListAsync(cancellationToken);
        return list.Select(ToRecord).ToList();
    }

    public async Task<IReadOnlyList<AuditRecord>> FindAsync(IReadOnlyCollection<string> actions, string? subject = null, IReadOnlyCollection<string>? actors = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        await using var db = contexts();
        var query = db.AuditEntries.AsNoTracking().Where(e => actions.Contains(e.Action));
        if (subject is not null)
        {
            query = query.Where(e => e.Subject == subject);
        }

        if (actors is not null)
        {
            query = query.Where(e => actors.Contains(e.Actor));
        }

        var rows = await query.OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return rows.Where(e => string.Equals(e.LeafHash, Convert.ToHexStringLower(LeafOf(e)), StringComparison.Ordinal)).Select(ToRecord).ToList();
    }

    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var result = await LogTree.CheckAsync(Leaves(db, long.MaxValue), [], cancellationToken);
        return result.Verification;
    }

    /// <summary>Stored entries up to <paramref name="maxSequence"/>, in order, with their stored and recomputed leaf hashes.</summary>
    internal static IAsyncEnumerable<LogLeaf> Leaves(CoreDbContext db, long maxSequence) =>
        db.AuditEntries.AsNoTracking().Where(e => e.Sequence <= maxSequence).OrderBy(x => x.Sequence).AsAsyncEnumerable()
            .Select(e => new LogLeaf(e.Sequence, e.LeafHash, LeafOf(e)));

    internal static byte[] LeafOf(AuditEntry e) =>
        MerkleTree.LeafHash(LogEncoding.AuditEntry(e.Sequence, e.At.ToUnixTimeMilliseconds(), e.Actor, e.Action, e.Subject, e.Details));

    private static AuditRecord ToRecord(AuditEntry e) => new(e.Sequence, e.At, e.Actor, e.Action, e.Subject, e.Details);
}
