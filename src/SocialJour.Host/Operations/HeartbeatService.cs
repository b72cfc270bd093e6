using System.Collections.Concurrent;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Core.Operations;

namespace SocialJour.Host.Operations;

/// <summary>The outboxes' lag as last measured (seconds since the oldest unprocessed row per module; 0 when empty), for the gauge.</summary>
internal static class OutboxLag
{
    private static readonly ConcurrentDictionary<string, double> Lags = new(StringComparer.Ordinal);

    public static IReadOnlyList<KeyValuePair<string, double>> Current => Lags.OrderBy(l => l.Key, StringComparer.Ordinal).ToList();

    public static void Set(string module, double seconds) => Lags[module] = seconds;
}

/// <summary>
/// Every <see cref="HostIdentity.HeartbeatInterval"/>: records this host's configuration version in the operations database
/// (the other hosts compare against it) and measures the outboxes' lag for the telemetry. Per host by design: every host
/// must say what it runs, so this is not a claimed job.
/// </summary>
internal sealed class HeartbeatService(
    HostIdentity identity, IMunicipalityRegistry registry, IHostHeartbeats heartbeats, IEnumerable<IOutbox> outboxes, TimeProvider time,
    ILogger<HeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // What this host runs, in its own log: the health endpoints give it only to signed-in staff and monitoring.
        logger.LogInformation("SocialJour {ApplicationVersion} started as host {HostId} with configuration {ConfigurationVersion}",
            identity.ApplicationVersion, identity.HostId, registry.Current.Version);
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stoppingToken);
                if (failing)
                {
                    logger.LogInformation("Heartbeat recorded again");
                    failing = false;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The readiness check reports the database; one log line per outage, not one per beat.
                if (!failing)
                {
                    logger.LogWarning("Heartbeat not recorded ({Type}); the configuration versions of the hosts cannot be compared", e.GetType().Name);
                }

                failing = true;
            }

            try
            {
                await Task.Delay(identity.HeartbeatInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await heartbeats.BeatAsync(new HostHeartbeat(identity.HostId, registry.Current.ContentHash, identity.ApplicationVersion, identity.StartedAt, now), cancellationToken);
        foreach (var outbox in outboxes)
        {
            var oldest = await outbox.OldestUnprocessedAsync(cancellationToken);
            OutboxLag.Set(outbox.Module, oldest is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0);
        }
    }
}
