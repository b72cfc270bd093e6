using SocialJour.Core.Lookup;

namespace SocialJour.Modules.Intake.Common;

/// <summary>Free text that is stored, logged or sent on: the one rule of <see cref="FreeText"/>, by kind.</summary>
internal static class InputText
{
    /// <summary>Refuses a given text that breaks the rule for its kind (an empty optional text is fine).</summary>
    public static void Check(string field, string label, string? text, TextKind kind) => FreeText.Optional(field, label, text, kind);

    public static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
