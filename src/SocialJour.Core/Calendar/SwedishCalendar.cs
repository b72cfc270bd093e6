namespace SocialJour.Core.Calendar;

public enum DayKind
{
    /// <summary>A normal working day (vardag).</summary>
    Workday,

    /// <summary>A workday squeezed between a public holiday and a weekend (klämdag).</summary>
    BridgeDay,

    Weekend,

    /// <summary>A public holiday (helgdag) under lag (1989:253) om allmänna helgdagar.</summary>
    PublicHoliday,

    /// <summary>Midsummer Eve, Christmas Eve or New Year's Eve: not public holidays in law, but offices are closed.</summary>
    Eve,
}

/// <summary>
/// The Swedish calendar: public holidays, the eves that close offices, and bridge days.
/// The holiday law it implements: lag (1952:48), from 1989 lag (1989:253), om allmänna helgdagar, in force from 1953
/// (Midsummer Day and All Saints' Day on Saturdays, Annunciation Day no longer a holiday of its own), with the change
/// of 2005: Sweden's National Day (6 June) became a public holiday and Whit Monday stopped being one. Years before
/// 1953 had other holidays and are refused; later years follow the law in force today.
/// </summary>
public static class SwedishCalendar
{
    /// <summary>The first year whose holidays this calendar knows (the 1952 law took effect in 1953).</summary>
    public const int FirstSupportedYear = 1953;

    /// <summary>The last year the API, the CLI and the calendar page answer for.</summary>
    public const int LastSupportedYear = 2200;

    /// <summary>The first year with National Day (6 June) as a public holiday; until 2004 Whit Monday was one instead.</summary>
    public const int NationalDayFromYear = 2005;

    public static bool IsSupportedYear(int year) => year is >= FirstSupportedYear and <= LastSupportedYear;

    /// <summary>The Swedish text for a year outside the supported range, naming the range.</summary>
    public static string UnsupportedYearMessage(int year) =>
        $"Året {year} stöds inte: kalendern följer helgdagslagen för åren {FirstSupportedYear}–{LastSupportedYear} (före {FirstSupportedYear} gällde andra helgdagar).";

    public static DateOnly EasterSunday(int year)
    {
        // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>Public holidays of a year with their Swedish names, in date order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is before <see cref="FirstSupportedYear"/>, whose holidays were others.</exception>
    public static IReadOnlyList<(DateOnly Date, string Name)> PublicHolidays(int year)
    {
        if (year < FirstSupportedYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, UnsupportedYearMessage(year));
        }

        var easter = EasterSunday(year);
        var list = new List<(DateOnly, string)>
        {
            (new DateOnly(year, 1, 1), "Nyårsdagen"),
            (new DateOnly(year, 1, 6), "Trettondedag jul"),
            (easter.AddDays(-2), "Långfredagen"),
            (easter, "Påskdagen"),
            (easter.AddDays(1), "Annandag påsk"),
            (new DateOnly(year, 5, 1), "Första maj"),
            (easter.AddDays(39), "Kristi himmelsfärdsdag"),
            (easter.AddDays(49), "Pingstdagen"),
            year >= NationalDayFromYear ? (new DateOnly(year, 6, 6), "Sveriges nationaldag") : (easter.AddDays(50), "Annandag pingst"),
            (SaturdayBetween(year, 6, 20), "Midsommardagen"),
            (SaturdayBetween(year, 10, 31), "Alla helgons dag"),
            (new DateOnly(year, 12, 25), "Juldagen"),
            (new DateOnly(year, 12, 26), "Annandag jul"),
        };
        list.Sort((x, y) => x.Item1.CompareTo(y.Item1));
        return list;
    }

    /// <summary>The eves on which offices are closed, with their names.</summary>
    public static IReadOnlyList<(DateOnly Date, string Name)> Eves(int year) =>
    [
        (SaturdayBetween(year, 6, 20).AddDays(-1), "Midsommarafton"),
        (new DateOnly(year, 12, 24), "Julafton"),
        (new DateOnly(year, 12, 31), "Nyårsafton"),
    ];

    public static bool IsPublicHoliday(DateOnly date) => PublicHolidays(date.Year).Any(h => h.Date == date);

    public static bool IsEve(DateOnly date) => Eves(date.Year).Any(e => e.Date == date);

    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>A day the municipalities' offices are closed: weekend, public holiday or eve.</summary>
    public static bool IsNonWorkingDay(DateOnly date) => IsWeekend(date) || IsPublicHoliday(date) || IsEve(date);

    /// <summary>A workday between a non-working holiday and a weekend (e.g. the Friday after Ascension Day).</summary>
    public static bool IsBridgeDay(DateOnly date)
    {
        if (IsNonWorkingDay(date))
        {
            return false;
        }

        var before = date.AddDays(-1);
        var after = date.AddDays(1);
        var holidayBefore = IsPublicHoliday(before) || IsEve(before);
        var holidayAfter = IsPublicHoliday(after) || IsEve(after);
        return (holidayBefore && IsNonWorkingDay(after)) || (holidayAfter && IsNonWorkingDay(before));
    }

    public static DayKind KindOf(DateOnly date) =>
        IsPublicHoliday(date) ? DayKind.PublicHoliday
        : IsEve(date) ? DayKind.Eve
        : IsWeekend(date) ? DayKind.Weekend
        : IsBridgeDay(date) ? DayKind.BridgeDay
        : DayKind.Workday;

    /// <summary>The name of a holiday or eve, or null.</summary>
    public static string? NameOf(DateOnly date) =>
        PublicHolidays(date.Year).Concat(Eves(date.Year)).Where(h => h.Date == date).Select(h => h.Name).FirstOrDefault();

    private static DateOnly SaturdayBetween(int year, int month, int firstDay)
    {
        var d = new DateOnly(year, month, firstDay);
        while (d.DayOfWeek != DayOfWeek.Saturday)
        {
            d = d.AddDays(1);
        }

        return d;
    }
}
