using System.Globalization;
using System.Text;

namespace SocialJour.Core.Lookup;

/// <summary>The kinds of free text the jour stores or sends, each with its own bounds (<see cref="FreeText"/>).</summary>
public enum TextKind
{
    /// <summary>A person's name as written at intake: one line, at most <see cref="FreeText.MaxNameLength"/> characters.</summary>
    Name,

    /// <summary>A short one-line text (who decided, who called, who ordered): at most <see cref="FreeText.MaxShortLength"/> characters.</summary>
    Short,

    /// <summary>
    /// A reason that is logged or shown in a follow-up (a correction, a move, a related party, an emergency opening): at least
    /// <see cref="FreeText.MinReasonLength"/> characters of words (<see cref="FreeText.WordsProblem"/>), at most
    /// <see cref="FreeText.MaxReasonLength"/>; may span lines.
    /// </summary>
    Reason,

    /// <summary>An optional note (an action, a time entry) or a decision's text: at most <see cref="FreeText.MaxNoteLength"/>; may span lines.</summary>
    Note,

    /// <summary>
    /// An account that must say something (a protection assessment's reasoning, a deviation and its follow-up): words, at least
    /// <see cref="FreeText.MinReasonLength"/> characters, at most <see cref="FreeText.MaxNoteLength"/>; may span lines.
    /// </summary>
    Account,

    /// <summary>
    /// The report to the home municipality: words, at least <see cref="FreeText.MinReportLength"/> characters, at most
    /// <see cref="FreeText.MaxReportLength"/>; may span lines.
    /// </summary>
    Report,
}

/// <summary>
/// The one rule for free text that is stored, logged, sent to a municipality or copied into its extracts: a length limit per
/// <see cref="TextKind"/>; no control characters other than line break and tab (and those only where a text may span lines);
/// no format characters (bidi overrides, embeddings, isolates and marks U+202A–U+202E, U+2066–U+2069, U+200E/U+200F,
/// zero-width characters), line or paragraph separators, private-use or unassigned code points, nor the fillers that render
/// blank though they count as letters or symbols (U+115F, U+1160, U+3164, U+FFA0, U+2800), which could hide or reorder what a
/// reader sees; and a text that must say something (a reason, an account, a report) must be words, not blank and not
/// <c>aaaaaaaaaa</c>. The API answers a broken rule with a Swedish 400 naming the field; the pages show it beside the field.
/// </summary>
public static class FreeText
{
    /// <summary>A person's name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Short one-line texts: who decided, who called, who ordered.</summary>
    public const int MaxShortLength = 200;

    /// <summary>Reasons (emergency opening, opening protected data, related party, correction, move, follow-up note).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Notes, decision texts, reasoning, deviations and their follow-ups.</summary>
    public const int MaxNoteLength = 4000;

    /// <summary>The report to the home municipality.</summary>
    public const int MaxReportLength = 20_000;

    /// <summary>The optional free text after a chosen purpose.</summary>
    public const int MaxPurposeTextLength = 200;

    /// <summary>The shortest reason or account.</summary>
    public const int MinReasonLength = 10;

    /// <summary>The shortest report.</summary>
    public const int MinReportLength = 20;

    /// <summary>A text that must say something has at least this many words of two letters or more.</summary>
    public const int MinWords = 2;

    /// <summary>… and at least this many different letters (so <c>aaaa bbbb</c> or <c>hej hej hej</c> is no reason).</summary>
    public const int MinDistinctLetters = 5;

    public static int MaxLength(TextKind kind) => kind switch
    {
        TextKind.Name => MaxNameLength,
        TextKind.Short => MaxShortLength,
        TextKind.Reason => MaxReasonLength,
        TextKind.Report => MaxReportLength,
        _ => MaxNoteLength,
    };

    public static bool SpansLines(TextKind kind) => kind is TextKind.Reason or TextKind.Note or TextKind.Account or TextKind.Report;

