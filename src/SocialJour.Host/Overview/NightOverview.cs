using System.Globalization;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Health;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host.Overview;

/// <summary>What a night-overview item is about (sent by name in the API).</summary>
internal enum NightOverviewKind
{
    Callback,
    OnSite,
    ProtectionAssessment,
    Report,
    Court,
    Commission,
    Notice,
    JournalSystem,
}

/// <summary>
/// One thing on the night overview (nattöversikt): <see cref="What"/> in Swedish, the deadline (<see cref="DueAt"/>) or the
/// moment it has waited since (<see cref="Since"/>), the case it belongs to and where to act (<see cref="Href"/>).
/// </summary>
internal sealed record NightOverviewItem(
    NightOverviewKind Kind, string What, DateTimeOffset? DueAt, bool Overdue, DateTimeOffset? Since, string? CaseId, string? PersonLabel, string? Href);

/// <summary>What the night overview is built from, read through the modules' entries (<see cref="NightOverview.GatherAsync"/>).</summary>
internal sealed record NightOverviewInput(
    IReadOnlyList<JourCaseView> OpenCases,
    IReadOnlySet<string> ProtectionAssessedCaseIds,
    IReadOnlySet<string> ReportedCaseIds,
    IReadOnlyList<DecisionView> CourtSubmissionsDue,
    IReadOnlyList<CommissionView> OpenCommissions,
    IReadOnlyList<(string Municipality, string JournalSystem)> SourcesNotAnswering,
    DateTimeOffset ReportDeadline);

/// <summary>
/// The social worker's night overview, most urgent first (issue 24 §5):
/// <list type="number">
/// <item>deadlines passed (callback 30 min, on site 2 h, 13 § LVM "genast", a passed 6 § LVU week), the latest first (by how late);</item>
/// <item>what has no deadline but waits now, in this order: journal systems not answering, child cases without a protection
/// assessment, unacknowledged notices, open commissions — each the longest waiting first;</item>
/// <item>coming deadlines (callback, on site, 6 § LVU, reports for 08:00), the soonest first.</item>
/// </list>
/// </summary>
internal static class NightOverview
{
    /// <summary>6 § LVU orders go to the administrative court within a week: every one not yet submitted is due within it.</summary>
    public static readonly TimeSpan CourtHorizon = TimeSpan.FromDays(7);

