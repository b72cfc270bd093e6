using SocialJour.Core;
using SocialJour.Core.Lookup;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>
/// When a case may be annulled as a duplicate (makulerad): it is not already annulled; the case it duplicates exists, is
/// another case and is not itself annulled; both concern the same person when both are identified (a duplicate of someone
/// else's case is a mistake, not a duplicate); and the user states why (a reason, logged). Notices and the protection
/// assessment are not asked for: the case it duplicates carries them.
/// </summary>
internal static class CaseAnnulmentRule
{
    public static string CheckReason(string? reason) => FreeText.Required("reason", "Skälet", reason, TextKind.Reason,
        "Ange varför ärendet är en dubblett (minst 10 tecken). Skälet loggas.");

    public static void Check(JourCaseRow annulled, JourCaseRow original)
    {
        var id = CaseIds.Format(annulled.Id);
        if (annulled.AnnulledAt is not null)
        {
            throw new ValidationException("caseId", $"Ärendet {id} är redan makulerat.");
        }

        if (original.Id == annulled.Id)
        {
            throw new ValidationException("duplicateOfCaseId", $"Ett ärende kan inte vara en dubblett av sig självt ({id}).");
        }

        if (original.AnnulledAt is not null)
        {
            throw new ValidationException("duplicateOfCaseId", $"Ärendet {CaseIds.Format(original.Id)} är självt makulerat; ange ärendet som gäller.");
        }

        if (annulled.PersonId is not null && original.PersonId is not null && annulled.PersonId != original.PersonId)
        {
            throw new ValidationException("duplicateOfCaseId", $"Ärendena {id} och {CaseIds.Format(original.Id)} gäller olika personer: det är ingen dubblett.");
        }
    }
}
