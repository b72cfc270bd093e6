using SocialJour.Core;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>
/// When intake lets a case be closed: it is open, and every active notice about its person is acknowledged for it. Other
/// modules' rules (a child case needs a protection assessment) are asked after this one, through <c>ICaseCloseGuard</c>.
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
}
