using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using SocialJour.Core.Documents;
using static SocialJour.Core.Documents.PdfPalette;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing.Documents;

/// <summary>
/// The invoice basis as a PDF, drawn with PDFsharp's XGraphics (MigraDoc is not available, ADR 0024): A4, the heading,
/// the payer's bases, the notes, then the time per case and the commissions with their totals, pages numbered, a draft
/// marked on every page. Text is real text in an embedded font (extractable, searchable, å ä ö).
/// </summary>
internal sealed class InvoicePdf : IDisposable
{
    private const double Margin = 48;
    private const double LineHeight = 13.5;
    private const double FooterSpace = 36;

    private static readonly XColor DraftRed = XColor.FromArgb(0xb9, 0x1c, 0x1c);

    private readonly PdfDocument _document;
    private readonly XFont _title;
    private readonly XFont _heading;
    private readonly XFont _body;
    private readonly XFont _bold;
    private readonly XFont _small;
    private readonly XFont _draft;
    private readonly XFont _watermark;
    private readonly InvoiceBasis _basis;
    private readonly string _jourName;
    private XGraphics? _gfx;
    private PdfPage? _page;
    private double _y;

    private InvoicePdf(InvoiceBasis basis, string jourName)
    {
        PdfFonts.Ensure();
        _document = new PdfDocument();
        _basis = basis;
        _jourName = jourName;
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        _title = new XFont(PdfFonts.Family, 16, XFontStyleEx.Bold, unicode);
        _heading = new XFont(PdfFonts.Family, 11.5, XFontStyleEx.Bold, unicode);
        _body = new XFont(PdfFonts.Family, 9.5, XFontStyleEx.Regular, unicode);
        _bold = new XFont(PdfFonts.Family, 9.5, XFontStyleEx.Bold, unicode);
        _small = new XFont(PdfFonts.Family, 8, XFontStyleEx.Regular, unicode);
        _draft = new XFont(PdfFonts.Family, 13, XFontStyleEx.Bold, unicode);
        _watermark = new XFont(PdfFonts.Family, 72, XFontStyleEx.Bold, unicode);
    }

    private bool Draft => !_basis.Split.Locked;

    private double Width => _page!.Width.Point - 2 * Margin;

    private double Bottom => _page!.Height.Point - Margin - FooterSpace;

    public static byte[] Render(InvoiceBasis basis, string jourName)
    {
        using var pdf = new InvoicePdf(basis, jourName);
        return pdf.Draw();
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _document.Dispose();
    }

