using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Audit;

public sealed record AuditRecord(long Sequence, DateTimeOffset At, string Actor, string Action, string Subject, string Details);

public sealed record ChainVerification(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem);

/// <summary>
/// Append-only, tamper-evident log: each entry carries the SHA-256 of its content and of the entry before it,
/// so any edit, insertion or deletion of a stored entry breaks the chain from that point.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends durably; returns once the entry is committed.</summary>
    Task<AuditRecord> AppendAsync(string actor, string action, string subject, string details, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditRecord>> RecentAsync(int count, CancellationToken cancellationToken = default);

    Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default);

    /// <summary>The newest entry's sequence and hash, or null for an empty log.</summary>
    Task<(long Sequence, string Hash)?> HeadAsync(CancellationToken cancellationToken = default);
}

internal sealed class AuditLog(Func<CoreDbContext> contexts, TimeProvider time) : IAuditLog
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<AuditRecord> AppendAsync(string actor, string action, string subject, string details, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = contexts();
            var last = await db.AuditEntries.OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
            var entry = new AuditEntry
            {
                Sequence = (last?.Sequence ?? 0) + 1,
                At = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()),
                Actor = actor,
                Action = action,
                Subject = subject,
                Details = details,
                PreviousHash = last?.Hash ?? HashChain.Genesis,
            };
            entry.Hash = HashOf(entry);
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            return ToRecord(entry);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<AuditRecord>> RecentAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var list = await db.AuditEntries.OrderByDescending(e => e.Sequence).Take(count).ToListAsync(cancellationToken);
        return list.Select(ToRecord).ToList();
    }

    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        return await HashChain.VerifyAsync(
            db.AuditEntries.AsNoTracking().OrderBy(x => x.Sequence).AsAsyncEnumerable().Select(e => (e.Sequence, e.PreviousHash, e.Hash, HashOf(e))),
            cancellationToken);
    }

    public async Task<(long Sequence, string Hash)?> HeadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        return last is null ? null : (last.Sequence, last.Hash);
    }

    private static AuditRecord ToRecord(AuditEntry e) => new(e.Sequence, e.At, e.Actor, e.Action, e.Subject, e.Details);

    private static string HashOf(AuditEntry e) => HashChain.Hash(e.PreviousHash, e.Sequence, e.At, e.Actor, e.Action, e.Subject, e.Details);
}
