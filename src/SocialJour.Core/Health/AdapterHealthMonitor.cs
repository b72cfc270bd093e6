using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Persistence;
using SocialJour.Core.Plugins;

namespace SocialJour.Core.Health;

public sealed record AdapterStatus(string MunicipalityCode, DateTimeOffset CheckedAt, SourceStatus Status, TimeSpan Latency, string? Error)
{
    public bool Healthy => Status == SourceStatus.Found;
}

/// <summary>Checks each municipality's journal system (login + canary) and keeps the latest status and a history.</summary>
public interface IAdapterHealthMonitor
{
    Task<AdapterStatus> CheckAsync(string municipalityCode, CancellationToken cancellationToken);

    Task<IReadOnlyList<AdapterStatus>> CheckAllAsync(DateOnly date, CancellationToken cancellationToken);

    AdapterStatus? Latest(string municipalityCode);

    /// <summary>How long one check may take before it is reported as timed out ("svarade inte inom N s").</summary>
    TimeSpan CheckTimeout { get; }

    Task<IReadOnlyList<AdapterStatus>> HistoryAsync(string municipalityCode, int count, CancellationToken cancellationToken);
}

internal sealed class AdapterHealthMonitor(
    IJournalSources sources,
    Configuration.IMunicipalityRegistry registry,
    Func<CoreDbContext> contexts,
    TimeProvider time,
    ILogger<AdapterHealthMonitor> logger) : IAdapterHealthMonitor
{
    /// <summary>A health check that takes longer than this is reported as timed out.</summary>
    public TimeSpan CheckTimeout { get; internal set; } = TimeSpan.FromSeconds(10);

    /// <summary>The bound in words: "10 s" (milliseconds below a second, as in tests).</summary>
    public static string Bound(TimeSpan timeout) =>
        timeout < TimeSpan.FromSeconds(1) ? $"{timeout.TotalMilliseconds:0} ms" : $"{timeout.TotalSeconds:0} s";

    private readonly ConcurrentDictionary<string, AdapterStatus> _latest = new(StringComparer.Ordinal);

    public AdapterStatus? Latest(string municipalityCode) => _latest.TryGetValue(municipalityCode, out var s) ? s : null;

    public async Task<IReadOnlyList<AdapterStatus>> CheckAllAsync(DateOnly date, CancellationToken cancellationToken)
    {
        // A credential rotated behind an unchanged reference is picked up before the round.
        sources.RefreshChangedSecrets();
        var members = registry.MembersOn(date);
        return await Task.WhenAll(members.Select(m => CheckOneAsync(m.Code, cancellationToken)));
    }

    public Task<AdapterStatus> CheckAsync(string municipalityCode, CancellationToken cancellationToken)
    {
        sources.RefreshChangedSecrets();
        return CheckOneAsync(municipalityCode, cancellationToken);
    }

    private async Task<AdapterStatus> CheckOneAsync(string municipalityCode, CancellationToken cancellationToken)
    {
        var source = sources.Get(municipalityCode);
        var at = time.GetUtcNow();
        AdapterStatus status;
        if (source is null)
        {
            status = new AdapterStatus(municipalityCode, at, SourceStatus.Disabled, TimeSpan.Zero, "Kommunen finns inte i konfigurationen");
        }
        else if (source.Adapter is null)
        {
            status = new AdapterStatus(municipalityCode, at, SourceStatus.Disabled, TimeSpan.Zero, source.DisabledReason);
        }
        else
        {
            var watch = Stopwatch.StartNew();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CheckTimeout);
            try
            {
                var health = await source.Adapter.CheckHealthAsync(timeout.Token);
                status = new AdapterStatus(municipalityCode, at, health.Status, health.Latency, health.Error);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                status = new AdapterStatus(municipalityCode, at, SourceStatus.TimedOut, watch.Elapsed, $"Svarade inte inom {Bound(CheckTimeout)}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An adapter bug must show as a status, not crash the monitor.
                logger.LogError("Health check for {Code} threw {Type}", municipalityCode, e.GetType().Name);
                status = new AdapterStatus(municipalityCode, at, SourceStatus.InvalidResponse, watch.Elapsed, "Adapterfel: " + e.GetType().Name);
            }
        }

        _latest[municipalityCode] = status;
        Operations.SocialJourTelemetry.AdapterChecks.Add(1, new System.Diagnostics.TagList
        {
            { "municipality", municipalityCode }, { "system", registry.Current.Find(municipalityCode)?.JournalSystem.Adapter ?? "" }, { "status", status.Status.ToString() },
        });
        await using var db = contexts();
        db.AdapterChecks.Add(new AdapterCheck
        {
            MunicipalityCode = municipalityCode,
            CheckedAt = status.CheckedAt,
            Status = status.Status.ToString(),
            LatencyMs = (int)status.Latency.TotalMilliseconds,
            Error = status.Error,
        });
        await db.SaveChangesAsync(CancellationToken.None);
        return status;
    }

    public async Task<IReadOnlyList<AdapterStatus>> HistoryAsync(string municipalityCode, int count, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.AdapterChecks.AsNoTracking().Where(c => c.MunicipalityCode == municipalityCode)
            .OrderByDescending(c => c.Id).Take(count).ToListAsync(cancellationToken);
        return rows.Select(r => new AdapterStatus(r.MunicipalityCode, r.CheckedAt, Enum.Parse<SourceStatus>(r.Status), TimeSpan.FromMilliseconds(r.LatencyMs), r.Error)).ToList();
    }
}
