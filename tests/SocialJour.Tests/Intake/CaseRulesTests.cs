using SocialJour.Core;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests.IntakeRules;

/// <summary>When a case may be closed, and the order of the open-case list.</summary>
public sealed class CaseRulesTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 24, 21, 15, 0, TimeSpan.FromHours(1));

    [Fact]
    public void An_open_case_with_every_notice_acknowledged_may_be_closed() =>
        CaseClosingRule.Check("J7", closedAt: null, unacknowledgedNotices: 0);

    [Fact]
    public void A_case_with_unacknowledged_notices_is_not_closed_and_the_message_says_how_many()
    {
        var e = Assert.Throws<ValidationException>(() => CaseClosingRule.Check("J7", null, 2));

        Assert.Equal("caseId", e.Field);
        Assert.Equal("Ärendet J7 har 2 aviseringar som inte är kvitterade. Läs och kvittera dem först.", e.Message);
    }

    [Fact]
    public void A_closed_case_is_not_closed_again() =>
        Assert.Equal("Ärendet J7 är redan avslutat.", Assert.Throws<ValidationException>(() => CaseClosingRule.Check("J7", Received, 0)).Message);

    [Fact]
    public void Open_cases_are_listed_by_triage_then_children_then_the_nearest_unmet_deadline()
    {
        var normalAdult = View("J1", TriageLevel.Normal, child: false, callbackDue: Received.AddMinutes(5));
        var normalChild = View("J2", TriageLevel.Normal, child: true, callbackDue: Received.AddMinutes(50));
        var normalChildSooner = View("J3", TriageLevel.Normal, child: true, callbackDue: Received.AddMinutes(20));
        var acuteAdult = View("J4", TriageLevel.Acute, child: false, callbackDue: Received.AddMinutes(60));
        var calledBack = View("J5", TriageLevel.Normal, child: true, callbackDue: Received.AddMinutes(1)) with { CalledBackAt = Received };

        var order = CaseUrgencyOrder.Sort([normalAdult, normalChild, calledBack, normalChildSooner, acuteAdult]).Select(c => c.Id);

        Assert.Equal(new[] { "J4", "J3", "J2", "J5", "J1" }, order);
    }

    private static JourCaseView View(string id, TriageLevel triage, bool child, DateTimeOffset callbackDue) =>
        new(id, 1, null, "Oidentifierad", null, null, "0191", CaseCategory.Other, child, ContactChannel.Police, Received, "Open", Received, "anna", null, null,
            triage, callbackDue, null, null, null, 0);
}
