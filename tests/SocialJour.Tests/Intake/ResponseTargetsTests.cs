using SocialJour.Core;
using SocialJour.Modules.Intake.Timers;

namespace SocialJour.Tests.IntakeRules;

/// <summary>Callback within 30 minutes of receipt, on site within 2 hours of the visit decision; late or missed is a breach.</summary>
public sealed class ResponseTargetsTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 24, 21, 15, 0, TimeSpan.FromHours(1));

    [Fact]
    public void A_callback_within_30_minutes_is_no_breach_one_after_is_a_breach_due_at_receipt_plus_30()
    {
        Assert.Equal(Received.AddMinutes(30), ResponseTargets.CallbackDue(Received));
        Assert.Null(ResponseTargets.RecordCallback(RuleFixtures.Case(Received), "J7", Received.AddMinutes(30)));

        var late = RuleFixtures.Case(Received);
        Assert.Equal(new MissedTarget("Callback", Received.AddMinutes(30)), ResponseTargets.RecordCallback(late, "J7", Received.AddMinutes(31)));
        Assert.Equal(Received.AddMinutes(31), late.CalledBackAt);
    }

    [Fact]
    public void A_callback_is_recorded_once()
    {
        var c = RuleFixtures.Case(Received);
        ResponseTargets.RecordCallback(c, "J7", Received.AddMinutes(5));

        Assert.Contains("redan registrerad", Assert.Throws<ValidationException>(() => ResponseTargets.RecordCallback(c, "J7", Received.AddMinutes(6))).Message, StringComparison.Ordinal);
        Assert.Equal(Received.AddMinutes(5), c.CalledBackAt);
    }

    [Fact]
    public void The_on_site_deadline_runs_2_hours_from_the_decision_and_needs_one()
    {
        var c = RuleFixtures.Case(Received);
        Assert.Contains("Registrera först beslutet om besök", Assert.Throws<ValidationException>(() => ResponseTargets.RecordOnSite(c, "J7", Received)).Message, StringComparison.Ordinal);

        var decided = Received.AddMinutes(40);
        ResponseTargets.DecideVisit(c, "J7", decided);
        Assert.Equal(decided.AddHours(2), c.VisitDueAt);
        Assert.Throws<ValidationException>(() => ResponseTargets.DecideVisit(c, "J7", decided.AddMinutes(1)));

        Assert.Equal(new MissedTarget("OnSite", decided.AddHours(2)), ResponseTargets.RecordOnSite(c, "J7", decided.AddHours(2).AddSeconds(1)));
        Assert.Throws<ValidationException>(() => ResponseTargets.RecordOnSite(c, "J7", decided.AddHours(3)));
    }

    [Fact]
    public void The_watch_sees_a_target_missed_only_once_its_deadline_has_passed_unmet()
    {
        var c = RuleFixtures.Case(Received);
        Assert.Empty(ResponseTargets.MissedBy(c, Received.AddMinutes(30)));
        Assert.Equal(new[] { new MissedTarget("Callback", Received.AddMinutes(30)) }, ResponseTargets.MissedBy(c, Received.AddMinutes(30).AddTicks(1)));

        ResponseTargets.RecordCallback(c, "J7", Received.AddMinutes(45));
        ResponseTargets.DecideVisit(c, "J7", Received.AddMinutes(45));
        Assert.Empty(ResponseTargets.MissedBy(c, Received.AddMinutes(45).AddHours(2)));
        Assert.Equal(new[] { new MissedTarget("OnSite", Received.AddMinutes(45).AddHours(2)) }, ResponseTargets.MissedBy(c, Received.AddHours(3)));

        ResponseTargets.RecordOnSite(c, "J7", Received.AddHours(3));
        Assert.Empty(ResponseTargets.MissedBy(c, Received.AddHours(4)));
    }
}
