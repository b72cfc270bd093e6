using System.IO.Compression;
using System.Xml.Linq;

namespace SocialJour.Tests;

/// <summary>Reads what Excel shows of a workbook's cells beyond their values: each cell's number format and each column's width.</summary>
internal static class XlsxInspection
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>The format code of the cell at <paramref name="reference"/> (e.g. "B2") in <paramref name="sheet"/>; "General" when it has none.</summary>
    public static string Format(byte[] xlsx, string sheet, string reference)
    {
        var cell = Sheet(xlsx, sheet).Descendants(Main + "c").Single(c => (string?)c.Attribute("r") == reference);
        var style = (int?)cell.Attribute("s") ?? 0;
        var styles = Part(xlsx, "xl/styles.xml");
        var xf = styles.Root!.Element(Main + "cellXfs")!.Elements(Main + "xf").ElementAt(style);
        var id = (int?)xf.Attribute("numFmtId") ?? 0;
        return id == 0 ? "General" : (string?)styles.Root.Element(Main + "numFmts")?.Elements(Main + "numFmt").SingleOrDefault(f => (int)f.Attribute("numFmtId")! == id)?.Attribute("formatCode") ?? $"inbyggt format {id}";
    }

    /// <summary>The reference of the cell in <paramref name="sheet"/> whose text (inline or shared) is <paramref name="text"/>.</summary>
    public static string Find(byte[] xlsx, string sheet, string text)
    {
        var shared = Entries(xlsx).Contains("xl/sharedStrings.xml")
            ? Part(xlsx, "xl/sharedStrings.xml").Root!.Elements(Main + "si").Select(si => string.Concat(si.Descendants(Main + "t").Select(t => t.Value))).ToList()
            : [];
        return (string)Sheet(xlsx, sheet).Descendants(Main + "c").First(c =>
        {
            var v = c.Element(Main + "v")?.Value ?? string.Concat(c.Descendants(Main + "t").Select(t => t.Value));
            return ((string?)c.Attribute("t") == "s" ? shared[int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)] : v) == text;
        }).Attribute("r")!;
    }

    /// <summary>The widths set for the sheet's columns, by 1-based column number.</summary>
    public static Dictionary<int, double> ColumnWidths(byte[] xlsx, string sheet) =>
        Sheet(xlsx, sheet).Root!.Element(Main + "cols")?.Elements(Main + "col")
            .ToDictionary(c => (int)c.Attribute("min")!, c => (double)c.Attribute("width")!) ?? [];

    /// <summary>The number of columns the sheet uses.</summary>
    public static int ColumnCount(byte[] xlsx, string sheet) =>
        Sheet(xlsx, sheet).Descendants(Main + "row").Max(r => r.Elements(Main + "c").Count());

    private static XDocument Sheet(byte[] xlsx, string name)
    {
        var workbook = Part(xlsx, "xl/workbook.xml");
        var id = (string)workbook.Descendants(Main + "sheet").Single(s => (string?)s.Attribute("name") == name).Attribute(Relationships + "id")!;
        var target = (string)Part(xlsx, "xl/_rels/workbook.xml.rels").Root!.Elements().Single(r => (string?)r.Attribute("Id") == id).Attribute("Target")!;
        return Part(xlsx, target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target);
    }

    private static HashSet<string> Entries(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        return zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
    }

    private static XDocument Part(byte[] xlsx, string path)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        using var stream = zip.GetEntry(path)!.Open();
        return XDocument.Load(stream);
    }
}
