using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using SocialJour.Core.Documents;
using static SocialJour.Core.Documents.PdfPalette;
using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Documents;

/// <summary>
/// The report as the annual report's appendix "Bilaga 2: Socialjouren statistik totalt {period}", drawn with PDFsharp's
/// XGraphics like the invoice basis (ADR 0024): A4, the title, the jour and the scope, the key figures with the comparison
/// periods first, then every other table (a heading never alone at the foot of a page, the column headings repeated after a
/// page break, the total row bold), the charts as PNG, the breaches (the jour's own report only) and the notes; every page
/// with a footer: the jour, the period, the rule for small counts and "Sida i av n". Text is real text in an embedded font.
/// </summary>
internal sealed class StatisticsPdf : IDisposable
{
    private const double Margin = 48;
    private const double FooterSpace = 40;


    private readonly PdfDocument _document;
    private readonly StatisticsReport _report;
    private readonly string _jourName;
    private readonly TimeZoneInfo _zone;
    private readonly XFont _title;
    private readonly XFont _heading;
    private readonly XFont _small;
    private XGraphics? _gfx;
    private PdfPage? _page;
    private double _y;

    private StatisticsPdf(StatisticsReport report, string jourName, TimeZoneInfo zone)
    {
        PdfFonts.Ensure();
        _document = new PdfDocument();
        _report = report;
        _jourName = jourName;
        _zone = zone;
        _title = Font(15, bold: true);
        _heading = Font(11.5, bold: true);
        _small = Font(8, bold: false);
    }

    private double Width => _page!.Width.Point - 2 * Margin;

    private double Bottom => _page!.Height.Point - Margin - FooterSpace;

    public static byte[] Render(StatisticsReport report, string jourName, TimeZoneInfo zone)
    {
        using var pdf = new StatisticsPdf(report, jourName, zone);
        return pdf.Draw();
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _document.Dispose();
    }

