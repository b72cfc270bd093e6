using SocialJour.Core.Configuration;

namespace SocialJour.Modules.Intake.Common;

/// <summary>The injected clock, and the jour's local date (its configured time zone, never the server's).</summary>
internal sealed class JourClock(IMunicipalityRegistry registry, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Today in the jour's time zone.</summary>
    public DateOnly Today => LocalDate(time.GetUtcNow(), registry.Current.Jour.TimeZone);

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
