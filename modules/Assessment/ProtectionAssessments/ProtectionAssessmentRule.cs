using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// What a protection assessment needs: a case concerning a child (the assessment is made in the child's case), an outcome,
/// and reasoning that is words (<see cref="TextKind.Account"/>).
/// </summary>
internal static class ProtectionAssessmentRule
{
    public static (ProtectionOutcome Outcome, string Reasoning) Check(JourCaseInfo jourCase, ProtectionAssessmentInput input)
    {
        if (!jourCase.ConcernsChild)
        {
            throw new ValidationException("caseId", $"Ärendet {jourCase.Id} gäller inte ett barn; skyddsbedömningen görs i barnets ärende.");
        }

        if (input.Outcome is not { } outcome || !Enum.IsDefined(outcome))
        {
            throw new ValidationException("outcome", "Ange bedömningen: omedelbart skyddsbehov eller inte.");
        }

        return (outcome, FreeText.Required("reasoning", "Motiveringen", input.Reasoning, TextKind.Account, "Motivera bedömningen (minst 10 tecken)."));
    }

    /// <summary>Why a case cannot be closed yet (Swedish), or null: a child's case needs its documented assessment.</summary>
    public static string? WhyNotClosable(JourCaseInfo jourCase, bool assessed) =>
        !jourCase.ConcernsChild || assessed ? null : $"Ärendet {jourCase.Id} gäller ett barn: dokumentera den omedelbara skyddsbedömningen innan ärendet avslutas.";
}
