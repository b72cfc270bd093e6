using SocialJour.Host.Overview;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests;

/// <summary>The night overview's order (issue 24 §5): deadlines passed, the latest first; what waits now; coming deadlines, the soonest first.</summary>
public sealed class NightOverviewTests
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    // 02:00 in Stockholm on a winter night (UTC+1).
    private static readonly FixedTime Time = new(new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero));

    private static DateTimeOffset Now => Time.GetUtcNow();

    private static DateTimeOffset Report0800 => new(2026, 12, 8, 7, 0, 0, TimeSpan.Zero);

    private static JourCaseView Case(string id, DateTimeOffset received, bool child = false, DateTimeOffset? calledBack = null,
        DateTimeOffset? visitDue = null, DateTimeOffset? onSite = null, int notices = 0) =>
        new(id, 1, null, $"Person {id}", null, null, "0191", child ? CaseCategory.ChildrenAndYouth : CaseCategory.SubstanceAbuse, child, ContactChannel.Police,
            received, "Jour", received, "anna", null, null, TriageLevel.Urgent, received.AddMinutes(30), calledBack, visitDue, onSite, notices);

    private static NightOverviewInput Input(IReadOnlyList<JourCaseView> cases, IReadOnlyList<DecisionView>? court = null, IReadOnlyList<CommissionView>? commissions = null,
        IReadOnlyList<(string, string)>? silent = null, IReadOnlySet<string>? assessed = null, IReadOnlySet<string>? reported = null) =>
        new(cases, assessed ?? new HashSet<string>(), reported ?? cases.Select(c => c.Id).ToHashSet(), court ?? [], commissions ?? [], silent ?? [], Report0800);

    private static IReadOnlyList<NightOverviewItem> Build(NightOverviewInput input) => NightOverview.Build(input, Now, Zone, code => code == "0191" ? "Sigtuna" : code);

    [Fact]
    public void Passed_deadlines_come_first_the_latest_first_then_what_waits_then_coming_deadlines_the_soonest_first()
    {
        var cases = new[]
        {
            Case("J3", Now.AddMinutes(-10)),                                              // callback due in 20 min
            Case("J1", Now.AddMinutes(-42)),                                              // callback 12 min late
            Case("J2", Now.AddMinutes(-90), calledBack: Now.AddMinutes(-80), visitDue: Now.AddMinutes(-25)), // on site 25 min late
            Case("J4", Now.AddMinutes(-5), calledBack: Now, visitDue: Now.AddMinutes(100)),  // on site by 03:40
        };

        var items = Build(Input(cases));

        Assert.Equal(
            [
                (NightOverviewKind.OnSite, "På plats försenad 25 min", "J2"),
                (NightOverviewKind.Callback, "Återuppringning försenad 12 min", "J1"),
                (NightOverviewKind.Callback, "Återuppringning senast 02:20", "J3"),
                (NightOverviewKind.OnSite, "På plats senast 03:40", "J4"),
            ],
            items.Select(i => (i.Kind, i.What, i.CaseId!)).ToList());
        Assert.All(items.Take(2), i => Assert.True(i.Overdue));
        Assert.All(items.Skip(2), i => Assert.False(i.Overdue));
        Assert.Equal("/Arenden/Arende/J2", items[0].Href);
        Assert.Equal("Person J2", items[0].PersonLabel);
        Assert.Equal("Skulle vara klart 2026-12-08 01:35", NightOverview.WhenText(items[0], Zone));
        Assert.Equal("Senast 2026-12-08 02:20", NightOverview.WhenText(items[2], Zone));
    }

    [Fact]
    public void A_child_case_without_a_protection_assessment_and_without_a_report_waits_before_the_coming_deadlines()
    {
        var child = Case("J7", Now.AddMinutes(-5), child: true);
        var assessedChild = Case("J8", Now.AddMinutes(-5), child: true, calledBack: Now);

        var items = Build(Input([child, assessedChild], assessed: new HashSet<string> { "J8" }, reported: new HashSet<string>()));

        Assert.Equal(
            [
                (NightOverviewKind.ProtectionAssessment, "Skyddsbedömning saknas", "J7"),
                (NightOverviewKind.Callback, "Återuppringning senast 02:25", "J7"),
                (NightOverviewKind.Report, "Rapport ej skriven (senast 08:00)", "J7"),
                (NightOverviewKind.Report, "Rapport ej skriven (senast 08:00)", "J8"),
            ],
            items.Select(i => (i.Kind, i.What, i.CaseId!)).ToList());
        Assert.Equal("Väntar sedan 2026-12-08 01:55", NightOverview.WhenText(items[0], Zone));
    }

    [Fact]
    public void Court_deadlines_notices_commissions_and_silent_journal_systems_are_placed_by_urgency()
    {
        var lvm = new DecisionView(1, "J5", DecisionKind.LvmEmergencyCare, "Omedelbart omhändertagande", "Ordf", "anna", Now.AddMinutes(-20), null, Now.AddMinutes(-20), null);
        var lvu = new DecisionView(2, "J6", DecisionKind.LvuEmergencyCareOrder, "Omedelbart omhändertagande", "Ordf", "anna", Now.AddDays(-5), null, Now.AddDays(2), null);
        var lateLvu = new DecisionView(3, "J9", DecisionKind.LvuEmergencyCareOrder, "Omedelbart omhändertagande", "Ordf", "anna", Now.AddDays(-8), null, Now.AddDays(-1), null);
        var commission = new CommissionView(4, "0191", CommissionKind.HomeVisit, "Handläggaren", Now.AddHours(-3), null, "Tillsyn", "anna", null, null, null);
        var noticed = Case("J5", Now.AddHours(-2), calledBack: Now.AddHours(-2), notices: 1);

        var items = Build(Input([noticed], court: [lvm, lvu, lateLvu], commissions: [commission], silent: [("Solna", "Combine")]));

        Assert.Equal(
            [
                (NightOverviewKind.Court, "6 § LVU: till förvaltningsrätten, veckan har gått"),
                (NightOverviewKind.Court, "13 § LVM: till förvaltningsrätten genast"),
                (NightOverviewKind.JournalSystem, "Journalsystem svarar inte: Solna (Combine)"),
                (NightOverviewKind.Notice, "Avisering ej kvitterad"),
                (NightOverviewKind.Commission, "Uppdrag från Sigtuna: Hembesök (tillsyn)"),
                (NightOverviewKind.Court, "6 § LVU: till förvaltningsrätten senast 2026-12-10 02:00"),
            ],
            items.Select(i => (i.Kind, i.What)).ToList());
        Assert.Equal("Person J5", items[1].PersonLabel); // the LVM decision's case is open: its person is named
        Assert.Null(items[0].PersonLabel);                // the late LVU decision's case is closed: the link only
        Assert.Equal("/Arenden/Arende/J9", items[0].Href);
        Assert.Equal(("/Uppdrag", "Till uppdragen"), (items[4].Href, NightOverview.LinkText(items[4])));
        Assert.Equal(("/Kommuner", "Status per kommun"), (items[2].Href, NightOverview.LinkText(items[2])));
    }

    [Fact]
    public void What_is_done_is_not_on_the_overview_and_a_long_delay_reads_in_hours()
    {
        var done = Case("J10", Now.AddHours(-3), calledBack: Now.AddHours(-3), visitDue: Now.AddHours(-1), onSite: Now.AddHours(-2));
        var late = Case("J11", Now.AddMinutes(-95));
        var closed = Case("J12", Now.AddHours(-1)) with { ClosedAt = Now };

        var items = Build(Input([done, late, closed]));

        Assert.Equal(["Återuppringning försenad 1 h 5 min"], items.Select(i => i.What).ToList());
    }
}
