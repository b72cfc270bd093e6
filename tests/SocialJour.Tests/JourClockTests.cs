using SocialJour.Core.Calendar;

namespace SocialJour.Tests;

/// <summary>The jour's local date and time at chosen instants, in Stockholm, around the daylight-saving changes of 2026.</summary>
public sealed class JourClockTests
{
    private static JourClock At(string utc) => new(new FixedTime(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)), JourSchedule.Stockholm);

    [Theory]
    [InlineData("2026-01-14T22:59:59Z", "2026-01-14")] // 23:59:59 in winter
    [InlineData("2026-01-14T23:00:00Z", "2026-01-15")] // midnight in Stockholm, still the 14th in UTC
    [InlineData("2026-03-28T23:30:00Z", "2026-03-29")] // 00:30 on the night the clocks go forward
    [InlineData("2026-06-30T21:59:00Z", "2026-06-30")] // 23:59 summer time
    [InlineData("2026-06-30T22:00:00Z", "2026-07-01")] // midnight summer time: two hours before UTC's
    [InlineData("2026-10-24T22:30:00Z", "2026-10-25")] // 00:30 summer time on the night the clocks go back
    [InlineData("2026-12-31T23:00:00Z", "2027-01-01")] // New Year in Stockholm an hour before UTC
    public void Today_is_the_date_on_the_jours_wall_clock(string utc, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), At(utc).Today);

    [Fact]
    public void The_hour_skipped_in_March_is_read_one_hour_later()
    {
        var clock = At("2026-03-29T00:00:00Z");

        var instant = clock.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(2, 30));

        Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:30:00Z", System.Globalization.CultureInfo.InvariantCulture), instant);
        Assert.Equal(new TimeOnly(3, 30), clock.LocalTime(instant));
        Assert.Equal(TimeSpan.FromHours(2), clock.ToLocal(instant).Offset);
        Assert.Equal(TimeSpan.FromHours(23), clock.StartOf(new DateOnly(2026, 3, 30)) - clock.StartOf(new DateOnly(2026, 3, 29)));
    }

    [Fact]
    public void The_hour_that_occurs_twice_in_October_is_the_later_one_in_standard_time()
    {
        var clock = At("2026-10-25T00:00:00Z");

        var instant = clock.ToInstant(new DateOnly(2026, 10, 25), new TimeOnly(2, 30));

        Assert.Equal(DateTimeOffset.Parse("2026-10-25T01:30:00Z", System.Globalization.CultureInfo.InvariantCulture), instant);
        // Both 00:30Z (summer time) and 01:30Z (standard time) read 02:30 on the wall clock, on the 25th.
        Assert.Equal(new TimeOnly(2, 30), clock.LocalTime(DateTimeOffset.Parse("2026-10-25T00:30:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(new TimeOnly(2, 30), clock.LocalTime(instant));
        Assert.Equal(TimeSpan.FromHours(25), clock.StartOf(new DateOnly(2026, 10, 26)) - clock.StartOf(new DateOnly(2026, 10, 25)));
    }

    [Fact]
    public void Now_follows_the_injected_time_and_the_configured_zone_not_the_machines()
    {
        var time = new FixedTime(DateTimeOffset.Parse("2026-07-01T21:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var zone = JourSchedule.Stockholm;
        var clock = new JourClock(time, () => zone);

        Assert.Equal(new DateOnly(2026, 7, 1), clock.Today);
        Assert.Equal("2026-07-01 23:30", clock.Format(clock.UtcNow));

        time.Now = time.Now.AddHours(1);
        Assert.Equal(new DateOnly(2026, 7, 2), clock.Today);

        // A reloaded configuration with another zone takes effect on the next call.
        zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal(new DateOnly(2026, 7, 1), clock.Today);
        Assert.Equal(new TimeOnly(18, 30), clock.LocalTime(clock.UtcNow));
    }

    [Fact]
    public void The_schedule_and_the_clock_agree_on_wall_clock_instants()
    {
        var schedule = new JourSchedule(OpeningHours.Nordvast, JourSchedule.Stockholm);
        foreach (var (date, time) in new[] { (new DateOnly(2026, 3, 29), new TimeOnly(2, 0)), (new DateOnly(2026, 10, 25), new TimeOnly(2, 0)), (new DateOnly(2026, 7, 1), new TimeOnly(16, 0)) })
        {
            Assert.Equal(JourClock.ToInstant(date, time, JourSchedule.Stockholm), schedule.ToInstant(date, time));
        }
    }
}
