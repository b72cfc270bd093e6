using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Contacts;

/// <summary>
/// The priority a person's case gets when the form leaves it to the system: children first. A child in a violence category
/// (<see cref="CaseCategory.DomesticViolence"/>) is <see cref="TriageLevel.Acute"/>; any other child, and an adult in a
/// violence category, <see cref="TriageLevel.Urgent"/>; everyone else <see cref="TriageLevel.Normal"/>. A child is a person
/// under 18 on the day of the contact or one whose category is about children (<see cref="PersonConcernedRule"/>).
/// </summary>
internal static class TriageRule
{
    public static TriageLevel Default(bool concernsChild, CaseCategory category) => (concernsChild, category) switch
    {
        (true, CaseCategory.DomesticViolence) => TriageLevel.Acute,
        (true, _) => TriageLevel.Urgent,
        (false, CaseCategory.DomesticViolence) => TriageLevel.Urgent,
        _ => TriageLevel.Normal,
    };
}
