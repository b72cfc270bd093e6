using SocialJour.Adapters.Contract;
using SocialJour.Core.Calendar;

namespace SocialJour.Host;

/// <summary>Swedish words for the UI. Code keeps one English name per domain word (docs/glossary.md).</summary>
internal static class Presentation
{
    public static string HealthText(SourceStatus? status) => status switch
    {
        null => "Ej kontrollerad",
        SourceStatus.Found => "OK",
        SourceStatus.NotFound => "Inga uppgifter",
        SourceStatus.NoAccess => "Ingen behörighet",
        SourceStatus.Unavailable => "Ej tillgänglig",
        SourceStatus.TimedOut => "Tidsgräns",
        SourceStatus.InvalidResponse => "Ogiltigt svar",
        SourceStatus.Disabled => "Avstängd",
        _ => status.ToString()!,
    };

    public static string BadgeClass(SourceStatus? status) => status switch
    {
        SourceStatus.Found => "ok",
        SourceStatus.NoAccess or SourceStatus.NotFound => "warn",
        SourceStatus.Disabled or null => "off",
        _ => "bad",
    };

    public static string ModeText(JourMode mode) => mode switch
    {
        JourMode.Open => "Öppet",
        JourMode.Standby => "Beredskap",
        JourMode.Closed => "Stängt (kontorstid)",
        _ => mode.ToString(),
    };

    public static string DayKindText(DayKind kind) => kind switch
    {
        DayKind.Workday => "Vardag",
        DayKind.BridgeDay => "Klämdag",
        DayKind.Weekend => "Helg",
        DayKind.PublicHoliday => "Helgdag",
        DayKind.Eve => "Afton",
        _ => kind.ToString(),
    };

    public static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
