using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;

namespace SocialJour.Core.Documents;

/// <summary>How a number cell of a workbook is shown (the value stays exact: only the cell's number format is set).</summary>
public enum XlsxNumberFormat
{
    /// <summary>As written (Excel's General).</summary>
    General,

    /// <summary>A whole number with thousands separator: "#,##0" (counts, minutes).</summary>
    Whole,

    /// <summary>Kronor with öre and thousands separator: "#,##0.00".</summary>
    Kronor,

    /// <summary>Hours with one decimal: "0.0".</summary>
    Hours,

    /// <summary>A share held as a fraction (0.18166), shown in per cent with four decimals as on the page: "0.0000%".</summary>
    Share,

    /// <summary>A figure already in per cent (47.6, cut to one decimal as in the annual report), shown as "47,6 %" without being multiplied: "0.0 \"%\"".</summary>
    PerCent,
}

/// <summary>
/// Gives a workbook written by MiniExcel (which writes numbers as General and leaves the columns narrow) number formats and
/// column widths, so that it opens readable in Excel: per sheet, a number format for each number cell a caller names (kronor,
/// hours, shares …) and every column as wide as its longest shown value (within limits). Text cells, values and everything
/// else are left as they are.
/// </summary>
public static class XlsxFormats
{
    /// <summary>A cell's format by its 0-based row (the heading row is 0) and column; General for none.</summary>
    public delegate XlsxNumberFormat CellFormat(int row, int column);

    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>The Excel format code of <paramref name="format"/>, null for General.</summary>
    public static string? Code(XlsxNumberFormat format) => format switch
    {
        XlsxNumberFormat.Whole => "#,##0",
        XlsxNumberFormat.Kronor => "#,##0.00",
        XlsxNumberFormat.Hours => "0.0",
        XlsxNumberFormat.Share => "0.0000%",
        XlsxNumberFormat.PerCent => "0.0\\ \"%\"",
        _ => null,
    };

    /// <summary>The workbook with the number formats <paramref name="formats"/> gives per sheet name, and every sheet's column widths set.</summary>
    public static byte[] Apply(byte[] xlsx, IReadOnlyDictionary<string, CellFormat> formats)
    {
        var entries = new List<(string Name, byte[] Content)>();
        using (var input = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read))
        {
            foreach (var entry in input.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                entries.Add((entry.FullName, copy.ToArray()));
            }
        }

        XDocument Load(string name) => XDocument.Load(new MemoryStream(entries.Single(e => e.Name == name).Content));
        void Save(string name, XDocument document)
        {
            using var output = new MemoryStream();
            document.Save(output, SaveOptions.DisableFormatting);
            var i = entries.FindIndex(e => e.Name == name);
            entries[i] = (name, output.ToArray());
        }

        var sheets = SheetPaths(Load("xl/workbook.xml"), Load("xl/_rels/workbook.xml.rels"));
        var shared = entries.Any(e => e.Name == "xl/sharedStrings.xml")
            ? Load("xl/sharedStrings.xml").Root!.Elements(Main + "si").Select(si => string.Concat(si.Descendants(Main + "t").Select(t => t.Value))).ToList()
            : [];
        var styles = new Styles(Load("xl/styles.xml"));
        foreach (var (sheetName, path) in sheets)
        {
            var sheet = Load(path);
            Format(sheet, formats.GetValueOrDefault(sheetName), styles, shared);
            Save(path, sheet);
        }

