using System.Globalization;
using System.Text;
using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Documents;

/// <summary>
/// The report as CSV for Excel in Swedish: UTF-8 with BOM (so å ä ö open right), semicolons, decimal comma and no
/// thousands separator in figures (so Excel reads them as numbers), CRLF. First a block about the report, then one block per
/// table: its title, its heading line, its rows and total, an empty line. A suppressed cell is "&lt;5", an empty one "–";
/// a text starting with = + - @ gets a leading ' (no formulas from a CSV).
/// </summary>
internal static class StatisticsCsv
{
    public static byte[] Render(StatisticsReport report, string jourName, TimeZoneInfo zone)
    {
        var text = new StringBuilder();
        void Line(params string[] cells) => text.Append(string.Join(';', cells.Select(Quote))).Append("\r\n");

        Line(DocumentText.Title(report));
        Line("Jour", jourName);
        Line("Period", DocumentText.Dates(report.Period));
        Line("Jämförelseperioder", DocumentText.Comparisons(report));
        Line("Kommun", DocumentText.Scope(report));
        Line("Små tal", DocumentText.SuppressionNote(report));
        Line("Beräknad", DocumentText.Local(report.ComputedAt, zone));
        foreach (var note in report.Notes)
        {
            Line("Notering", note);
        }

        foreach (var table in report.Tables)
        {
            text.Append("\r\n");
            Line(table.Title);
            Line([table.RowHeading, .. table.Columns]);
            foreach (var (row, _) in DocumentText.RowsWithTotal(table))
            {
                Line([row.Label, .. table.Columns.Select((_, i) => Cell(row.Cells.ElementAtOrDefault(i)))]);
            }

            if (table.Note is { } note)
            {
                Line(note);
            }
        }

        if (report.Breaches.Count > 0)
        {
            text.Append("\r\n");
            Line("Brister mot svarstiderna");
            Line("Ärende", "Kommun", "Mål", "Senast", "Utfört");
            foreach (var b in report.Breaches)
            {
                Line(b.CaseId, $"{b.MunicipalityName} ({b.MunicipalityCode})", b.Target, DocumentText.Local(b.DueAt, zone), b.DoneAt is { } done ? DocumentText.Local(done, zone) : "ej utfört");
            }
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>A figure with a decimal comma and no grouping ("4983", "38,4"); a suppressed or empty cell its text.</summary>
    private static string Cell(StatisticsCell? cell) => cell switch
    {
        null => "",
        { Kind: not StatisticsValueKind.Text, Value: { } value, Suppressed: false } => value.ToString("0.##########", DocumentText.Numbers),
        _ => cell.Display,
    };

    /// <summary>Quoted when it holds a separator, a quote or a line break; a leading formula character is neutralised.</summary>
    private static string Quote(string text)
    {
        var t = text.Length > 0 && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;
        return t.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : t;
    }
}
