using Microsoft.EntityFrameworkCore;

namespace SocialJour.Core.Operations;

/// <summary>One host as last seen: the configuration version it runs (ADR 0029).</summary>
public sealed record HostHeartbeat(string HostId, string ConfigurationHash, string ApplicationVersion, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt)
{
    public string ConfigurationVersion => ConfigurationHash.Length >= 12 ? ConfigurationHash[..12] : ConfigurationHash;
}

/// <summary>
/// Every host records, every few seconds, which version of the jour configuration it runs; the health check compares the
/// hosts seen recently, so a host left on an older file is flagged (ADR 0029). Kept in the operations database.
/// </summary>
public interface IHostHeartbeats
{
    Task BeatAsync(HostHeartbeat heartbeat, CancellationToken cancellationToken);

    /// <summary>The hosts seen at or after <paramref name="since"/>, by host id.</summary>
    Task<IReadOnlyList<HostHeartbeat>> SeenSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

internal sealed class HostHeartbeats(Func<OperationsDbContext> contexts) : IHostHeartbeats
{
    public async Task BeatAsync(HostHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = contexts();
            var row = await db.HostHeartbeats.FirstOrDefaultAsync(h => h.HostId == heartbeat.HostId, cancellationToken);
            if (row is null)
            {
                row = new HostHeartbeatRow { HostId = heartbeat.HostId };
                db.HostHeartbeats.Add(row);
            }

            row.ConfigurationHash = heartbeat.ConfigurationHash;
            row.ApplicationVersion = heartbeat.ApplicationVersion;
            row.StartedAt = heartbeat.StartedAt;
            row.LastSeenAt = heartbeat.LastSeenAt;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The same host id started twice at once (a misconfiguration): read again and update.
            }
        }
    }

    public async Task<IReadOnlyList<HostHeartbeat>> SeenSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.HostHeartbeats.AsNoTracking().Where(h => h.LastSeenAt >= since).OrderBy(h => h.HostId).ToListAsync(cancellationToken);
        return rows.Select(r => new HostHeartbeat(r.HostId, r.ConfigurationHash, r.ApplicationVersion, r.StartedAt, r.LastSeenAt)).ToList();
    }
}
