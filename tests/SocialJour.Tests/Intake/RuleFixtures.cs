using SocialJour.Core.Configuration;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests.IntakeRules;

/// <summary>Small, real inputs for intake's rules: municipalities with membership dates, a case row, the jour's time zone.</summary>
internal static class RuleFixtures
{
    public static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>Sigtuna, a member since 2020; Järfälla, a member from 2027-01-01; Solna, which left on 2026-07-01.</summary>
    public static readonly IReadOnlyList<Municipality> Members =
    [
        Member("0191", "Sigtuna", new DateOnly(2020, 1, 1)),
        Member("0123", "Järfälla", new DateOnly(2027, 1, 1)),
        Member("0184", "Solna", new DateOnly(2020, 1, 1), left: new DateOnly(2026, 7, 1)),
    ];

    /// <summary>Maja Lindberg of the demo data, born 2010-03-15.</summary>
    public const string Maja = "201003152384";

    public const string Sara = "198511302385";

    public static Municipality Member(string code, string name, DateOnly joined, DateOnly? left = null) =>
        new(MunicipalityCode.Of(code), name, joined, left, new JournalSystemSettings("Lifecare", null, null, new Dictionary<string, string>()), new Dictionary<int, int>());

    public static JourCaseRow Case(DateTimeOffset receivedAt, TriageLevel triage = TriageLevel.Normal) => new()
    {
        Id = 7,
        PersonId = Maja,
        MunicipalityCode = "0191",
        Category = nameof(CaseCategory.ChildrenAndYouth),
        Triage = (int)triage,
        OpenedAt = receivedAt,
        OpenedBy = "anna",
        CallbackDueAt = receivedAt + TimeSpan.FromMinutes(30),
    };
}