        Save("xl/styles.xml", styles.Document);
        using var result = new MemoryStream();
        using (var output = new ZipArchive(result, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = output.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return result.ToArray();
    }

    private static List<(string Name, string Path)> SheetPaths(XDocument workbook, XDocument relations)
    {
        var targets = relations.Root!.Elements(PackageRelationships + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!, StringComparer.Ordinal);
        return workbook.Descendants(Main + "sheet")
            .Select(s => ((string)s.Attribute("name")!, targets[(string)s.Attribute(Relationships + "id")!]))
            .Select(s => (s.Item1, s.Item2.StartsWith('/') ? s.Item2.TrimStart('/') : "xl/" + s.Item2))
            .ToList();
    }

    private static void Format(XDocument sheet, CellFormat? format, Styles styles, IReadOnlyList<string> shared)
    {
        var data = sheet.Root!.Element(Main + "sheetData");
        if (data is null)
        {
            return;
        }

        var widths = new Dictionary<int, int>();
        var rowIndex = 0;
        foreach (var row in data.Elements(Main + "row"))
        {
            var r = (string?)row.Attribute("r") is { } rowNumber ? int.Parse(rowNumber, CultureInfo.InvariantCulture) - 1 : rowIndex;
            rowIndex = r + 1;
            var columnIndex = 0;
            foreach (var cell in row.Elements(Main + "c"))
            {
                var column = (string?)cell.Attribute("r") is { } reference ? Column(reference) : columnIndex;
                columnIndex = column + 1;
                var type = (string?)cell.Attribute("t");
                var value = cell.Element(Main + "v")?.Value ?? string.Concat(cell.Descendants(Main + "t").Select(t => t.Value));
                string shown;
                if (type is null or "n" && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    var f = format?.Invoke(r, column) ?? XlsxNumberFormat.General;
                    if (Code(f) is { } code)
                    {
                        cell.SetAttributeValue("s", styles.With((int?)cell.Attribute("s") ?? 0, code));
                    }

                    shown = Shown(number, f);
                }
                else
                {
                    shown = type == "s" && int.TryParse(value, CultureInfo.InvariantCulture, out var index) && index < shared.Count ? shared[index] : value;
                }

                var length = shown.Split('\n').Max(l => l.Length);
                widths[column] = Math.Max(widths.GetValueOrDefault(column), length);
            }
        }

        // One <cols> before the data: each column as wide as its longest value, at least 8 and at most 60 characters.
        sheet.Root.Element(Main + "cols")?.Remove();
        if (widths.Count > 0)
        {
            var cols = new XElement(Main + "cols", widths.OrderBy(w => w.Key).Select(w => new XElement(Main + "col",
                new XAttribute("min", w.Key + 1), new XAttribute("max", w.Key + 1),
                new XAttribute("width", Math.Clamp(w.Value + 2, 8, 60).ToString(CultureInfo.InvariantCulture)),
                new XAttribute("customWidth", "1"))));
            data.AddBeforeSelf(cols);
        }
    }

    /// <summary>About how a number is shown in a Swedish Excel under its format, for the column's width.</summary>
    private static string Shown(double number, XlsxNumberFormat format) => format switch
    {
        XlsxNumberFormat.Whole => number.ToString("#,##0", CultureInfo.InvariantCulture),
        XlsxNumberFormat.Kronor => number.ToString("#,##0.00", CultureInfo.InvariantCulture),
        XlsxNumberFormat.Hours => number.ToString("0.0", CultureInfo.InvariantCulture),
        XlsxNumberFormat.Share => (number * 100).ToString("0.0000", CultureInfo.InvariantCulture) + " %",
        XlsxNumberFormat.PerCent => number.ToString("0.0", CultureInfo.InvariantCulture) + " %",
        _ => number.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The 0-based column of a cell reference ("C7" → 2).</summary>
    private static int Column(string reference)
    {
        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return column - 1;
    }

    /// <summary>The workbook's styles: a number format and a cell style (a copy of the cell's own, with the format) per code, added once.</summary>
    private sealed class Styles
    {
        private readonly Dictionary<(int, string), int> _added = [];
        private readonly XElement _formats;
        private readonly XElement _cells;

        public Styles(XDocument document)
        {
            Document = document;
            var root = document.Root!;
            _cells = root.Element(Main + "cellXfs") ?? throw new InvalidOperationException("styles.xml has no cellXfs");
            _formats = root.Element(Main + "numFmts") ?? AddFormats(root);
        }

        public XDocument Document { get; }

        public int With(int style, string code)
        {
            if (_added.TryGetValue((style, code), out var index))
            {
                return index;
            }

            var existing = _formats.Elements(Main + "numFmt").FirstOrDefault(f => (string?)f.Attribute("formatCode") == code);
            int id;
            if (existing is not null)
            {
                id = (int)existing.Attribute("numFmtId")!;
            }
            else
            {
                id = Math.Max(163, _formats.Elements(Main + "numFmt").Select(f => (int)f.Attribute("numFmtId")!).DefaultIfEmpty(0).Max()) + 1;
                _formats.Add(new XElement(Main + "numFmt", new XAttribute("numFmtId", id), new XAttribute("formatCode", code)));
                _formats.SetAttributeValue("count", _formats.Elements(Main + "numFmt").Count());
            }

            var xfs = _cells.Elements(Main + "xf").ToList();
            var copy = style < xfs.Count ? new XElement(xfs[style]) : new XElement(Main + "xf", new XAttribute("fontId", 0), new XAttribute("fillId", 0), new XAttribute("borderId", 0));
            copy.SetAttributeValue("numFmtId", id);
            copy.SetAttributeValue("applyNumberFormat", "1");
            _cells.Add(copy);
            _cells.SetAttributeValue("count", _cells.Elements(Main + "xf").Count());
            index = xfs.Count;
            _added[(style, code)] = index;
            return index;
        }

        private static XElement AddFormats(XElement root)
        {
            // numFmts is the first child of styleSheet.
            var formats = new XElement(Main + "numFmts", new XAttribute("count", 0));
            root.AddFirst(formats);
            return formats;
        }
    }
}
