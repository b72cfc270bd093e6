using SocialJour.Core;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests.Assessment;

/// <summary>The notice stop: unread notices stop a decision or action; a restricted kind needs a logged reason.</summary>
public sealed class NoticeStopTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 1, 30, 0, TimeSpan.Zero);

    private static NoticeView Notice(long id, NoticeRestriction? restricts = null, bool acknowledged = false, string? concerns = null) =>
        new(id, "0191", "201003152384", "Inget ekonomiskt bistånd till mamman", new DateOnly(2026, 12, 1), null, "kommun", At,
            acknowledged ? "erik" : null, acknowledged ? At : null, restricts, concerns);

    private static string Name(string code) => code == "0191" ? "Sigtuna" : code;

    [Fact]
    public void An_unacknowledged_notice_stops_the_measure_naming_the_municipality_whom_it_concerns_and_its_text()
    {
        var stop = Assert.Throws<ValidationException>(() =>
            NoticeStop.Check([Notice(1, concerns: "Mamma (J3)")], null, ActionKind.SupportTalk, null, "Insatsen", Name));

        Assert.True(stop.Conflict);
        Assert.Equal("acknowledgedNotices", stop.Field);
        Assert.Contains("Sigtuna om Mamma (J3): \u201dInget ekonomiskt bistånd till mamman\u201d", stop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_notice_read_in_the_form_lets_the_measure_through_and_is_acknowledged_with_it()
    {
        var clearance = NoticeStop.Check([Notice(1), Notice(2, acknowledged: true)], [1], ActionKind.SupportTalk, null, "Insatsen", Name);

        Assert.Equal([1L], clearance.Acknowledge.Select(n => n.Id));
        Assert.Empty(clearance.Restricting);
        Assert.Null(clearance.Reason);
    }

    [Fact]
    public void A_measure_of_the_kind_a_notice_restricts_needs_a_reason_even_when_the_notice_is_acknowledged()
    {
        NoticeView[] notices = [Notice(1, NoticeRestriction.FinancialAid, acknowledged: true)];

        var refusal = Assert.Throws<ValidationException>(() => NoticeStop.Check(notices, null, ActionKind.FinancialAid, null, "Beslutet", Name));
        Assert.Equal("noticeReason", refusal.Field);
        Assert.Contains("Beslutet om ekonomiskt bistånd strider mot aviseringen", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("noticeReason", Assert.Throws<ValidationException>(() => NoticeStop.Check(notices, null, ActionKind.FinancialAid, "  kort ", "Beslutet", Name)).Field);

        var clearance = NoticeStop.Check(notices, null, ActionKind.FinancialAid, "Barnen saknar mat över helgen, mamman nås inte", "Beslutet", Name);
        Assert.Equal("Barnen saknar mat över helgen, mamman nås inte", clearance.Reason);
        Assert.Equal([1L], clearance.Restricting.Select(n => n.Id));
    }

    [Fact]
    public void A_restriction_of_another_kind_asks_no_reason()
    {
        var clearance = NoticeStop.Check([Notice(1, NoticeRestriction.FinancialAid, acknowledged: true)], null, ActionKind.EmergencyShelter, null, "Insatsen", Name);

        Assert.Null(clearance.Reason);
    }

    [Theory]
    [InlineData(DecisionKind.SoL, ActionKind.FinancialAid, ActionKind.FinancialAid)]
    [InlineData(DecisionKind.LvuEmergencyCareOrder, null, ActionKind.Placement)]
    [InlineData(DecisionKind.LvmEmergencyCare, null, ActionKind.Placement)]
    [InlineData(DecisionKind.PoliceAssistanceLvu, null, null)]
    public void A_decisions_measure_is_what_SoL_grants_or_the_placement_of_an_emergency_care_order(DecisionKind kind, ActionKind? grants, ActionKind? measure) =>
        Assert.Equal(measure, NoticeStop.MeasureOf(kind, grants));
}
