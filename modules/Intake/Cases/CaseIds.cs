using System.Globalization;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>A jour case's id as users see it: "J" and the row id (J42); "j42" is read too.</summary>
internal static class CaseIds
{
    public static string Format(long id) => "J" + id.ToString(CultureInfo.InvariantCulture);

    public static long? Parse(string? caseId) =>
        caseId is { Length: > 1 } && (caseId[0] is 'J' or 'j') && long.TryParse(caseId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
