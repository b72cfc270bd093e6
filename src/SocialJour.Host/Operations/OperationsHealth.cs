using Microsoft.AspNetCore.Authorization;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Core.Health;
using SocialJour.Core.Operations;
using SocialJour.Core.Persistence;
using SocialJour.Host.Api;

namespace SocialJour.Host.Operations;

/// <summary>This host: its id in the heartbeat table, its build and when it started (ADR 0029).</summary>
internal sealed record HostIdentity(string HostId, string ApplicationVersion, DateTimeOffset StartedAt, TimeSpan HeartbeatInterval)
{
    /// <summary>Hosts not seen for this long are left out of the version comparison (stopped or replaced).</summary>
    public TimeSpan SeenWithin => HeartbeatInterval * 4 > TimeSpan.FromMinutes(1) ? HeartbeatInterval * 4 : TimeSpan.FromMinutes(1);
}

/// <summary>Tags of the checks: "health" for /health (as before), "ready" for /health/ready (all of them).</summary>
internal static class HealthTags
{
    public const string Health = "health";
    public const string Ready = "ready";
}

/// <summary>Unhealthy when a module database (the core's with the access log included) does not answer.</summary>
internal sealed class DatabasesHealthCheck(IEnumerable<IModuleDatabase> databases, ITransparencyLog transparency) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var modules = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var database in databases)
        {
            modules[database.ModuleName] = await database.CanConnectAsync(cancellationToken);
        }

        var down = modules.Where(m => m.Value is false).Select(m => m.Key).ToList();
        if (!down.Contains("core"))
        {
            try
            {
                // The access log must be readable: no look-up is shown unless its entry can be written there.
                modules["accessLogEntries"] = await transparency.SizeAsync(TransparencyLogs.Access, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                down.Add("core (åtkomstloggen)");
            }
        }

        return down.Count == 0
            ? HealthCheckResult.Healthy("Alla moduldatabaser svarar", modules)
            : HealthCheckResult.Unhealthy(string.Join("; ", down.Select(m => $"Modulen {m}: databasen svarar inte")), data: modules);
    }
}

/// <summary>Unhealthy when the data folder's disk is (nearly) full (SQLite); PostgreSQL's disk is watched on its server.</summary>
internal sealed class DiskHealthCheck(DatabaseOptions database, IConfiguration settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var disk = HealthChecks.Disk(database, settings);
        var data = new Dictionary<string, object> { ["minimumMegabytes"] = disk.MinimumMegabytes };
        if (disk.FreeMegabytes is { } free)
        {
            data["freeMegabytes"] = free;
        }

        return Task.FromResult(disk.Problem is { } problem ? HealthCheckResult.Unhealthy(problem, data: data) : HealthCheckResult.Healthy("Tillräckligt med ledigt utrymme", data));
    }
}

/// <summary>Degraded when the configuration file on disk is rejected (the last valid one is in force).</summary>
internal sealed class ConfigurationHealthCheck(IMunicipalityRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["version"] = registry.Current.Version,
            ["loadedAt"] = registry.Current.LoadedAt,
            ["startedOnLastValid"] = registry.StartedOnLastValid is not null,
        };
        return Task.FromResult(registry.RejectedProblems.Count > 0
            ? HealthCheckResult.Degraded(HealthChecks.RejectedConfiguration(registry), data: data)
            : HealthCheckResult.Healthy("Konfigurationen på disk gäller", data));
    }
}

/// <summary>Degraded when the hosts seen recently run different versions of the jour configuration (ADR 0029).</summary>
internal sealed class ConfigurationVersionHealthCheck(IMunicipalityRegistry registry, IHostHeartbeats heartbeats, HostIdentity identity, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (hosts, problem) = await CompareAsync(registry, heartbeats, identity, time, cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["hostId"] = identity.HostId,
            ["version"] = registry.Current.Version,
            ["hosts"] = hosts.Select(h => new { h.HostId, version = h.ConfigurationVersion, h.ApplicationVersion, h.LastSeenAt }).ToList(),
        };
        return problem is null ? HealthCheckResult.Healthy("Alla värdar kör samma konfiguration", data) : HealthCheckResult.Degraded(problem, data: data);
    }

    /// <summary>The hosts seen recently (this host with its configuration now) and, when they differ, a Swedish message naming them.</summary>
    public static async Task<(IReadOnlyList<HostHeartbeat> Hosts, string? Problem)> CompareAsync(
        IMunicipalityRegistry registry, IHostHeartbeats heartbeats, HostIdentity identity, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var self = new HostHeartbeat(identity.HostId, registry.Current.ContentHash, identity.ApplicationVersion, identity.StartedAt, now);
        var others = (await heartbeats.SeenSinceAsync(now - identity.SeenWithin, cancellationToken))
            .Where(h => h.HostId != identity.HostId && !IsEarlierProcessOfThisHost(h, identity));
        var hosts = others.Append(self).OrderBy(h => h.HostId, StringComparer.Ordinal).ToList();
        var versions = hosts.GroupBy(h => h.ConfigurationHash).ToList();
        if (versions.Count <= 1)
        {
            return (hosts, null);
        }

        var list = string.Join(", ", versions.Select(g => $"{string.Join(" och ", g.Select(h => h.HostId))} kör {g.First().ConfigurationVersion}"));
        return (hosts, $"Värdarna kör olika versioner av jourens konfiguration: {list}. Lägg samma jour.json på alla värdar (docs/operations.md).");
    }

    /// <summary>
    /// This machine's previous process, replaced by a restart (the default host id is the machine name and the process id):
    /// on this machine under the default naming, started before this process, and not heard from since it started. A
    /// process that is still running beats every interval, so a second live host on the machine is compared as soon as it
    /// beats after this one started; the replaced one is not mistaken for another host during its last minute in the table.
    /// </summary>
    internal static bool IsEarlierProcessOfThisHost(HostHeartbeat other, HostIdentity identity)
    {
        var machine = Environment.MachineName + "-";
        return identity.HostId.StartsWith(machine, StringComparison.Ordinal) && other.HostId.StartsWith(machine, StringComparison.Ordinal)
            && int.TryParse(other.HostId.AsSpan(machine.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
            && other.StartedAt < identity.StartedAt && other.LastSeenAt < identity.StartedAt;
    }
}

/// <summary>Degraded when a module's outbox holds a message older than the limit (a subscriber keeps failing).</summary>
internal sealed class OutboxHealthCheck(IEnumerable<IOutbox> outboxes, OutboxOptions options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var list = outboxes.ToList();
        var problems = await HealthChecks.StaleOutboxesAsync(list, options, time, cancellationToken);
        var data = new Dictionary<string, object> { ["staleAfterMinutes"] = options.StaleAfter.TotalMinutes };
        foreach (var (module, lag) in OutboxLag.Current)
        {
            data["lagSeconds." + module] = Math.Round(lag, 1);
        }

        return problems.Count == 0 ? HealthCheckResult.Healthy("Inga meddelanden väntar för länge", data) : HealthCheckResult.Degraded(string.Join(" ", problems), data: data);
    }
}

