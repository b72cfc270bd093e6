using SocialJour.Core.Calendar;

namespace SocialJour.Tests;

public sealed class CalendarTests
{
    private static readonly JourSchedule Nordvast = new(OpeningHours.Nordvast, JourSchedule.Stockholm);
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    public void Easter_Sunday_falls_on_the_right_date(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), SwedishCalendar.EasterSunday(year));

    [Fact]
    public void The_2026_public_holidays_are_the_thirteen_of_the_law()
    {
        var dates = SwedishCalendar.PublicHolidays(2026).Select(h => h.Date.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(["01-01", "01-06", "04-03", "04-05", "04-06", "05-01", "05-14", "05-24", "06-06", "06-20", "10-31", "12-25", "12-26"], dates);
    }

    [Fact]
    public void Before_2005_Whit_Monday_was_a_public_holiday_and_National_Day_was_not()
    {
        var holidays = SwedishCalendar.PublicHolidays(2004);

        Assert.Contains((new DateOnly(2004, 5, 31), "Annandag pingst"), holidays);
        Assert.DoesNotContain(holidays, h => h.Date == new DateOnly(2004, 6, 6));
        Assert.Equal(DayKind.PublicHoliday, SwedishCalendar.KindOf(new DateOnly(2004, 5, 31)));
        Assert.DoesNotContain(SwedishCalendar.PublicHolidays(2005), h => h.Name == "Annandag pingst");
        Assert.Contains((new DateOnly(2005, 6, 6), "Sveriges nationaldag"), SwedishCalendar.PublicHolidays(2005));
    }

    [Fact]
    public void Years_before_the_holiday_law_it_implements_are_refused_not_answered_with_todays_law()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SwedishCalendar.PublicHolidays(1952));

        Assert.Contains("1953", e.Message, StringComparison.Ordinal);
        Assert.False(SwedishCalendar.IsSupportedYear(1900));
        Assert.True(SwedishCalendar.IsSupportedYear(1953));
    }

    [Fact]
    public void Midsummer_Christmas_and_New_Years_Eve_close_the_offices()
    {
        Assert.Equal(DayKind.Eve, SwedishCalendar.KindOf(new DateOnly(2026, 6, 19)));
        Assert.Equal(DayKind.Eve, SwedishCalendar.KindOf(new DateOnly(2026, 12, 24)));
        Assert.Equal(DayKind.Eve, SwedishCalendar.KindOf(new DateOnly(2026, 12, 31)));
    }

    [Theory]
    [InlineData(2026, 5, 15)] // Friday after Ascension Day
    [InlineData(2026, 1, 2)] // Friday after New Year's Day
    [InlineData(2026, 1, 5)] // Monday before Epiphany on a Tuesday
    public void Bridge_days_are_recognised(int y, int m, int d) =>
        Assert.Equal(DayKind.BridgeDay, SwedishCalendar.KindOf(new DateOnly(y, m, d)));

    [Fact]
    public void An_ordinary_Tuesday_is_not_a_bridge_day() =>
        Assert.Equal(DayKind.Workday, SwedishCalendar.KindOf(new DateOnly(2026, 11, 24)));

    [Theory]
    [InlineData(2026, 11, 24, 15, 0, JourMode.Closed)] // Tuesday afternoon: office hours
    [InlineData(2026, 11, 24, 16, 30, JourMode.Open)]
    [InlineData(2026, 11, 25, 1, 59, JourMode.Open)] // the Tuesday shift runs past midnight
    [InlineData(2026, 11, 25, 3, 0, JourMode.Standby)]
    [InlineData(2026, 11, 25, 8, 0, JourMode.Closed)]
    [InlineData(2026, 11, 27, 13, 59, JourMode.Closed)] // Friday opens at 14
    [InlineData(2026, 11, 27, 14, 0, JourMode.Open)]
    [InlineData(2026, 11, 28, 10, 0, JourMode.Standby)] // Saturday: standby 02–16
    [InlineData(2026, 11, 28, 16, 0, JourMode.Open)]
    [InlineData(2026, 12, 24, 10, 0, JourMode.Standby)] // Christmas Eve: offices closed, opens 11
    [InlineData(2026, 12, 24, 11, 0, JourMode.Open)]
    public void Mode_at_chosen_instants_in_winter(int y, int mo, int d, int h, int mi, JourMode expected) =>
        Assert.Equal(expected, Nordvast.ModeAt(new DateTimeOffset(y, mo, d, h, mi, 0, Winter)));

    [Theory]
    [InlineData(2026, 4, 2, 10, 30, JourMode.Closed)] // Maundy Thursday, the day before Good Friday, opens at 11
    [InlineData(2026, 4, 2, 11, 0, JourMode.Open)]
    [InlineData(2026, 5, 15, 11, 30, JourMode.Open)] // bridge day opens at 11
    [InlineData(2026, 5, 14, 12, 0, JourMode.Standby)] // Ascension Day: standby until 16
    public void Mode_on_days_around_public_holidays(int y, int mo, int d, int h, int mi, JourMode expected) =>
        Assert.Equal(expected, Nordvast.ModeAt(new DateTimeOffset(y, mo, d, h, mi, 0, Summer)));

    [Fact]
    public void The_night_clocks_go_forward_the_shift_still_ends_at_two_and_standby_follows()
    {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST.
        Assert.Equal(JourMode.Open, Nordvast.ModeAt(new DateTimeOffset(2026, 3, 29, 1, 30, 0, Winter)));
        Assert.Equal(JourMode.Standby, Nordvast.ModeAt(new DateTimeOffset(2026, 3, 29, 3, 30, 0, Summer)));
    }

    [Fact]
    public void Report_deadline_from_Saturday_night_before_spring_change_is_Monday_0800_summer_time()
    {
        var due = Nordvast.NextWeekdayAt0800(new DateTimeOffset(2026, 3, 28, 23, 0, 0, Winter));

        Assert.Equal(new DateTimeOffset(2026, 3, 30, 8, 0, 0, Summer), due);
        Assert.Equal(Summer, due.Offset);
    }

    [Fact]
    public void Report_deadline_from_Saturday_night_before_autumn_change_is_Monday_0800_winter_time()
    {
        var due = Nordvast.NextWeekdayAt0800(new DateTimeOffset(2026, 10, 24, 22, 0, 0, Summer));

        Assert.Equal(new DateTimeOffset(2026, 10, 26, 8, 0, 0, Winter), due);
    }

    [Fact]
    public void Report_deadline_over_Christmas_skips_the_eve_the_holidays_and_the_weekend()
    {
        var due = Nordvast.NextWeekdayAt0800(new DateTimeOffset(2026, 12, 23, 20, 0, 0, Winter));

        Assert.Equal(new DateTimeOffset(2026, 12, 28, 8, 0, 0, Winter), due);
    }

    [Fact]
    public void Report_deadline_over_Easter_is_the_Tuesday_after_Easter_Monday()
    {
        var due = Nordvast.NextWeekdayAt0800(new DateTimeOffset(2026, 4, 2, 22, 0, 0, Summer));

        Assert.Equal(new DateTimeOffset(2026, 4, 7, 8, 0, 0, Summer), due);
    }

    [Fact]
    public void A_case_in_the_small_hours_of_Monday_is_due_the_same_morning()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 0, Winter), Nordvast.NextWeekdayAt0800(new DateTimeOffset(2026, 11, 23, 1, 30, 0, Winter)));
    }

    [Fact]
    public void At_exactly_0800_the_deadline_is_the_next_weekday()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, Winter), Nordvast.NextWeekdayAt0800(new DateTimeOffset(2026, 11, 23, 8, 0, 0, Winter)));
    }

    [Fact]
    public void Segments_of_a_Friday_cover_the_whole_day()
    {
        var segments = Nordvast.SegmentsOn(new DateOnly(2026, 11, 27));

        Assert.Equal([JourMode.Open, JourMode.Standby, JourMode.Closed, JourMode.Open], segments.Select(s => s.Mode));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 14, 0, 0, Winter), segments[3].Start);
    }
}
