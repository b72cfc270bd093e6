using SocialJour.Core.Calendar;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// A report is due at 08:00 on the first weekday after the case was opened that is not a Swedish public holiday or eve
/// (<see cref="SwedishCalendar"/>), on the jour's wall clock: Monday's handover covers the weekend, and a daylight-saving
/// change moves the instant, not the hour.
/// </summary>
internal static class ReportDueTime
{
    public static DateTimeOffset For(JourSchedule schedule, DateTimeOffset caseOpenedAt) => schedule.NextWeekdayAt0800(caseOpenedAt);
}