    private static XFont Font(double size, bool bold) =>
        new(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    private byte[] Draw()
    {
        _document.Info.Title = DocumentText.Title(_report);
        _document.Info.Author = _jourName;
        _document.Info.Subject = "Statistik";
        _document.Language = "sv-SE";
        NewPage();

        // The appendix's title on one line when it can be (a long period label takes a smaller size).
        var title = _title;
        for (var size = 15.0; size > 11 && _gfx!.MeasureString(DocumentText.Title(_report), title).Width > Width; size -= 0.5)
        {
            title = Font(size - 0.5, bold: true);
        }

        Wrapped(DocumentText.Title(_report), title, Ink, 21);
        Wrapped(_jourName + (_report.MunicipalityCode is null ? "" : " – " + DocumentText.Scope(_report)), _heading, Ink, 17);
        var body = Font(9, bold: false);
        Wrapped($"Period {DocumentText.Dates(_report.Period)}. Jämförelseperioder: {DocumentText.Comparisons(_report)}. Beräknad {DocumentText.Local(_report.ComputedAt, _zone)}. {DocumentText.SuppressionNote(_report)}.", body, Muted, 12.5);
        _y += 6;

        // The key figures first, then the other tables in the report's order.
        foreach (var table in _report.Tables.OrderBy(t => t.Key == DocumentText.KeyFiguresKey ? 0 : 1))
        {
            Table(table);
        }

        if (_report.Breaches.Count > 0)
        {
            var breaches = new StatisticsTable("breaches", "Brister mot svarstiderna", "Ärende", ["Kommun", "Mål", "Senast", "Utfört"],
                _report.Breaches.Select(b => new StatisticsRow(b.CaseId, b.CaseId,
                [
                    Text($"{b.MunicipalityName} ({b.MunicipalityCode})"), Text(b.Target), Text(DocumentText.Local(b.DueAt, _zone)),
                    Text(b.DoneAt is { } done ? DocumentText.Local(done, _zone) : "ej utfört"),
                ])).ToList(), null, null);
            Table(breaches);
        }

        foreach (var chart in _report.Charts)
        {
            Chart(chart);
        }

        if (_report.Notes.Count > 0)
        {
            Heading("Noteringar");
            foreach (var note in _report.Notes)
            {
                Wrapped("• " + note, body, Ink, 12.5);
            }
        }

        _gfx!.Dispose();
        _gfx = null;
        Footers();

        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static StatisticsCell Text(string text) => new(StatisticsValueKind.Text, null, text);

    private void NewPage()
    {
        _gfx?.Dispose();
        _page = _document.AddPage();
        _page.Size = PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    private void Footers()
    {
        var pages = _document.Pages.Count;
        for (var i = 0; i < pages; i++)
        {
            var page = _document.Pages[i];
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var width = page.Width.Point - 2 * Margin;
            var y = page.Height.Point - Margin - 18;
            gfx.DrawLine(new XPen(Rule, 0.5), Margin, y - 4, page.Width.Point - Margin, y - 4);
            var left = $"{_jourName} · Statistik {_report.Period.Label}" + (_report.MunicipalityCode is { } code ? $" · {code}" : "");
            gfx.DrawString(left, _small, new XSolidBrush(Muted), new XRect(Margin, y, width, 11), XStringFormats.TopLeft);
            gfx.DrawString($"Sida {i + 1} av {pages}", _small, new XSolidBrush(Muted), new XRect(Margin, y, width, 11), XStringFormats.TopRight);
            gfx.DrawString(DocumentText.SuppressionNote(_report), _small, new XSolidBrush(Muted), new XRect(Margin, y + 11, width, 11), XStringFormats.TopLeft);
        }
    }

    private void EnsureRoom(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void Wrapped(string text, XFont font, XColor color, double height)
    {
        foreach (var line in Wrap(text, font, Width))
        {
            EnsureRoom(height);
            _gfx!.DrawString(line, font, new XSolidBrush(color), new XRect(Margin, _y, Width, height), XStringFormats.TopLeft);
            _y += height;
        }
    }

    private void Heading(string text)
    {
        _y += 8;
        EnsureRoom(18 + 4 * 13); // never a heading alone at the foot of a page
        _gfx!.DrawString(text, _heading, new XSolidBrush(Ink), new XRect(Margin, _y, Width, 17), XStringFormats.TopLeft);
        _y += 17;
    }

    /// <summary>
    /// A table: the title as its heading, a header row (wrapped, repeated after a page break), banded rows, the total row bold
    /// under a rule, the table's note. Wide tables (the categories, the statuses) get a smaller font and a narrower first column.
    /// </summary>
    private void Table(StatisticsTable table)
    {
        var count = table.Columns.Count + 1;
        var size = count <= 5 ? 9 : count <= 8 ? 8 : 7;
        var body = Font(size, bold: false);
        var bold = Font(size, bold: true);
        var line = size + 3.5;
        var first = count <= 2 ? 0.6 : count <= 5 ? 0.4 : count <= 6 ? 0.34 : 0.22;
        var widths = new List<double> { first * Width };
        widths.AddRange(table.Columns.Select(_ => (1 - first) * Width / table.Columns.Count));
        string[] headers = [table.RowHeading, .. table.Columns];

        Heading(table.Title);
        Header(headers, widths, bold, line);
        var band = false;
        foreach (var (row, total) in DocumentText.RowsWithTotal(table))
        {
            string[] cells = [row.Label, .. table.Columns.Select((_, i) => row.Cells.ElementAtOrDefault(i)?.Display ?? "")];
            var font = total ? bold : body;
            var wrapped = cells.Select((c, i) => Wrap(c, font, widths[i] - 6)).ToList();
            var height = wrapped.Max(w => w.Count) * line + (total ? 2 : 0);
            if (_y + height > Bottom)
            {
                NewPage();
                Header(headers, widths, bold, line);
            }

            if (total)
            {
                _gfx!.DrawLine(new XPen(Ink, 0.8), Margin, _y, Margin + Width, _y);
                _y += 2;
            }
            else if (band)
            {
                _gfx!.DrawRectangle(new XSolidBrush(Band), Margin, _y, Width, height);
            }

            band = !band;
            var x = Margin;
            for (var i = 0; i < cells.Length; i++)
            {
                var y = _y;
                foreach (var text in wrapped[i])
                {
                    _gfx!.DrawString(text, font, new XSolidBrush(Ink), new XRect(x + 3, y, widths[i] - 6, line), i == 0 ? XStringFormats.TopLeft : XStringFormats.TopRight);
                    y += line;
                }

                x += widths[i];
            }

            _y += total ? height - 2 : height;
        }

        if (table.Rows.Count == 0 && table.Total is null)
        {
            EnsureRoom(line);
            _gfx!.DrawString("Inga.", body, new XSolidBrush(Muted), new XRect(Margin + 3, _y, Width, line), XStringFormats.TopLeft);
            _y += line;
        }

        if (table.Note is { } note)
        {
            _y += 3;
            Wrapped(note, _small, Muted, 11);
        }

        _y += 8;
    }

    private void Header(IReadOnlyList<string> headers, IReadOnlyList<double> widths, XFont bold, double line)
    {
        var wrapped = headers.Select((h, i) => Wrap(h, bold, widths[i] - 6)).ToList();
        var height = wrapped.Max(w => w.Count) * line;
        EnsureRoom(height + 3 * line);
        var x = Margin;
        for (var i = 0; i < headers.Count; i++)
        {
            // Headings sit on the bottom line, over their column (numbers right-aligned).
            var y = _y + height - wrapped[i].Count * line;
            foreach (var text in wrapped[i])
            {
                _gfx!.DrawString(text, bold, new XSolidBrush(Ink), new XRect(x + 3, y, widths[i] - 6, line), i == 0 ? XStringFormats.TopLeft : XStringFormats.TopRight);
                y += line;
            }

            x += widths[i];
        }

        _y += height;
        _gfx!.DrawLine(new XPen(Ink, 0.8), Margin, _y, Margin + Width, _y);
        _y += 2;
    }

    /// <summary>A chart as a PNG the width of the text, with its title above it (inside the picture) and its description below.</summary>
    private void Chart(StatisticsChart chart)
    {
        if (StatisticsCharts.Png(_report, chart) is not var (png, pixelWidth, pixelHeight))
        {
            return;
        }

        // The text's width; a tall chart (many municipalities) is scaled down to fit a page.
        var width = Width;
        var height = width * pixelHeight / pixelWidth;
        var page = Bottom - Margin - 40;
        if (height > page)
        {
            width *= page / height;
            height = page;
        }

        EnsureRoom(height + 30);
        _y += 6;
        using (var stream = new MemoryStream(png))
        using (var image = XImage.FromStream(stream))
        {
            _gfx!.DrawImage(image, Margin, _y, width, height);
        }

        _y += height + 3;
        Wrapped(chart.Description, _small, Muted, 11);
        _y += 8;
    }

    /// <summary>
    /// Breaks a text into lines that fit <paramref name="width"/>, at spaces; a word wider than the width (a category such as
    /// "Äldre/funktionsnedsättning" over a narrow column) is broken after its slashes and hyphens and, if still too wide, with
    /// a hyphen, so that no text reaches into the next column and lies on top of its heading or figures.
    /// </summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var (piece, joined) in text.Split(' ').SelectMany((w, i) => Pieces(w, font, width).Select((p, j) => (p, i > 0 && j == 0 ? " " : ""))))
        {
            var candidate = current + joined + piece;
            if (current.Length > 0 && _gfx!.MeasureString(candidate, font).Width > width)
            {
                lines.Add(current);
                current = piece;
            }
            else
            {
                current = current.Length == 0 ? piece : candidate;
            }
        }

        lines.Add(current);
        return lines;
    }

    /// <summary>A word as pieces that each fit <paramref name="width"/>: the word itself if it fits, else broken after '/' and '-', else hyphenated.</summary>
    private IEnumerable<string> Pieces(string word, XFont font, double width)
    {
        bool Fits(string s) => _gfx!.MeasureString(s, font).Width <= width;
        if (word.Length <= 1 || Fits(word))
        {
            yield return word;
            yield break;
        }

        foreach (var part in System.Text.RegularExpressions.Regex.Split(word, "(?<=[/-])").Where(p => p.Length > 0))
        {
            var rest = part;
            while (rest.Length > 1 && !Fits(rest))
            {
                var take = 1;
                while (take < rest.Length - 1 && Fits(rest[..(take + 1)] + "-"))
                {
                    take++;
                }

                yield return rest[..take] + "-";
                rest = rest[take..];
            }

            yield return rest;
        }
    }
}
