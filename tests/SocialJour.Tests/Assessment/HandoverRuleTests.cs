using SocialJour.Core.Calendar;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Tests.Assessment;

/// <summary>The handover's period and what it lists to follow up.</summary>
public sealed class HandoverRuleTests
{
    private static readonly JourSchedule Nordvast = new(OpeningHours.Nordvast, JourSchedule.Stockholm);
    private static readonly DateTimeOffset Received = new(2026, 11, 27, 23, 40, 0, TimeSpan.FromHours(1));
    private static readonly HandoverCaseInfo Open = new("J-1", "Maja", "0191", "ChildrenAndYouth", true, "Police", Received, Received, null, 0);

    [Theory]
    [InlineData("2026-11-26", "2026-11-25T08:00:00+01:00")] // Thursday: since Wednesday 08:00
    [InlineData("2026-11-30", "2026-11-27T08:00:00+01:00")] // Monday covers the weekend
    [InlineData("2026-12-28", "2026-12-23T08:00:00+01:00")] // after Christmas: since the last weekday before the eve
    public void The_handover_covers_everything_since_the_previous_weekdays_08_00(string day, string from)
    {
        var (start, end) = HandoverPeriod.Of(Nordvast, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), start);
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(8, 0)), TimeZoneInfo.ConvertTime(end, JourSchedule.Stockholm).DateTime);
    }

    [Fact]
    public void An_open_childs_case_without_assessment_report_or_acknowledged_notices_lists_each()
    {
        var followUps = HandoverFollowUps.Of(Open with { UnacknowledgedNotices = 2 }, "0191", [], [], protectionAssessed: false, JourSchedule.Stockholm);

        Assert.Equal(["Ärendet är öppet", "2 aviseringar inte kvitterade", "Skyddsbedömning saknas", "Ingen rapport skriven"], followUps);
    }

    [Fact]
    public void Only_a_report_delivered_to_this_municipality_counts_and_an_LVU_order_not_yet_with_the_court_is_listed_in_local_time()
    {
        ReportView Report(string municipality, ReportStatus status) => new(1, "J-1", municipality, "Text", "anna", Received, Received, status, 1, null, null, null, null);
        var order = new DecisionView(1, "J-1", DecisionKind.LvuEmergencyCareOrder, "Omhändertagande", "Ordf.", "anna", Received, null, new DateTimeOffset(2026, 12, 4, 22, 40, 0, TimeSpan.Zero), null);
        var closed = Open with { ClosedAt = Received.AddHours(1) };

        Assert.Equal(["Rapporten är inte levererad", "Beslut enligt 6 § LVU ska till förvaltningsrätten senast 2026-12-04 23:40 (7 § LVU)"],
            HandoverFollowUps.Of(closed, "0125", [Report("0191", ReportStatus.Delivered), Report("0125", ReportStatus.Queued)], [order], protectionAssessed: true, JourSchedule.Stockholm));
        Assert.Empty(HandoverFollowUps.Of(closed, "0191", [Report("0191", ReportStatus.Delivered)], [order with { SubmittedToCourtAt = Received }], protectionAssessed: true, JourSchedule.Stockholm));
    }

    [Fact]
    public void An_LVM_13_order_not_yet_with_the_court_is_listed_as_due_at_once()
    {
        var order = new DecisionView(2, "J-1", DecisionKind.LvmEmergencyCare, "Omhändertagande", "Ordf.", "anna", Received, null, Received, null);
        var closed = Open with { ClosedAt = Received.AddHours(1) };

        var followUps = HandoverFollowUps.Of(closed, "0191", [], [order], protectionAssessed: true, JourSchedule.Stockholm);

        Assert.Contains(followUps, f => f.StartsWith("Beslut enligt 13 § LVM", StringComparison.Ordinal) && f.Contains("genast (15 § LVM)", StringComparison.Ordinal));
    }
}
