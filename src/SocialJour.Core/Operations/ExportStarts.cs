using Microsoft.EntityFrameworkCore;

namespace SocialJour.Core.Operations;

/// <summary>One expensive export started by a user (a person or a machine client, by the name the audit log records).</summary>
internal sealed class ExportStartRow
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }
}

/// <summary>
/// The per-user count of expensive exports (issue 23 2j), kept in the operations database so that it holds on every host
/// behind the proxy and across restarts: a user's exports within a sliding window, counted wherever they were started.
/// </summary>
public interface IExportStarts
{
    /// <summary>
    /// Records a start by <paramref name="userId"/> unless it has started <paramref name="perWindow"/> within
    /// <paramref name="window"/> before now; then nothing is recorded and the time until the oldest leaves the window is returned.
    /// </summary>
    Task<TimeSpan?> TryStartAsync(string userId, int perWindow, TimeSpan window, CancellationToken cancellationToken);
}

internal sealed class ExportStarts(Func<OperationsDbContext> contexts, TimeProvider time) : IExportStarts
{
    public async Task<TimeSpan?> TryStartAsync(string userId, int perWindow, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = now - window;
        await using var db = contexts();

        // The user's rows that left the window are not needed any more (the table holds at most a window per user).
        await db.ExportStarts.Where(e => e.UserId == userId && e.StartedAt <= since).ExecuteDeleteAsync(cancellationToken);
        var started = await db.ExportStarts.AsNoTracking().Where(e => e.UserId == userId && e.StartedAt > since)
            .OrderBy(e => e.StartedAt).Select(e => e.StartedAt).Take(perWindow).ToListAsync(cancellationToken);
        if (started.Count >= perWindow)
        {
            return started[0] + window - now;
        }

        db.ExportStarts.Add(new ExportStartRow { UserId = userId, StartedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}
