using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>
/// When intake lets a case be closed: it is open, every active notice about its person is acknowledged for it, and a case
/// concerning a child has a documented protection assessment (known from assessment's <c>ProtectionAssessmentDocumented</c>);
/// and the user states why (<see cref="CheckReason"/>).
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

    /// <summary>
    /// The closing reason is required; <see cref="CaseClosingReason.Other"/> needs a note saying what (a reason, logged); any other
    /// reason takes an optional note. <see cref="CaseClosingReason.Duplicate"/> is refused: a duplicate is annulled (it then
    /// leaves statistics and billing), naming the case it duplicates.
    /// </summary>
    public static (CaseClosingReason Reason, string? Note) CheckReason(string caseId, CaseClosingReason? reason, string? note)
    {
        if (reason is not { } r || !Enum.IsDefined(r))
        {
            throw new ValidationException("reason", $"Ange varför ärendet {caseId} avslutas (klart, överlämnat till hemkommunen, hänvisat vidare, ingen åtgärd behövs eller annat).");
        }

        if (r == CaseClosingReason.Duplicate)
        {
            throw new ValidationException("reason", $"Är ärendet {caseId} en dubblett? Makulera det som dubblett av det andra ärendet i stället: då räknas det inte i statistik och fakturering.");
        }

        return r == CaseClosingReason.Other
            ? (r, FreeText.Required("note", "Anteckningen", note, TextKind.Reason, "Ange med ord varför ärendet avslutas (minst 10 tecken)."))
            : (r, FreeText.Optional("note", "Anteckningen", note, TextKind.Note));
    }
}
