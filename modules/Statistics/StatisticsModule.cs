using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Statistics.Contracts;
using SocialJour.Modules.Statistics.Documents;
using SocialJour.Modules.Statistics.Report;

namespace SocialJour.Modules.Statistics;

/// <summary>The module's entry: the report from <see cref="StatisticsReporter"/>, its files and charts from <see cref="StatisticsDocuments"/>.</summary>
internal sealed class StatisticsModule(ModuleDatabase<StatisticsDbContext> database, StatisticsReporter reporter, IMunicipalityRegistry registry, JourClock clock) : IStatisticsModule
{
    public string Name => StatisticsDbContext.ModuleName;

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => database.CanConnectAsync(cancellationToken);

    public Task<StatisticsReport> ReportAsync(StatisticsQuery query, CancellationToken cancellationToken) => reporter.ReportAsync(query, cancellationToken);

    public string? ReleaseRefusal(DateOnly from, DateOnly to)
    {
        try
        {
            ReleasePeriodRule.Check(new StatisticsQuery(from, to), StatisticsSettings.Read(registry.Current), clock.Today);
            return null;
        }
        catch (ValidationException e)
        {
            return e.Message;
        }
    }

    public async Task<StatisticsFile> ExportAsync(StatisticsQuery query, StatisticsFormat format, CancellationToken cancellationToken)
    {
        // What leaves the jour is always suppressed.
        var report = await reporter.ReportAsync(query with { Suppress = true }, cancellationToken);
        return StatisticsDocuments.Write(report, format, registry.Current.Jour.Name, registry.Current.Jour.TimeZone);
    }

    public async Task<StatisticsFile> InternalExportAsync(StatisticsQuery query, StatisticsFormat format, CancellationToken cancellationToken)
    {
        var report = await reporter.ReportAsync(query with { Suppress = false, MunicipalityCode = null }, cancellationToken);
        return StatisticsDocuments.Write(report, format, registry.Current.Jour.Name, registry.Current.Jour.TimeZone);
    }

    public string? ChartSvg(StatisticsReport report, string chartKey) => StatisticsDocuments.ChartSvg(report, chartKey);
}
