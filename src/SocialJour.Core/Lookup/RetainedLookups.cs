using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Lookup;

/// <summary>
/// Look-up results kept for a short while (15 minutes by default) so that the same user can open hidden address data
/// or attach the answer to a decision. Kept in the core database, not in a process's memory: any host can serve the
/// follow-up request, and memory stays flat under load. Expired rows are deleted.
/// </summary>
internal sealed class RetainedLookups(Func<CoreDbContext> contexts, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);
    private long _nextPurgeTicks;

    public async Task SaveAsync(string userId, LookupResult result, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        db.RetainedLookups.Add(new RetainedLookupRow
        {
            LookupId = result.LookupId,
            UserId = userId,
            ExpiresAt = expiresAt,
            Revealed = false,
            Result = JsonSerializer.Serialize(result, Json),
        });
        await db.SaveChangesAsync(cancellationToken);
        await PurgeIfDueAsync(db, cancellationToken);
    }

    /// <summary>The user's own unexpired result, or null (another user's, expired or unknown all look the same).</summary>
    public async Task<(LookupResult Result, bool Revealed)?> FindAsync(string lookupId, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = contexts();
        var row = await db.RetainedLookups.AsNoTracking().SingleOrDefaultAsync(r => r.LookupId == lookupId, cancellationToken);
        if (row is null || row.UserId != userId || row.ExpiresAt <= now)
        {
            return null;
        }

        var result = JsonSerializer.Deserialize<LookupResult>(row.Result, Json)
            ?? throw new InvalidOperationException("Ett sparat uppslag gick inte att läsa");
        return (result, row.Revealed);
    }

    public async Task MarkRevealedAsync(string lookupId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        await db.RetainedLookups.Where(r => r.LookupId == lookupId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Revealed, true), cancellationToken);
    }

    private async Task PurgeIfDueAsync(CoreDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = Interlocked.Read(ref _nextPurgeTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeInterval).UtcTicks, next) != next)
        {
            return;
        }

        await db.RetainedLookups.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }
}
