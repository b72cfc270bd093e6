using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>The order of the open-case list, most urgent first: triage level, then cases concerning children, then the nearest unmet deadline, then the oldest.</summary>
internal static class CaseUrgencyOrder
{
    public static IReadOnlyList<JourCaseView> Sort(IEnumerable<JourCaseView> cases) =>
        cases.OrderBy(v => v.Triage).ThenByDescending(v => v.ConcernsChild).ThenBy(v => v.NextDeadline ?? DateTimeOffset.MaxValue).ThenBy(v => v.ReceivedAt).ToList();
}
