using MiniExcelLibs;
using SocialJour.Core.Documents;
using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Documents;

/// <summary>
/// The report as a workbook (MiniExcel): first the sheet "Om statistiken" (report, jour, period, comparison periods,
/// municipality, the threshold for small counts, when it was computed, the notes), then one sheet per table, named by its
/// title, with the row heading and the table's columns, its rows and its total row. Figures are number cells (counts,
/// hours, shares in per cent) so they can be summed and charted, each with its number format (<see cref="XlsxFormats"/>:
/// "5 303", "1 702,3", "47,6 %") and every column as wide as its values; a suppressed cell is the text "&lt;5", an empty one "–".
/// </summary>
internal static class StatisticsXlsx
{
    public const string AboutSheet = "Om statistiken";
    public const string BreachSheet = "Brister";

    /// <summary>The tables' sheets (an Excel sheet name has at most 31 characters; "Om statistiken" gives each full title).</summary>
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["key-figures"] = "Nyckeltal",
        ["contacts-by-channel"] = "Per kanal",
        ["by-municipality"] = "Per kommun",
        ["cases-by-category"] = "Kategori per kommun",
        ["cases-by-channel"] = "Kanal per kommun",
        ["jour-mode"] = "Öppettid och beredskap",
        ["response-targets"] = "Svarstider",
        ["commissions"] = "Uppdrag",
        ["deviations"] = "Avvikelser",
        ["complaints"] = "Klagomål",
        ["lookups"] = "Slagningar",
    };

    public static byte[] Render(StatisticsReport report, string jourName, TimeZoneInfo zone)
    {
        var sheets = new Dictionary<string, object> { [AboutSheet] = About(report, jourName, zone) };
        var formats = new Dictionary<string, XlsxFormats.CellFormat>(StringComparer.Ordinal);
        foreach (var table in report.Tables)
        {
            var name = SheetName(ShortNames.GetValueOrDefault(table.Key, table.Title), sheets.Keys);
            sheets[name] = Rows(table);
            formats[name] = Formats(table);
        }

        if (report.Breaches.Count > 0)
        {
            sheets[BreachSheet] = report.Breaches.Select(b => new Dictionary<string, object>
            {
                ["Ärende"] = b.CaseId,
                ["Kommun"] = $"{b.MunicipalityName} ({b.MunicipalityCode})",
                ["Mål"] = b.Target,
                ["Senast"] = DocumentText.Local(b.DueAt, zone),
                ["Utfört"] = b.DoneAt is { } done ? DocumentText.Local(done, zone) : "ej utfört",
            }).ToList();
        }

        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        return XlsxFormats.Apply(stream.ToArray(), formats);
    }

    /// <summary>
    /// A table's number formats by its cells' kinds: counts whole with a thousands separator, hours with one decimal, shares
    /// as the per cent they hold ("47,6 %": the figure stays the annual report's, cut to one decimal, and is not multiplied).
    /// </summary>
    private static XlsxFormats.CellFormat Formats(StatisticsTable table)
    {
        var rows = DocumentText.RowsWithTotal(table).Select(r => r.Row).ToList();
        return (row, column) => row >= 1 && row <= rows.Count && column >= 1 && rows[row - 1].Cells.ElementAtOrDefault(column - 1) is { } cell
            ? cell.Kind switch
            {
                StatisticsValueKind.Count => XlsxNumberFormat.Whole,
                StatisticsValueKind.Hours => XlsxNumberFormat.Hours,
                StatisticsValueKind.Percent => XlsxNumberFormat.PerCent,
                _ => XlsxNumberFormat.General,
            }
            : XlsxNumberFormat.General;
    }

    /// <summary>An Excel sheet name: at most 31 characters, none of : \ / ? * [ ], unique in the workbook.</summary>
    public static string SheetName(string title, IEnumerable<string> taken)
    {
        var clean = new string(title.Select(c => ":\\/?*[]".Contains(c, StringComparison.Ordinal) ? '-' : c).ToArray()).Trim();
        var name = clean.Length > 31 ? clean[..31].TrimEnd() : clean;
        var used = taken.ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var n = 2; used.Contains(name); n++)
        {
            var suffix = $" ({n})";
            name = (clean.Length > 31 - suffix.Length ? clean[..(31 - suffix.Length)].TrimEnd() : clean) + suffix;
        }

        return name;
    }

    private static List<Dictionary<string, object>> About(StatisticsReport report, string jourName, TimeZoneInfo zone)
    {
        var rows = new List<(string, string)>
        {
            ("Rapport", DocumentText.Title(report)),
            ("Jour", jourName),
            ("Period", DocumentText.Dates(report.Period)),
            ("Jämförelseperioder", DocumentText.Comparisons(report)),
            ("Kommun", DocumentText.Scope(report)),
            ("Små tal", DocumentText.SuppressionNote(report)),
            ("Gräns för små tal", report.SuppressBelow.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Beräknad", DocumentText.Local(report.ComputedAt, zone)),
        };
        var taken = new List<string> { AboutSheet };
        foreach (var table in report.Tables)
        {
            var sheet = SheetName(ShortNames.GetValueOrDefault(table.Key, table.Title), taken);
            taken.Add(sheet);
            rows.Add(($"Blad {sheet}", table.Title));
        }

        rows.AddRange(report.Notes.Select((n, i) => ($"Notering {i + 1}", n)));
        rows.AddRange(report.Tables.Where(t => t.Note is not null).Select(t => ($"Not: {t.Title}", t.Note!)));
        return rows.Select(r => new Dictionary<string, object> { ["Uppgift"] = r.Item1, ["Värde"] = r.Item2 }).ToList();
    }

    private static List<Dictionary<string, object>> Rows(StatisticsTable table)
    {
        var heading = string.IsNullOrWhiteSpace(table.RowHeading) ? " " : table.RowHeading;
        var columns = table.Columns.Select((c, i) => UniqueColumn(c, i, heading, table.Columns)).ToList();
        return DocumentText.RowsWithTotal(table).Select(r =>
        {
            var row = new Dictionary<string, object> { [heading] = r.Row.Label };
            for (var i = 0; i < columns.Count; i++)
            {
                row[columns[i]] = Cell(r.Row.Cells.ElementAtOrDefault(i));
            }

            return row;
        }).ToList();
    }

    private static string UniqueColumn(string column, int index, string heading, IReadOnlyList<string> all) =>
        column == heading || all.Take(index).Contains(column) ? $"{column} ({index + 1})" : column;

    /// <summary>A number where the cell has one (decimal, so 38,4 stays 38,4), else its Swedish text ("&lt;5", "–").</summary>
    private static object Cell(StatisticsCell? cell) => cell switch
    {
        null => "",
        { Kind: not StatisticsValueKind.Text, Value: { } value, Suppressed: false } => value,
        _ => cell.Display,
    };
}
