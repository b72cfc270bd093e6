using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;

namespace SocialJour.Host.Pages;

internal sealed record CalendarDay(DateOnly Date, string Name, string Kind);

internal sealed record ScheduleDay(DateOnly Date, string Kind, TimeOnly Opens, string Segments);

internal sealed class CalendarModel(IMunicipalityRegistry registry, JourClock clock) : PageModel
{
    public int Year { get; private set; }

    /// <summary>Why the asked-for year is not shown (the page then shows this year's calendar below the error).</summary>
    public string? Error { get; private set; }

    public IReadOnlyList<CalendarDay> Days { get; private set; } = [];

    public IReadOnlyList<ScheduleDay> Schedule { get; private set; } = [];

    public void OnGet(int? year)
    {
        var today = clock.Today;
        if (year is { } asked && !SwedishCalendar.IsSupportedYear(asked))
        {
            Error = SwedishCalendar.UnsupportedYearMessage(asked);
        }

        Year = year is { } y && SwedishCalendar.IsSupportedYear(y) ? y : today.Year;
        Days = SwedishCalendar.PublicHolidays(Year).Select(h => new CalendarDay(h.Date, h.Name, "Helgdag"))
            .Concat(SwedishCalendar.Eves(Year).Select(e => new CalendarDay(e.Date, e.Name, "Afton")))
            .OrderBy(d => d.Date).ToList();
        var schedule = registry.Current.Schedule;
        var zone = registry.Current.Jour.TimeZone;
        Schedule = Enumerable.Range(0, 14).Select(i => today.AddDays(i)).Select(d => new ScheduleDay(d,
            Presentation.DayKindText(SwedishCalendar.KindOf(d)) + (SwedishCalendar.NameOf(d) is { } n ? $" ({n})" : ""),
            schedule.OpensOn(d),
            string.Join(", ", schedule.SegmentsOn(d).Select(s => $"{Presentation.ModeText(s.Mode)} {JourClock.ToLocal(s.Start, zone):HH:mm}–{JourClock.ToLocal(s.End, zone):HH:mm}")))).ToList();
    }
}
