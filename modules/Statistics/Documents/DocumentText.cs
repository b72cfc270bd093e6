using System.Globalization;
using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Documents;

/// <summary>The words, numbers and file names the report's files share (Swedish: "4 983", "38,4", no-break spaces).</summary>
internal static class DocumentText
{
    public const string KeyFiguresKey = "key-figures";

    /// <summary>Swedish numbers: a no-break space between thousands and a decimal comma, so a figure never wraps.</summary>
    public static readonly NumberFormatInfo Numbers = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = "\u00a0",
        NumberGroupSizes = [3],
        NegativeSign = "-",
    };

    /// <summary>"Bilaga 2: Socialjouren statistik totalt 2021" (the annual report's appendix).</summary>
    public static string Title(StatisticsReport report) =>
        (report.Suppressed ? "" : InternalMark + ": ") + $"Bilaga 2: Socialjouren statistik totalt {report.Period.Label}";

    /// <summary>What a file with small counts shown says first: it stays in the jour.</summary>
    public const string InternalMark = "INTERNT – små tal visas, lämnas inte ut";

    /// <summary>"Hela jouren" or "Sigtuna (0191)".</summary>
    public static string Scope(StatisticsReport report) => report.MunicipalityCode is { } code
        ? $"{report.MunicipalityName ?? code} ({code})"
        : "Hela jouren";

    /// <summary>What the reader is told about small counts.</summary>
    public static string SuppressionNote(StatisticsReport report) => report.Suppressed
        ? $"Små tal (färre än {report.SuppressBelow}) visas som <{report.SuppressBelow}"
        : "Små tal visas (inte dolda): endast för jourens eget bruk";

    public static string Dates(StatisticsPeriod period) => $"{Date(period.From)} – {Date(period.To)}";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An instant as the jour's local time, "2021-12-11 08:05".</summary>
    public static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The comparison periods in words: "2019, 2020" or "ingen".</summary>
    public static string Comparisons(StatisticsReport report)
    {
        var earlier = report.Periods.Where(p => p != report.Period).Select(p => p.Label).ToList();
        return earlier.Count == 0 ? "Ingen" : string.Join(", ", earlier);
    }

    /// <summary>A whole number the Swedish way, "4 983".</summary>
    public static string Whole(double value) => value.ToString("#,##0.##", Numbers);

    /// <summary>
    /// The file's name, ASCII only: <c>socialjouren-statistik-2021.xlsx</c> for a calendar year,
    /// <c>socialjouren-statistik-2021-01-01--2021-12-10.csv</c> otherwise, with <c>-0191</c> for a municipality's view.
    /// </summary>
    public static string FileName(StatisticsReport report, StatisticsFormat format)
    {
        var period = report.Period;
        var whole = period.From == new DateOnly(period.From.Year, 1, 1) && period.To == new DateOnly(period.From.Year, 12, 31);
        var label = whole ? period.From.Year.ToString(CultureInfo.InvariantCulture) : $"{Date(period.From)}--{Date(period.To)}";
        var municipality = report.MunicipalityCode is { } code ? "-" + code : "";
        return $"socialjouren-statistik-{(report.Suppressed ? "" : "internt-")}{label}{municipality}.{Extension(format)}";
    }

    public static string Extension(StatisticsFormat format) => format switch
    {
        StatisticsFormat.Xlsx => "xlsx",
        StatisticsFormat.Csv => "csv",
        _ => "pdf",
    };

    /// <summary>The table rows with the total last (the total row is bold in the PDF, a "Totalt" line in the sheets).</summary>
    public static IEnumerable<(StatisticsRow Row, bool Total)> RowsWithTotal(StatisticsTable table) =>
        table.Rows.Select(r => (r, false)).Concat(table.Total is { } t ? [(t, true)] : []);
}
