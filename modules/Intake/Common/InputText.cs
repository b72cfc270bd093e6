using SocialJour.Core;
using SocialJour.Core.Lookup;

namespace SocialJour.Modules.Intake.Common;

/// <summary>Free text that is stored, logged or sent on: bounded, without control or format characters (<see cref="FreeText"/>).</summary>
internal static class InputText
{
    public static void Check(string field, string label, string? text, int maxLength)
    {
        if (!string.IsNullOrWhiteSpace(text) && FreeText.Problem(text.Trim(), maxLength) is { } why)
        {
            throw new ValidationException(field, $"{label}: {why}.");
        }
    }

    public static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
