using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>The report's charts (docs/statistics.md): each drawn from one table, with a text alternative built from the cells as shown (so suppressed counts stay hidden).</summary>
internal static class ReportCharts
{
    public const string CasesByPeriod = "cases-by-period";
    public const string CasesByMunicipality = "cases-by-municipality";
    public const string CasesByCategory = "cases-by-category";
    public const string JourMode = "jour-mode";

    public static IReadOnlyList<StatisticsChart> Of(IReadOnlyList<StatisticsTable> tables)
    {
        var byKey = tables.ToDictionary(t => t.Key, StringComparer.Ordinal);
        var keyFigures = byKey[ReportTables.KeyFigures];
        var cases = keyFigures.Rows.Single(r => r.Key == "cases");
        var children = keyFigures.Rows.Single(r => r.Key == "child-cases");
        var periods = string.Join("; ", keyFigures.Columns.Select((label, i) => $"{label}: {cases.Cells[i].Display} ärenden, varav {children.Cells[i].Display} barn och unga"));

        var municipalities = byKey[ReportTables.ByMunicipality];
        var perMunicipality = string.Join("; ", municipalities.Rows.Select(r => $"{r.Label}: {r.Cells[1].Display}"));

        var categories = byKey[ReportTables.CasesByCategory];
        var perCategory = categories.Total is { } total
            ? string.Join("; ", categories.Columns.Select((label, i) => $"{label}: {total.Cells[i].Display}"))
            : "";

        var mode = byKey[ReportTables.JourModeKey];
        var perMode = string.Join("; ", mode.Rows.Select(r => $"{r.Label}: öppettid {r.Cells[0].Display}, beredskap {r.Cells[1].Display}"));

        return
        [
            new(CasesByPeriod, "Ärenden per period", ReportTables.KeyFigures, $"Ärenden och ärenden som rör barn och unga per period. {periods}."),
            new(CasesByMunicipality, "Ärenden per kommun", ReportTables.ByMunicipality, $"Ärenden per kommun. {perMunicipality}."),
            new(CasesByCategory, "Ärenden per kategori", ReportTables.CasesByCategory, $"Ärenden per kategori, hela jouren. {perCategory}."),
            new(JourMode, "Öppettid och beredskap", ReportTables.JourModeKey, $"Öppettid och beredskap. {perMode}."),
        ];
    }
}
