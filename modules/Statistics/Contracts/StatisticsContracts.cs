namespace SocialJour.Modules.Statistics.Contracts;

/// <summary>
/// What to report: a period of local dates (Europe/Stockholm; <paramref name="From"/> and <paramref name="To"/> both included,
/// at most 366 days), compared with the same dates in the <paramref name="CompareYears"/> years before (0–4), for the whole
/// jour or, with <paramref name="MunicipalityCode"/>, one member municipality (a view the municipality may be given: always
/// suppressed). <paramref name="Suppress"/> hides small counts as they would leave the jour.
/// </summary>
public sealed record StatisticsQuery(DateOnly From, DateOnly To, int CompareYears = 2, string? MunicipalityCode = null, bool Suppress = false);

/// <summary>A report period: its dates (both included) and its label, e.g. "2021" or "2021-01-01 – 2021-12-10".</summary>
public sealed record StatisticsPeriod(DateOnly From, DateOnly To, string Label);

/// <summary>
/// The computed report. <see cref="Periods"/> is in date order with the chosen period last (as the business plan's table);
/// the key-figures table has one column per period, the other tables are for the chosen period. Every table and chart is
/// described in docs/statistics.md under its key.
/// </summary>
public sealed record StatisticsReport(
    StatisticsPeriod Period,
    IReadOnlyList<StatisticsPeriod> Periods,
    string? MunicipalityCode,
    string? MunicipalityName,
    bool Suppressed,
    int SuppressBelow,
    IReadOnlyList<StatisticsTable> Tables,
    IReadOnlyList<StatisticsChart> Charts,
    IReadOnlyList<ResponseBreach> Breaches,
    IReadOnlyList<string> Notes,
    DateTimeOffset ComputedAt);

/// <summary>A table of the report: <see cref="Columns"/> are the headings after the row label's heading <see cref="RowHeading"/>.</summary>
public sealed record StatisticsTable(
    string Key,
    string Title,
    string RowHeading,
    IReadOnlyList<string> Columns,
    IReadOnlyList<StatisticsRow> Rows,
    StatisticsRow? Total,
    string? Note);

/// <summary>A row: its key (a municipality code, a category name, …), its Swedish label and one cell per column.</summary>
public sealed record StatisticsRow(string Key, string Label, IReadOnlyList<StatisticsCell> Cells);

/// <summary>
/// A cell: its kind, its value (null when suppressed or empty) and how it is shown in Swedish ("4 983", "38,4 %", "12,5",
/// "&lt;5", "–"). Exports write <see cref="Value"/> as a number where there is one and <see cref="Display"/> otherwise.
/// </summary>
public sealed record StatisticsCell(StatisticsValueKind Kind, decimal? Value, string Display, bool Suppressed = false);

/// <summary>What a cell holds.</summary>
public enum StatisticsValueKind
{
    /// <summary>A number of contacts, cases, calls, look-ups, …</summary>
    Count,

    /// <summary>Hours, with one decimal.</summary>
    Hours,

    /// <summary>A share in per cent, with one decimal (cut, not rounded, as the jour's own reports do).</summary>
    Percent,

    /// <summary>Text (a label inside a table) or nothing ("–").</summary>
    Text,
}

/// <summary>A chart the report offers, drawn from the table <see cref="TableKey"/>; <see cref="Description"/> is its text alternative.</summary>
public sealed record StatisticsChart(string Key, string Title, string TableKey, string Description);

/// <summary>
/// A missed response target in the chosen period: the case, its municipality (where the case ended), the target
/// ("Återuppringning inom 30 minuter" or "På plats inom 2 timmar"), when it was due and when the step was done (null: never recorded).
/// </summary>
public sealed record ResponseBreach(string CaseId, string MunicipalityCode, string MunicipalityName, string Target, DateTimeOffset DueAt, DateTimeOffset? DoneAt);

/// <summary>A file for download.</summary>
public sealed record StatisticsFile(string FileName, string ContentType, byte[] Content);

/// <summary>The export formats.</summary>
public enum StatisticsFormat
{
    Xlsx,
    Csv,
    Pdf,
}
