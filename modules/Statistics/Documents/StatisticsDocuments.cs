using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Documents;

/// <summary>
/// The report's files — XLSX (<see cref="StatisticsXlsx"/>), CSV (<see cref="StatisticsCsv"/>) and the PDF appendix
/// "Bilaga 2: Socialjouren statistik totalt" (<see cref="StatisticsPdf"/>) — and its charts (<see cref="StatisticsCharts"/>:
/// SVG for the page, PNG inside the PDF). They write what the report holds: suppression is the reporter's (what leaves the
/// jour is computed with Suppress), so a file never shows a figure the report hid.
/// </summary>
internal static class StatisticsDocuments
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string PdfContentType = "application/pdf";

    public static StatisticsFile Write(StatisticsReport report, StatisticsFormat format, string jourName, TimeZoneInfo zone) => format switch
    {
        StatisticsFormat.Xlsx => new(DocumentText.FileName(report, format), XlsxContentType, StatisticsXlsx.Render(report, jourName, zone)),
        StatisticsFormat.Csv => new(DocumentText.FileName(report, format), CsvContentType, StatisticsCsv.Render(report, jourName, zone)),
        StatisticsFormat.Pdf => new(DocumentText.FileName(report, format), PdfContentType, StatisticsPdf.Render(report, jourName, zone)),
        _ => throw new SocialJour.Core.ValidationException("format", $"Okänt format {format}: välj xlsx, csv eller pdf."),
    };

    public static string? ChartSvg(StatisticsReport report, string chartKey) => StatisticsCharts.Svg(report, chartKey);
}
