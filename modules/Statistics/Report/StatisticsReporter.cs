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
    public Task<StatisticsReport> ReportAsync(StatisticsQuery query, CancellationToken cancellationToken)
    {
        _ = contexts;
        _ = registry;
        _ = clock;
        _ = query;
        _ = cancellationToken;
        throw new NotImplementedException("Helper 'report' implements this.");
    }
}
