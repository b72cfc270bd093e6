using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Modules.Assessment;

namespace SocialJour.Tests.Assessment;

/// <summary>A report's text, its deadline (08:00 the next weekday) and how its delivery is retried.</summary>
public sealed class ReportRuleTests
{
    private static readonly JourSchedule Nordvast = new(OpeningHours.Nordvast, JourSchedule.Stockholm);
    private static readonly DateTimeOffset Failed = new(2026, 11, 27, 23, 40, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("För kort rapport.  ")]
    public void A_report_of_fewer_than_20_characters_is_refused(string? text) =>
        Assert.Equal("text", Assert.Throws<ValidationException>(() => ReportText.Check(text)).Field);

    [Fact]
    public void A_report_is_kept_trimmed() => Assert.Equal("Flickan återförd till HVB av jouren.", ReportText.Check("  Flickan återförd till HVB av jouren. \n"));

    [Fact]
    public void The_idempotency_key_is_the_same_for_one_report_and_differs_for_another_recipient_or_text()
    {
        var key = ReportText.IdempotencyKey("J-1", 7, Failed, "0191", "Text");

        Assert.Equal(key, ReportText.IdempotencyKey("J-1", 7, Failed, "0191", "Text"));
        Assert.NotEqual(key, ReportText.IdempotencyKey("J-1", 7, Failed, "0123", "Text"));
        Assert.NotEqual(key, ReportText.IdempotencyKey("J-1", 7, Failed, "0191", "Annan text"));
        Assert.NotEqual(key, ReportText.IdempotencyKey("J-1", 7, Failed.AddSeconds(1), "0191", "Text")); // a restored database reuses ids
    }

    [Fact]
    public void The_delivered_report_names_jour_recipient_case_and_key_with_the_time_in_UTC()
    {
        var text = ReportText.Render("Socialjouren Nordväst", "Sigtuna", "0191", "J-1", "key-1", new DateTimeOffset(2026, 11, 28, 0, 40, 0, TimeSpan.FromHours(1)), "anna", "Texten.");

        Assert.Equal("Rapport från Socialjouren Nordväst\r\nTill: Sigtuna (0191)\r\nÄrende: J-1\r\nRapport-id: key-1\r\nSkriven: 2026-11-27 23:40 UTC av anna\r\n\r\nTexten.\r\n", text);
    }

    [Theory]
    [InlineData("2026-11-27T23:40:00+01:00", "2026-11-30T08:00:00+01:00")] // Friday night: Monday
    [InlineData("2026-11-30T07:59:00+01:00", "2026-11-30T08:00:00+01:00")] // Monday before 08:00: the same morning
    [InlineData("2026-11-30T08:00:00+01:00", "2026-12-01T08:00:00+01:00")] // Monday at 08:00: strictly after, so Tuesday
    [InlineData("2026-12-23T23:10:00+01:00", "2026-12-28T08:00:00+01:00")] // Christmas Eve, Christmas Day and the weekend are not weekdays
    [InlineData("2027-03-27T23:30:00+01:00", "2027-03-30T08:00:00+02:00")] // over the spring change and Easter Monday
    public void A_report_is_due_at_the_first_workday_08_00_after_the_case_opened_on_the_jours_clock(string opened, string due) =>
        Assert.Equal(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            ReportDueTime.For(Nordvast, DateTimeOffset.Parse(opened, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_failed_attempt_is_retried_after_1_then_2_minutes_then_on_the_fallback_at_once_then_given_up()
    {
        Assert.Equal(Failed.AddMinutes(1), RetrySchedule.NextAttemptAfterFailure(1, hasFallback: true, Failed));
        Assert.Equal(Failed.AddMinutes(2), RetrySchedule.NextAttemptAfterFailure(2, hasFallback: true, Failed));
        Assert.Equal(Failed, RetrySchedule.NextAttemptAfterFailure(3, hasFallback: true, Failed));
        Assert.True(RetrySchedule.OnFallback(3));
        Assert.False(RetrySchedule.OnFallback(2));
        Assert.Equal(Failed.AddMinutes(1), RetrySchedule.NextAttemptAfterFailure(4, hasFallback: true, Failed));
        Assert.Equal(Failed.AddMinutes(2), RetrySchedule.NextAttemptAfterFailure(5, hasFallback: true, Failed));
        Assert.Null(RetrySchedule.NextAttemptAfterFailure(6, hasFallback: true, Failed));
    }

    [Fact]
    public void Without_a_fallback_a_report_is_given_up_after_three_attempts() =>
        Assert.Equal([Failed.AddMinutes(1), Failed.AddMinutes(2), null],
            new[] { 1, 2, 3 }.Select(n => RetrySchedule.NextAttemptAfterFailure(n, hasFallback: false, Failed)));
}
