using SocialJour.Core.Configuration;

namespace SocialJour.Core.Calendar;

/// <summary>
/// The jour's wall clock: "which local date (and time) is it at the jour at instant T". Built on the injected
/// <see cref="TimeProvider"/> and the jour's configured time zone (<c>Jour.TimeZone</c>, read on every call so a reload
/// takes effect), never on the machine's local zone: a server set to UTC gives the same dates as one set to Swedish time.
/// <para>
/// Daylight-saving changes: a wall-clock time skipped by the spring change (02:00–03:00 on the last Sunday of March in
/// Sweden) is read one hour later (02:30 is 03:30 summer time, the same instant as 02:30 standard time); a wall-clock time
/// that occurs twice in the autumn (02:00–03:00 on the last Sunday of October) is the later one, in standard time.
/// </para>
/// Registered in the core's container; modules take it as a constructor dependency. Where only a zone is at hand (a
/// configuration being validated), use the static overloads.
/// </summary>
public sealed class JourClock
{
    private readonly TimeProvider _time;
    private readonly Func<TimeZoneInfo> _zone;

    /// <summary>A clock in a fixed zone (tests, tools).</summary>
    public JourClock(TimeProvider time, TimeZoneInfo zone)
        : this(time, () => zone)
    {
    }

    /// <summary>A clock in the zone of the current configuration.</summary>
    public JourClock(TimeProvider time, IMunicipalityRegistry registry)
        : this(time, () => registry.Current.Jour.TimeZone)
    {
    }

    public JourClock(TimeProvider time, Func<TimeZoneInfo> zone)
    {
        _time = time;
        _zone = zone;
    }

    /// <summary>The jour's time zone (from the configuration).</summary>
    public TimeZoneInfo TimeZone => _zone();

    /// <summary>The current instant (UTC), from the injected time provider.</summary>
    public DateTimeOffset UtcNow => _time.GetUtcNow();

    /// <summary>The current instant with the jour's offset (e.g. 2026-03-29T03:30+02:00).</summary>
    public DateTimeOffset Now => ToLocal(_time.GetUtcNow());

    /// <summary>The jour's local date now.</summary>
    public DateOnly Today => LocalDate(_time.GetUtcNow());

    /// <summary>The instant with the jour's offset at that instant.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset instant) => ToLocal(instant, TimeZone);

    /// <summary>The jour's local date at <paramref name="instant"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => LocalDate(instant, TimeZone);

    /// <summary>The jour's wall-clock time at <paramref name="instant"/>.</summary>
    public TimeOnly LocalTime(DateTimeOffset instant) => LocalTime(instant, TimeZone);

    /// <summary>The instant of a local date and wall-clock time at the jour (DST gaps and overlaps as in the class summary).</summary>
    public DateTimeOffset ToInstant(DateOnly date, TimeOnly time) => ToInstant(date, time, TimeZone);

    /// <summary>The instant of local midnight starting <paramref name="date"/> at the jour.</summary>
    public DateTimeOffset StartOf(DateOnly date) => ToInstant(date, TimeOnly.MinValue);

    /// <summary>A local date-time at the jour (e.g. a form field without offset) as an instant.</summary>
    public DateTimeOffset ToInstant(DateTime local) => ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), TimeZone);

    /// <summary>"yyyy-MM-dd HH:mm" at the jour, for pages and exports.</summary>
    public string Format(DateTimeOffset instant) => Format(instant, TimeZone);

    public static DateTimeOffset ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(ToLocal(instant, zone).DateTime);

    public static TimeOnly LocalTime(DateTimeOffset instant, TimeZoneInfo zone) => TimeOnly.FromDateTime(ToLocal(instant, zone).DateTime);

    public static string Format(DateTimeOffset instant, TimeZoneInfo zone) =>
        ToLocal(instant, zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Local date and wall-clock time in <paramref name="zone"/> to an instant (DST gaps and overlaps as in the class summary).</summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Skipped by the spring change: the same instant as the wall-clock time in standard time.
            return new DateTimeOffset(local, zone.BaseUtcOffset).ToOffset(zone.GetUtcOffset(local.AddHours(1)));
        }

        // An ambiguous (autumn) time: GetUtcOffset gives the standard offset, i.e. the later of the two.
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
