using PdfSharp.Drawing;

namespace SocialJour.Core.Documents;

/// <summary>
/// The colours of every PDF the modules draw (invoice bases, the statistics appendix), so the jour's documents look alike:
/// text, secondary text, rules and the table bands. Ink and Muted keep more than 7:1 and 4.5:1 against white.
/// </summary>
public static class PdfPalette
{
    public static readonly XColor Ink = XColor.FromArgb(0x1f, 0x29, 0x37);

    public static readonly XColor Muted = XColor.FromArgb(0x4b, 0x55, 0x63);

    public static readonly XColor Rule = XColor.FromArgb(0x9c, 0xa3, 0xaf);

    public static readonly XColor Band = XColor.FromArgb(0xf1, 0xf5, 0xf9);
}