    /// <summary>The shortest text of a kind that must say something, or 0.</summary>
    public static int MinLength(TextKind kind) => kind switch
    {
        TextKind.Reason or TextKind.Account => MinReasonLength,
        TextKind.Report => MinReportLength,
        _ => 0,
    };

    /// <summary>
    /// Why <paramref name="text"/> (already trimmed) is not acceptable, in Swedish, or null when it is: the length and the
    /// characters, not whether it says something (<see cref="Problem(string?, TextKind, bool)"/> does both).
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
            if (allowLineBreaks && rune.Value is '\n' or '\r' or '\t')
            {
                continue;
            }

            if (IsBlankFiller(rune))
            {
                return $"texten innehåller ett osynligt utfyllnadstecken (U+{rune.Value:X4}); skriv om den utan det";
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate)
            {
                var kind = category == UnicodeCategory.Format ? "osynligt formaterings- eller riktningstecken" : "styrtecken eller otillåtet tecken";
                return $"texten innehåller ett {kind} (U+{rune.Value:X4}); skriv om den utan det";
            }
        }

        return null;
    }

    /// <summary>
    /// Why a text of <paramref name="kind"/> is not acceptable, in Swedish without the field's name, or null when it is. A
    /// missing or blank text is a problem only when <paramref name="required"/> (or the kind must say something and a text was
    /// given); the text is judged trimmed.
    /// </summary>
    public static string? Problem(string? text, TextKind kind, bool required)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return required || (text is { Length: > 0 } && MinLength(kind) > 0) ? "texten saknas eller syns inte (bara blanktecken)" : null;
        }

        if (Problem(trimmed, MaxLength(kind), SpansLines(kind)) is { } why)
        {
            return why;
        }

        if (RendersBlank(trimmed))
        {
            return "texten syns inte (bara blanktecken)";
        }

        var min = MinLength(kind);
        if (min > 0 && trimmed.Length < min)
        {
            return $"minst {min} tecken (texten har {trimmed.Length})";
        }

        return min > 0 ? WordsProblem(trimmed) : null;
    }

    /// <summary>
    /// Why a reason is not words, or null: at least <see cref="MinWords"/> words of two letters or more and at least
    /// <see cref="MinDistinctLetters"/> different letters (any script, case ignored; digits and punctuation allowed beside).
    /// </summary>
    public static string? WordsProblem(string text)
    {
        var words = 0;
        var run = 0;
        var letters = new HashSet<int>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetter(rune) && !IsBlankFiller(rune))
            {
                letters.Add(Rune.ToLowerInvariant(rune).Value);
                run++;
                continue;
            }

            words += run >= 2 ? 1 : 0;
            run = 0;
        }

        words += run >= 2 ? 1 : 0;
        return words >= MinWords && letters.Count >= MinDistinctLetters
            ? null
            : $"skriv med ord (minst {MinWords} ord och {MinDistinctLetters} olika bokstäver), inte bara tecken";
    }

    /// <summary>Whether nothing of the text would be seen: only white space, format characters and blank fillers.</summary>
    public static bool RendersBlank(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune) && !IsBlankFiller(rune) && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Format or UnicodeCategory.Control))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The trimmed text, or null when it is optional and empty; otherwise a <see cref="ValidationException"/> naming
    /// <paramref name="field"/>, its message <paramref name="label"/> and the problem (Swedish).
    /// </summary>
    public static string? Optional(string field, string label, string? text, TextKind kind) =>
        Problem(text, kind, required: false) is { } why
            ? throw new ValidationException(field, $"{label}: {why}.")
            : string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// The trimmed text; when it is missing, a <see cref="ValidationException"/> with <paramref name="missing"/> (what to write,
    /// Swedish); when it breaks the rule, one naming the problem after <paramref name="label"/>.
    /// </summary>
    public static string Required(string field, string label, string? text, TextKind kind, string missing)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ValidationException(field, missing);
        }

        return Problem(text, kind, required: true) is { } why
            ? throw new ValidationException(field, $"{label}: {why}. {missing}")
            : text.Trim();
    }

    private static bool IsBlankFiller(Rune rune) => rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;
}
