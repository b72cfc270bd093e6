namespace SocialJour.Core.Calendar;

public enum JourMode
{
    /// <summary>Staffed at the jour's premises.</summary>
    Open,

    /// <summary>On call at home, reached through 112 (beredskap).</summary>
    Standby,

    /// <summary>Office hours: the municipalities' own social services are responsible.</summary>
    Closed,
}

/// <summary>The jour's opening hours, from configuration. All times are local (the jour's time zone).</summary>
public sealed record OpeningHours(
    TimeOnly Weekday,
    TimeOnly Friday,
    TimeOnly DayBeforeHoliday,
    TimeOnly BridgeDay,
    TimeOnly NonWorkingDay,
    TimeOnly Closes,
    TimeOnly WeekdayStandbyUntil)
{
    /// <summary>Socialjouren Nordväst: 16–02, Friday from 14, from 11 before a holiday and on bridge days; standby 02–08 weekdays, 02–16 weekends.</summary>
    public static OpeningHours Nordvast { get; } = new(
        new TimeOnly(16, 0), new TimeOnly(14, 0), new TimeOnly(11, 0), new TimeOnly(11, 0), new TimeOnly(16, 0), new TimeOnly(2, 0), new TimeOnly(8, 0));
}

public sealed record ScheduleSegment(DateTimeOffset Start, DateTimeOffset End, JourMode Mode);

/// <summary>
/// Answers "is the jour open, on standby or closed at T" and "when is the next weekday 08:00 after T",
/// in the jour's time zone so that daylight-saving changes fall where they do on the wall clock.
/// </summary>
public sealed class JourSchedule
{
    public JourSchedule(OpeningHours hours, TimeZoneInfo timeZone)
    {
        Hours = hours;
        TimeZone = timeZone;
    }

    public OpeningHours Hours { get; }

    public TimeZoneInfo TimeZone { get; }

    public static TimeZoneInfo Stockholm => TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>The time the jour opens on a given date.</summary>
    public TimeOnly OpensOn(DateOnly date)
    {
        if (SwedishCalendar.IsNonWorkingDay(date))
        {
            // Christmas Eve, New Year's Eve and Midsummer Eve are also days before a holiday.
            return SwedishCalendar.IsEve(date) ? Min(Hours.DayBeforeHoliday, Hours.NonWorkingDay) : Hours.NonWorkingDay;
        }

        var next = date.AddDays(1);
        if (SwedishCalendar.IsPublicHoliday(next) || SwedishCalendar.IsEve(next))
        {
            return Hours.DayBeforeHoliday;
        }

        if (SwedishCalendar.IsBridgeDay(date))
        {
            return Hours.BridgeDay;
        }

        return date.DayOfWeek == DayOfWeek.Friday ? Hours.Friday : Hours.Weekday;
    }

    public JourMode ModeAt(DateTimeOffset instant)
    {
        var date = JourClock.LocalDate(instant, TimeZone);
        var time = JourClock.LocalTime(instant, TimeZone);
        if (time < Hours.Closes)
        {
            return JourMode.Open; // the previous day's shift, which runs past midnight
        }

        var opens = OpensOn(date);
        if (time >= opens)
        {
            return JourMode.Open;
        }

        if (SwedishCalendar.IsNonWorkingDay(date))
        {
            return JourMode.Standby;
        }

        return time < Hours.WeekdayStandbyUntil ? JourMode.Standby : JourMode.Closed;
    }

    /// <summary>The first 08:00 on a workday (bridge days count) strictly after <paramref name="instant"/>: the report deadline.</summary>
    public DateTimeOffset NextWeekdayAt0800(DateTimeOffset instant)
    {
        var date = JourClock.LocalDate(instant, TimeZone);
        for (var i = 0; i < 30; i++, date = date.AddDays(1))
        {
            if (SwedishCalendar.IsNonWorkingDay(date))
            {
                continue;
            }

            var candidate = ToInstant(date, new TimeOnly(8, 0));
            if (candidate > instant)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No workday within 30 days.");
    }

    /// <summary>The day's segments from 00:00 to 24:00 local time, for the schedule view.</summary>
    public IReadOnlyList<ScheduleSegment> SegmentsOn(DateOnly date)
    {
        var start = ToInstant(date, TimeOnly.MinValue);
        var end = ToInstant(date.AddDays(1), TimeOnly.MinValue);
        var boundaries = new SortedSet<DateTimeOffset> { start, end };
        foreach (var t in new[] { Hours.Closes, Hours.WeekdayStandbyUntil, OpensOn(date) })
        {
            var b = ToInstant(date, t);
            if (b > start && b < end)
            {
                boundaries.Add(b);
            }
        }

        var list = new List<ScheduleSegment>();
        DateTimeOffset? previous = null;
        foreach (var b in boundaries)
        {
            if (previous is { } p)
            {
                var mode = ModeAt(p);
                if (list.Count > 0 && list[^1].Mode == mode)
                {
                    list[^1] = list[^1] with { End = b };
                }
                else
                {
                    list.Add(new ScheduleSegment(p, b, mode));
                }
            }

            previous = b;
        }

        return list;
    }

    /// <summary>Local wall-clock time to an instant (<see cref="JourClock.ToInstant(DateOnly, TimeOnly, TimeZoneInfo)"/>): a time skipped by the spring change is moved forward one hour.</summary>
    public DateTimeOffset ToInstant(DateOnly date, TimeOnly time) => JourClock.ToInstant(date, time, TimeZone);

    private static TimeOnly Min(TimeOnly a, TimeOnly b) => a < b ? a : b;
}
