namespace SocialJour.Modules.Statistics.Contracts;

/// <summary>
/// The Statistics module's one public entry: the annual report's tables and charts for any period, computed from the
/// module's own fact tables (fed by integration events; it reads no other module's tables). docs/statistics.md defines
/// every measure. Other modules and the host use only this (and the module's endpoints under /api/statistics).
/// </summary>
public interface IStatisticsModule
{
    /// <summary>The module's name, as used for its database file or schema.</summary>
    string Name { get; }

    /// <summary>Whether the module's database answers.</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The report for <see cref="StatisticsQuery.From"/>–<see cref="StatisticsQuery.To"/> (local dates, both included) and the
    /// same dates in the <see cref="StatisticsQuery.CompareYears"/> years before, for the whole jour or one municipality.
    /// Throws <c>SocialJour.Core.ValidationException</c> naming the field for a bad period or an unknown municipality.
    /// </summary>
    Task<StatisticsReport> ReportAsync(StatisticsQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Why figures for From–To may not leave the jour (the released form: files, municipality views, machine clients), in
    /// Swedish; null when it is an ended release period (docs/statistics.md, "Små tal och differensattacker").
    /// </summary>
    string? ReleaseRefusal(DateOnly from, DateOnly to);

    /// <summary>The report as a file to send out of the jour: small counts are always suppressed (as "&lt;5"), release periods only.</summary>
    Task<StatisticsFile> ExportAsync(StatisticsQuery query, StatisticsFormat format, CancellationToken cancellationToken);

    /// <summary>
    /// The whole jour's report as an internal file, small counts shown and every page and sheet marked internal (the unit
    /// manager's working file for the annual report; who may have it is <c>DisclosurePolicy.MayExportInternalStatistics</c>).
    /// </summary>
    Task<StatisticsFile> InternalExportAsync(StatisticsQuery query, StatisticsFormat format, CancellationToken cancellationToken);

    /// <summary>One chart of a computed report as SVG (Swedish labels), or null for an unknown key (see <see cref="StatisticsReport.Charts"/>).</summary>
    string? ChartSvg(StatisticsReport report, string chartKey);
}