    private byte[] Draw()
    {
        var split = _basis.Split;
        _document.Info.Title = InvoiceContent.Title(_basis) + " – " + InvoiceText.Payer(_basis.Payer);
        _document.Info.Author = _jourName;
        _document.Info.Subject = "Fakturaunderlag";
        _document.Language = "sv-SE";
        NewPage();

        Wrapped(InvoiceContent.Title(_basis), _title, Ink, 22);
        Wrapped(InvoiceText.Payer(_basis.Payer), _heading, Ink, 17);
        if (Draft)
        {
            Wrapped(InvoiceText.DraftMark + ": beräknat nu, kan ändras. Skicka inte som faktura.", _draft, DraftRed, 19);
        }

        _y += 4;
        Table(
            [new("Uppgift", 0.42, Left: true), new("Värde", 0.58, Left: true)],
            InvoiceContent.Heading(_basis, _jourName).Select(r => new Cells([r.Label, r.Text], r.Emphasis)).ToList(),
            totals: null,
            caption: null);

        Table(
            [new("Underlag", 0.68, Left: true), new("Värde", 0.32, Left: false)],
            InvoiceContent.Basis(_basis).Select(r => new Cells([r.Label, r.Text], r.Emphasis)).ToList(),
            totals: null,
            caption: "Underlag för kommunens belopp");

        if (_basis.Payer.ToInvoice < 0)
        {
            Paragraph($"{InvoiceText.CreditLabel}: {InvoiceText.Kr(-_basis.Payer.ToInvoice)} betalas tillbaka till {InvoiceText.Payer(_basis.Payer)}.", _bold, Ink);
        }

        if (split.Notes.Count > 0)
        {
            Heading("Noteringar");
            foreach (var note in split.Notes)
            {
                Paragraph("• " + note, _body, Ink);
            }
        }

        Heading("Tid per ärende");
        Paragraph($"Tid registrerad {InvoiceText.Date(split.TimeFrom)}–{InvoiceText.Date(split.TimeTo)} på ärenden som gäller kommunen. Inga personnummer visas.", _small, Muted);
        var time = _basis.Time.OrderBy(t => t.Date).ThenBy(t => t.CaseId, StringComparer.Ordinal).ToList();
        var totalMinutes = InvoiceContent.TimeTotal(_basis);
        Table(
            [new("Ärende", 0.3, Left: true), new("Datum", 0.25, Left: true), new("Minuter", 0.2, Left: false), new("Avser uppdrag", 0.25, Left: true)],
            time.Select(t => new Cells([t.CaseId, InvoiceText.Date(t.Date), InvoiceText.Whole(t.Minutes), t.Commission ? "Ja" : "Nej"], false)).ToList(),
            totals: new Cells([$"Summa ({time.Count} rader)", "", InvoiceText.Whole(totalMinutes), InvoiceText.Hours(totalMinutes)], true),
            caption: null);

        Heading("Uppdrag");
        var commissions = _basis.Commissions.OrderBy(c => c.Date).ThenBy(c => c.CommissionId).ToList();
        Table(
            [new("Uppdrag nr", 0.16, Left: true), new("Typ", 0.3, Left: true), new("Datum", 0.18, Left: true), new("Minuter", 0.14, Left: false), new("Pris", 0.22, Left: false)],
            commissions.Select(c => new Cells([c.CommissionId.ToString(System.Globalization.CultureInfo.InvariantCulture), InvoiceText.CommissionKind(c.Kind), InvoiceText.Date(c.Date), InvoiceText.Whole(c.Minutes), InvoiceText.Kr(c.Price)], false)).ToList(),
            totals: new Cells([$"Summa ({commissions.Count} st)", "", "", InvoiceText.Whole(InvoiceContent.CommissionMinutes(_basis)), InvoiceText.Kr(InvoiceContent.CommissionTotal(_basis))], true),
            caption: null);

        _gfx!.Dispose();
        _gfx = null;
        Footers();

        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

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
            if (Draft)
            {
                // A light diagonal mark over every page of a draft (translucent: the figures stay readable).
                var state = gfx.Save();
                gfx.RotateAtTransform(-35, new XPoint(page.Width.Point / 2, page.Height.Point / 2));
                gfx.DrawString("UTKAST", _watermark, new XSolidBrush(XColor.FromArgb(40, DraftRed)),
                    new XRect(0, 0, page.Width.Point, page.Height.Point), XStringFormats.Center);
                gfx.Restore(state);
            }

            var y = page.Height.Point - Margin - 10;
            gfx.DrawLine(new XPen(Rule, 0.5), Margin, y - 4, page.Width.Point - Margin, y - 4);
            var left = $"{_jourName} · {_basis.Split.Year} · {InvoiceText.Payer(_basis.Payer)}";
            gfx.DrawString(left, _small, new XSolidBrush(Muted), new XRect(Margin, y, page.Width.Point - 2 * Margin, 12), XStringFormats.TopLeft);
            var right = (Draft ? InvoiceText.DraftMark + " · " : "") + $"Sida {i + 1} av {pages}";
            gfx.DrawString(right, _small, new XSolidBrush(Draft ? DraftRed : Muted), new XRect(Margin, y, page.Width.Point - 2 * Margin, 12), XStringFormats.TopRight);
        }
    }

    private void EnsureRoom(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void Text(string text, XFont font, XColor color, double height)
    {
        EnsureRoom(height);
        _gfx!.DrawString(text, font, new XSolidBrush(color), new XRect(Margin, _y, Width, height), XStringFormats.TopLeft);
        _y += height;
    }

    private void Wrapped(string text, XFont font, XColor color, double height)
    {
        foreach (var line in Wrap(text, font, Width))
        {
            Text(line, font, color, height);
        }
    }

    private void Heading(string text)
    {
        _y += 8;
        EnsureRoom(18 + 3 * LineHeight); // never a heading alone at the foot of a page
        Text(text, _heading, Ink, 17);
    }

    private void Paragraph(string text, XFont font, XColor color)
    {
        foreach (var line in Wrap(text, font, Width))
        {
            Text(line, font, color, LineHeight);
        }

        _y += 3;
    }

    /// <summary>A table: a header row (repeated after a page break), banded rows, an optional bold totals row.</summary>
    private void Table(IReadOnlyList<Column> columns, IReadOnlyList<Cells> rows, Cells? totals, string? caption)
    {
        if (caption is not null)
        {
            Heading(caption);
        }

        EnsureRoom(3 * LineHeight);
        HeaderRow(columns);
        var band = false;
        foreach (var row in rows)
        {
            var height = RowHeight(columns, row);
            if (_y + height > Bottom)
            {
                NewPage();
                HeaderRow(columns);
            }

            if (band)
            {
                _gfx!.DrawRectangle(new XSolidBrush(Band), Margin, _y, Width, height);
            }

            band = !band;
            DrawRow(columns, row, height);
        }

        if (rows.Count == 0)
        {
            Text("Inga.", _body, Muted, LineHeight);
        }

        if (totals is not null)
        {
            EnsureRoom(LineHeight + 2);
            _gfx!.DrawLine(new XPen(Ink, 0.8), Margin, _y, Margin + Width, _y);
            _y += 1;
            DrawRow(columns, totals, LineHeight);
        }

        _y += 8;
    }

    private void HeaderRow(IReadOnlyList<Column> columns)
    {
        var x = Margin;
        foreach (var c in columns)
        {
            var w = c.Share * Width;
            _gfx!.DrawString(c.Header, _bold, new XSolidBrush(Ink), new XRect(x + 3, _y, w - 6, LineHeight), c.Left ? XStringFormats.TopLeft : XStringFormats.TopRight);
            x += w;
        }

        _y += LineHeight;
        _gfx!.DrawLine(new XPen(Ink, 0.8), Margin, _y, Margin + Width, _y);
        _y += 2;
    }

    private double RowHeight(IReadOnlyList<Column> columns, Cells row) =>
        columns.Select((c, i) => Wrap(row.Values[i], row.Bold ? _bold : _body, c.Share * Width - 6).Count).Max() * LineHeight;

    private void DrawRow(IReadOnlyList<Column> columns, Cells row, double height)
    {
        var font = row.Bold ? _bold : _body;
        var x = Margin;
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            var w = c.Share * Width;
            var y = _y;
            foreach (var line in Wrap(row.Values[i], font, w - 6))
            {
                _gfx!.DrawString(line, font, new XSolidBrush(Ink), new XRect(x + 3, y, w - 6, LineHeight), c.Left ? XStringFormats.TopLeft : XStringFormats.TopRight);
                y += LineHeight;
            }

            x += w;
        }

        _y += height;
    }

    /// <summary>Breaks a text into lines that fit <paramref name="width"/>, at spaces (a word longer than the width stays whole).</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && _gfx!.MeasureString(candidate, font).Width > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        lines.Add(line);
        return lines;
    }

    private sealed record Column(string Header, double Share, bool Left);

    private sealed record Cells(IReadOnlyList<string> Values, bool Bold);
}
