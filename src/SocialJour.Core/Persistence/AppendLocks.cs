using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SocialJour.Core.Persistence;

/// <summary>
/// Serialises the appends to one log across hosts (ADR 0028). A log entry's sequence number is the last one + 1 and its leaf
/// hash covers it, so two hosts appending at once would compute the same number. On PostgreSQL the append runs in a
/// transaction that first takes a transaction-scoped advisory lock for that log: the second host waits a few milliseconds for
/// the first to commit, then reads the new last number. Nothing to clean up: the lock ends with the transaction, also when
/// the host is killed. On SQLite (one host) the database's single write lock already orders the writers.
/// </summary>
internal static class AppendLocks
{
    /// <summary>The advisory-lock key of the audit log (any fixed 64-bit number, unique among SocialJour's locks).</summary>
    public const long AuditLog = 0x536F_634A_0001;

    /// <summary>The advisory-lock key of the access log.</summary>
    public const long AccessLog = 0x536F_634A_0002;

    /// <summary>PostgreSQL: a transaction holding the log's lock (commit it after saving). SQLite: null.</summary>
    public static async Task<IDbContextTransaction?> SerializeAsync(DbContext db, long log, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return null;
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [log], cancellationToken);
        return transaction;
    }
}