    public static IReadOnlyList<NightOverviewItem> Build(NightOverviewInput input, DateTimeOffset now, TimeZoneInfo zone, Func<string, string> municipalityName)
    {
        var items = new List<NightOverviewItem>();
        var cases = input.OpenCases.Where(c => c.IsOpen && !c.IsAnnulled).ToList();
        var labels = cases.ToDictionary(c => c.Id, c => c.PersonLabel, StringComparer.Ordinal);
        NightOverviewItem Due(NightOverviewKind kind, string late, string coming, DateTimeOffset due, string? caseId) =>
            new(kind, due < now ? late : coming, due, due < now, null, caseId, caseId is null ? null : labels.GetValueOrDefault(caseId), caseId is null ? null : CaseHref(caseId));

        foreach (var c in cases)
        {
            if (c.CalledBackAt is null)
            {
                items.Add(Due(NightOverviewKind.Callback, $"Återuppringning försenad {Late(now - c.CallbackDueAt)}", $"Återuppringning senast {Clock(c.CallbackDueAt, zone)}", c.CallbackDueAt, c.Id));
            }

            if (c.VisitDueAt is { } visit && c.OnSiteAt is null)
            {
                items.Add(Due(NightOverviewKind.OnSite, $"På plats försenad {Late(now - visit)}", $"På plats senast {Clock(visit, zone)}", visit, c.Id));
            }

            if (c.ConcernsChild && !input.ProtectionAssessedCaseIds.Contains(c.Id))
            {
                items.Add(new(NightOverviewKind.ProtectionAssessment, "Skyddsbedömning saknas", null, false, c.ReceivedAt, c.Id, c.PersonLabel, CaseHref(c.Id)));
            }

            if (c.UnacknowledgedNotices > 0)
            {
                var what = c.UnacknowledgedNotices == 1 ? "Avisering ej kvitterad" : $"{c.UnacknowledgedNotices} aviseringar ej kvitterade";
                items.Add(new(NightOverviewKind.Notice, what, null, false, c.ReceivedAt, c.Id, c.PersonLabel, CaseHref(c.Id)));
            }

            if (!input.ReportedCaseIds.Contains(c.Id))
            {
                var at = Clock(input.ReportDeadline, zone);
                items.Add(Due(NightOverviewKind.Report, $"Rapport ej skriven (skulle vara framme {at})", $"Rapport ej skriven (senast {at})", input.ReportDeadline, c.Id));
            }
        }

        foreach (var d in input.CourtSubmissionsDue)
        {
            if (d.CourtDeadline is not { } deadline)
            {
                continue;
            }

            items.Add(d.Kind == DecisionKind.LvmEmergencyCare
                ? Due(NightOverviewKind.Court, "13 § LVM: till förvaltningsrätten genast", "13 § LVM: till förvaltningsrätten genast", deadline, d.CaseId) with { Overdue = true }
                : Due(NightOverviewKind.Court, "6 § LVU: till förvaltningsrätten, veckan har gått", $"6 § LVU: till förvaltningsrätten senast {JourClock.Format(deadline, zone)}", deadline, d.CaseId));
        }

        foreach (var m in input.OpenCommissions.Where(m => !m.Done))
        {
            items.Add(new(NightOverviewKind.Commission, $"Uppdrag från {municipalityName(m.MunicipalityCode)}: {Presentation.CommissionText(m.Kind)}", null, false, m.OrderedAt, null, null, "/Uppdrag"));
        }

        items.AddRange(input.SourcesNotAnswering.Select(s =>
            new NightOverviewItem(NightOverviewKind.JournalSystem, $"Journalsystem svarar inte: {s.Municipality} ({s.JournalSystem})", null, false, null, null, null, "/Kommuner")));

        return items
            .OrderBy(i => i.Overdue ? 0 : i.DueAt is null ? 1 : 2)
            .ThenBy(i => i.DueAt is null ? WaitingRank(i.Kind) : 0)
            .ThenBy(i => i.DueAt ?? i.Since ?? DateTimeOffset.MinValue)
            .ThenBy(i => i.CaseId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Reads what the overview needs through the modules' entries, at the clock's instant.</summary>
    public static async Task<IReadOnlyList<NightOverviewItem>> GatherAsync(
        IIntakeModule intake, IAssessmentModule assessment, IMunicipalityRegistry registry, IAdapterHealthMonitor monitor, JourClock clock, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var config = registry.Current;
        var cases = (await intake.OpenCasesAsync(ct)).Where(c => c.IsOpen && !c.IsAnnulled).ToList();
        var assessed = new HashSet<string>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in cases)
        {
            if (c.ConcernsChild && (await assessment.ProtectionAssessmentsAsync(c.Id, ct)).Count > 0)
            {
                assessed.Add(c.Id);
            }

            if ((await assessment.ReportsAsync(c.Id, ct)).Count > 0)
            {
                reported.Add(c.Id);
            }
        }

        var silent = config.MembersOn(clock.Today)
            .Where(m => monitor.Latest(m.Code) is { Healthy: false })
            .Select(m => (m.Name, m.JournalSystem.Adapter))
            .ToList();
        var input = new NightOverviewInput(
            cases,
            assessed,
            reported,
            await assessment.CourtSubmissionsDueAsync(now + CourtHorizon, ct),
            await intake.CommissionsAsync(openOnly: true, ct),
            silent,
            config.Schedule.NextWeekdayAt0800(now));
        return Build(input, now, config.Jour.TimeZone, code => Presentation.MunicipalityName(config, code));
    }

    /// <summary>The item's time as the list shows it, in the jour's zone.</summary>
    public static string WhenText(NightOverviewItem item, TimeZoneInfo zone) => item switch
    {
        { DueAt: { } due, Overdue: true } => $"Skulle vara klart {JourClock.Format(due, zone)}",
        { DueAt: { } due } => $"Senast {JourClock.Format(due, zone)}",
        { Since: { } since } => $"Väntar sedan {JourClock.Format(since, zone)}",
        _ => "Nu",
    };

    /// <summary>The text of the item's link (<see cref="NightOverviewItem.Href"/>): the case by its person, else the page.</summary>
    public static string LinkText(NightOverviewItem item) => item switch
    {
        { CaseId: { } id } => $"Ärende: {item.PersonLabel ?? id}",
        { Kind: NightOverviewKind.Commission } => "Till uppdragen",
        _ => "Status per kommun",
    };

    public static string CaseHref(string caseId) => $"/Arenden/Arende/{Uri.EscapeDataString(caseId)}";

    private static int WaitingRank(NightOverviewKind kind) => kind switch
    {
        NightOverviewKind.JournalSystem => 0,
        NightOverviewKind.ProtectionAssessment => 1,
        NightOverviewKind.Notice => 2,
        _ => 3,
    };

    private static string Clock(DateTimeOffset at, TimeZoneInfo zone) => JourClock.ToLocal(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"12 min", "1 h 5 min" (at least 1 min: a deadline just passed is late).</summary>
    private static string Late(TimeSpan late)
    {
        var minutes = Math.Max(1, (int)late.TotalMinutes);
        return minutes < 60 ? $"{minutes} min" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
    }
}
