using System.Globalization;
using SocialJour.Core.Calendar;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// The handover is at 08:00 on a weekday and covers everything received since the previous weekday's 08:00 (a day that is
/// not a Swedish public holiday, eve or weekend), so Monday's covers the weekend; on the jour's wall clock.
/// </summary>
internal static class HandoverPeriod
{
    public static (DateTimeOffset From, DateTimeOffset To) Of(JourSchedule schedule, DateOnly day)
    {
        var previous = day.AddDays(-1);
        while (SwedishCalendar.IsNonWorkingDay(previous))
        {
            previous = previous.AddDays(-1);
        }

        return (schedule.ToInstant(previous, new TimeOnly(8, 0)), schedule.ToInstant(day, new TimeOnly(8, 0)));
    }
}

/// <summary>
/// What the receiving municipality must still follow up in a case (Swedish, as shown): open, notices not acknowledged, a
/// child without a protection assessment, no report delivered to this municipality (one that went to the case's earlier
/// municipality does not count), an LVU 6 § order not yet with the court.
/// </summary>
internal static class HandoverFollowUps
{
    public static IReadOnlyList<string> Of(HandoverCaseInfo c, string municipalityCode, IReadOnlyList<ReportView> reports, IReadOnlyList<DecisionView> decisions,
        bool protectionAssessed, TimeZoneInfo zone)
    {
        var followUps = new List<string>();
        if (c.IsOpen)
        {
            followUps.Add("Ärendet är öppet");
        }

        if (c.UnacknowledgedNotices > 0)
        {
            followUps.Add(c.UnacknowledgedNotices == 1 ? "1 avisering inte kvitterad" : $"{c.UnacknowledgedNotices} aviseringar inte kvitterade");
        }

        if (c.ConcernsChild && !protectionAssessed)
        {
            followUps.Add("Skyddsbedömning saknas");
        }

        var own = reports.Where(r => r.MunicipalityCode == municipalityCode).ToList();
        if (own.All(r => r.Status != ReportStatus.Delivered))
        {
            followUps.Add(own.Count == 0 ? "Ingen rapport skriven" : "Rapporten är inte levererad");
        }

        followUps.AddRange(decisions.Where(d => d.CourtDeadline is not null && d.SubmittedToCourtAt is null)
            .Select(d => d.Kind == DecisionKind.LvmEmergencyCare
                ? $"Beslut enligt 13 § LVM ({Local(d.DecidedAt, zone)}) ska till förvaltningsrätten genast (15 § LVM) – ännu inte underställt"
                : $"Beslut enligt 6 § LVU ska till förvaltningsrätten senast {Local(d.CourtDeadline!.Value, zone)} (7 § LVU)"));
        return followUps;
    }

    /// <summary>An instant on the jour's wall clock, as the pages show it.</summary>
    public static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
