using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>
/// Computes the report from the fact tables: validates the query (period at most 366 days, From ≤ To, 0–4 comparison years,
/// a known municipality), builds every table of docs/statistics.md for the chosen period and the key figures for each
/// period, and suppresses small counts when asked (<see cref="StatisticsQuery.Suppress"/> or a municipality view).
/// </summary>
internal sealed class StatisticsReporter(Func<StatisticsDbContext> contexts, IMunicipalityRegistry registry, JourClock clock)
{
    private async Task<List<BreachRow>> LoadBreachesAsync(StatisticsPeriod period, string? code, CancellationToken cancellationToken)
    {
        return await Task.Run(async () =>
        {
            await using var db = contexts();
            return await FactQueries.BreachesAsync(db, period, code, cancellationToken);
        }, cancellationToken);
    }

    public async Task<StatisticsReport> ReportAsync(StatisticsQuery query, CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var member = ReportPeriods.Validate(query, configuration);
        var settings = StatisticsSettings.Read(configuration);
        var code = member?.Code.Value;
        var suppressed = query.Suppress || member is not null;
        if (suppressed)
        {
            ReleasePeriodRule.Check(query, settings, clock.Today);
        }

        var cells = suppressed ? new Suppression(true, member is not null, settings.SuppressBelow) : Suppression.None;

        var periods = ReportPeriods.Of(query);
        // The periods are independent reads: each on its own connection, at the same time (the database works on them in
        // parallel — SQLite readers in WAL mode, PostgreSQL backends), so the report takes about as long as its largest period.
        var loads = periods.Select(period => FactQueries.LoadAsync(contexts, period, code, cancellationToken)).ToList();
        var breachLoad = suppressed ? Task.FromResult(new List<BreachRow>()) : LoadBreachesAsync(periods[^1], code, cancellationToken);
        var facts = (await Task.WhenAll(loads)).ToList();
        var breaches = await breachLoad;

        var chosen = facts[^1];
        var municipalities = MunicipalityRows.Of(configuration, chosen, member);
        var tables = new ReportTables(facts, municipalities.Rows, cells, settings, municipalityView: member is not null);
        var built = tables.All();

        var notes = new List<string>(municipalities.Notes);
        if (tables.SosContractLine() is { } sos)
        {
            notes.Add(sos);
        }

        if (suppressed && settings.SuppressBelow > 1)
        {
            notes.Add($"Antal från 1 till {settings.SuppressBelow - 1} visas som \"<{settings.SuppressBelow}\" och andelar som bygger på dem som \"–\"" +
                (member is null ? "; summorna visas." : ".") + " Listan över brister ingår inte.");
        }

        return new StatisticsReport(
            chosen.Period,
            periods,
            code,
            member?.Name,
            suppressed,
            settings.SuppressBelow,
            built,
            ReportCharts.Of(built),
            breaches.OrderBy(b => b.DueAt).ThenBy(b => b.CaseId, StringComparer.Ordinal)
                .Select(b => new ResponseBreach(b.CaseId, b.Municipality, MunicipalityRows.NameOf(configuration, b.Municipality), StatisticsText.ResponseTarget(b.Kind), b.DueAt, b.DoneAt))
                .ToList(),
            notes,
            clock.UtcNow);
    }
}
