using SocialJour.Core;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>
/// When intake lets a case be closed: it is open, every active notice about its person is acknowledged for it, and a case
/// concerning a child has a documented protection assessment (known from assessment's <c>ProtectionAssessmentDocumented</c>).
/// </summary>
internal static class CaseClosingRule
{
    public static void Check(string caseId, DateTimeOffset? closedAt, int unacknowledgedNotices)
    {
        if (closedAt is not null)
        {
            throw new ValidationException("caseId", $"Ärendet {caseId} är redan avslutat.");
        }

        if (unacknowledgedNotices > 0)
        {
            throw new ValidationException("caseId", $"Ärendet {caseId} har {unacknowledgedNotices} aviseringar som inte är kvitterade. Läs och kvittera dem först.");
        }
    }

    /// <summary>A case concerning a child is closed only after its immediate protection assessment is documented.</summary>
    public static void CheckProtectionAssessed(string caseId, bool concernsChild, DateTimeOffset? protectionAssessedAt)
    {
        if (concernsChild && protectionAssessedAt is null)
        {
            throw new ValidationException("caseId", $"Ärendet {caseId} gäller ett barn: dokumentera den omedelbara skyddsbedömningen innan ärendet avslutas.");
        }
    }
}
