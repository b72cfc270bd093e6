using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Feed;

namespace SocialJour.Modules.Statistics.Demo;

/// <summary>
/// The demo's statistics history (only with <c>SocialJour:Statistics:DemoHistory</c> true, which <c>./run.sh</c> sets and
/// production never does): generated events for 2019–2021 (<see cref="DemoEvents"/>) fed through <see cref="StatisticsProjection"/>
/// in batches — the same path as real deliveries — so that Nordväst's 1 January–10 December totals are the source's own
/// (4 983 / 1 915, 4 607 / 1 924, 5 303 / 2 527). Once: a second start finds the history's last contact and adds nothing
/// (a seeding cut short is completed on the next start: the projection counts a repeated event once). Audit-logged.
/// </summary>
internal sealed class StatisticsDemoHistory(
    StatisticsProjection projection,
    Func<StatisticsDbContext> contexts,
    IOutbox<StatisticsDbContext> outbox,
    IMunicipalityRegistry registry,
    ILogger<StatisticsDemoHistory> logger) : IHostedService
{
    public const string Setting = "SocialJour:Statistics:DemoHistory";

    /// <summary>Events per call of the projection: one transaction each.</summary>
    public const int BatchSize = 5_000;

    public static bool Enabled(IConfiguration configuration) => bool.TryParse(configuration[Setting], out var on) && on;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await SeedAsync(cancellationToken) is { } what)
            {
                logger.LogInformation("Statistics demo history seeded: {What}", what);
            }
        }
        catch (Exception e) when (e is ValidationException or DbUpdateException or NotImplementedException or InvalidOperationException)
        {
            // The demo's history is a convenience: the host starts without it.
            logger.LogWarning("Statistics demo history not seeded ({Type}: {Message})", e.GetType().Name, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Seeds the history unless it is there; returns what was added, or null.</summary>
    public async Task<string?> SeedAsync(CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var items = DemoEvents.Generate(configuration);
        var lastContact = items.Select(i => i.Event).OfType<ContactRegistered>().Max(c => c.ContactId);
        await using (var db = contexts())
        {
            if (await db.Contacts.AnyAsync(c => c.ContactId == lastContact, cancellationToken))
            {
                return null;
            }
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < items.Count; i += BatchSize)
        {
            await projection.ApplyAsync(items.Skip(i).Take(BatchSize).ToList(), cancellationToken);
        }

        var events = items.Select(i => i.Event).ToList();
        var what = $"{events.OfType<ContactRegistered>().Count()} kontakter, {events.OfType<CaseOpened>().Count()} ärenden och " +
            $"{events.Count} händelser 2019–2021 ({watch.Elapsed.TotalSeconds:0.0} s)";
        await using (var db = contexts())
        {
            db.Audit(DemoEvents.Actor, "statistics.demo-history-seeded", configuration.Jour.Name, what);
            await outbox.SaveAndDispatchAsync(db, cancellationToken);
        }

        return what;
    }
}