/// <summary>
/// The last verification of the audit and access logs (nightly, ADR 0013): Degraded when it found a break or has not run for
/// two days. Degraded, not Unhealthy: a broken log is an incident for people to handle, not a reason to take every host out.
/// </summary>
internal sealed class ChainHealthCheck(IChainVerifier verifier, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(48);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var latest = await verifier.LatestAsync(cancellationToken);
        var data = latest.ToDictionary(c => c.Chain, c => (object)new { c.CheckedAt, c.Intact, c.EntriesChecked });
        if (latest.Count == 0)
        {
            return HealthCheckResult.Healthy("Loggarna har inte verifierats än (varje natt kl. 03.30)", data);
        }

        var broken = latest.Where(c => !c.Intact).ToList();
        if (broken.Count > 0)
        {
            return HealthCheckResult.Degraded(string.Join(" ", broken.Select(c =>
                $"{TransparencyLogs.SwedishName(c.Chain)} är BRUTEN enligt verifieringen {c.CheckedAt:yyyy-MM-dd HH:mm} UTC: {c.Problem}. Hantera som säkerhetsincident (docs/operations.md).")), data: data);
        }

        var oldest = latest.Min(c => c.CheckedAt);
        return time.GetUtcNow() - oldest > MaxAge
            ? HealthCheckResult.Degraded($"Loggarna verifierades senast {oldest:yyyy-MM-dd HH:mm} UTC, för mer än {MaxAge.TotalHours:0} timmar sedan: körs det schemalagda jobbet?", data: data)
            : HealthCheckResult.Healthy("Loggarna är obrutna enligt senaste verifieringen", data);
    }
}

/// <summary>
/// The journal systems' last checks (from the database, so any host sees the check another host made): Degraded when a
/// member's system did not answer with its canary. Statuses only: an error text could name internals and /health is anonymous.
/// </summary>
internal sealed class AdaptersHealthCheck(IMunicipalityRegistry registry, IAdapterHealthMonitor monitor, SocialJour.Core.Calendar.JourClock clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        var failing = new List<string>();
        foreach (var m in registry.MembersOn(clock.Today))
        {
            var last = (await monitor.HistoryAsync(m.Code, 1, cancellationToken)).FirstOrDefault();
            data[m.Code] = last is null ? new { status = "NotChecked" } : new { status = last.Status.ToString(), last.CheckedAt, latencyMs = (int)last.Latency.TotalMilliseconds };
            if (last is { Healthy: false })
            {
                failing.Add($"{m.Code} {m.Name} ({last.Status})");
            }
        }

        return failing.Count == 0
            ? HealthCheckResult.Healthy("Alla kontrollerade journalsystem svarar", data)
            : HealthCheckResult.Degraded($"Journalsystem som inte svarade vid senaste kontrollen: {string.Join(", ", failing)}.", data: data);
    }
}

/// <summary>
/// The JSON body of /health/live and /health/ready: overall status, this host, and each check (no secrets, no persons).
/// Without sign-in (a load balancer, anyone on the network) only the status: the host id, versions and problems are for the
/// jour's staff and the monitoring client (policy Staff: a session, or a bearer token with <c>socialjour.monitoring</c>).
/// </summary>
internal static class HealthResponse
{
    /// <summary>Whether this request may see the details of the health endpoints (the status code and status are for anyone).</summary>
    public static async Task<bool> MaySeeDetailsAsync(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
        && (await context.RequestServices.GetRequiredService<IAuthorizationService>()
            .AuthorizeAsync(context.User, context, SocialJour.Core.Security.Policies.Staff)).Succeeded;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        if (!await MaySeeDetailsAsync(context))
        {
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }, Json));
            return;
        }

        var identity = context.RequestServices.GetRequiredService<HostIdentity>();
        var registry = context.RequestServices.GetRequiredService<IMunicipalityRegistry>();
        var body = new
        {
            status = report.Status.ToString(),
            hostId = identity.HostId,
            applicationVersion = identity.ApplicationVersion,
            configurationVersion = registry.Current.Version,
            durationMs = (int)report.TotalDuration.TotalMilliseconds,
            problems = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Value.Description).ToList(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        };
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
