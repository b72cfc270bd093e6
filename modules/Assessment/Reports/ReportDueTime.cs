using SocialJour.Core.Calendar;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// A report is due at the first 08:00 strictly after the case was opened on a workday (not a weekend, Swedish public holiday
/// or eve: <see cref="SwedishCalendar"/>), on the jour's wall clock: Monday's handover covers the weekend, and a
/// daylight-saving change moves the instant, not the hour.
/// </summary>
internal static class ReportDueTime
{
    public static DateTimeOffset For(JourSchedule schedule, DateTimeOffset caseOpenedAt) => schedule.NextWeekdayAt0800(caseOpenedAt);
}
