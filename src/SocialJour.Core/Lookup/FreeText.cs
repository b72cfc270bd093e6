using System.Globalization;
using System.Text;

namespace SocialJour.Core.Lookup;

/// <summary>
/// The rules for free text that is logged and copied into municipalities' extracts (purposes, reasons, notes): a length
/// limit, and no control or format characters (NUL, escape sequences, bidi overrides, zero-width characters), which could
/// hide or reorder what a reader of the extract sees. Line breaks are allowed where a text may span lines.
/// </summary>
public static class FreeText
{
    /// <summary>Reasons (emergency opening, opening protected data, related party, follow-up note).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The optional free text after a chosen purpose.</summary>
    public const int MaxPurposeTextLength = 200;

    /// <summary>
    /// Why <paramref name="text"/> (already trimmed) is not acceptable, in Swedish, or null when it is.
    /// </summary>
    public static string? Problem(string text, int maxLength, bool allowLineBreaks = true)
    {
        if (text.Length > maxLength)
        {
            return $"högst {maxLength} tecken (texten har {text.Length})";
        }

        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return "texten innehåller ett ogiltigt tecken (trasig UTF-16)";
            }

            rest = rest[used..];
            if (allowLineBreaks && rune.Value is '\n' or '\r')
            {
                continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                var kind = category == UnicodeCategory.Format ? "osynligt formaterings- eller riktningstecken" : "styrtecken eller otillåtet tecken";
                return $"texten innehåller ett {kind} (U+{rune.Value:X4}); skriv om den utan det";
            }
        }

        return null;
    }
}
