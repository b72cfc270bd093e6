using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host;

internal sealed record HandoverCase(JourCaseView Case, IReadOnlyList<ReportView> Reports, IReadOnlyList<DecisionView> Decisions, IReadOnlyList<string> FollowUps);

/// <summary>The morning handover to one municipality: the cases received since the previous handover, with reports and what is still open.</summary>
internal sealed record HandoverReport(string MunicipalityCode, string MunicipalityName, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<HandoverCase> Cases,
    IReadOnlyList<DeviationView> Deviations);

/// <summary>
/// Composes the handover from the intake and assessment modules (the host is where modules meet). A handover is at 08:00 on a
/// weekday and covers everything received since the previous weekday's 08:00, so Monday's covers the weekend.
/// </summary>
internal sealed class Handover(IIntakeModule intake, IAssessmentModule assessment, IMunicipalityRegistry registry)
{
    public async Task<HandoverReport> ForAsync(string municipalityCode, DateOnly day, CancellationToken ct)
    {
        var configuration = registry.Current;
        var municipality = configuration.Find(municipalityCode) ?? throw new KeyNotFoundException(municipalityCode);
        var schedule = configuration.Schedule;
        var previous = day.AddDays(-1);
        while (SwedishCalendar.IsNonWorkingDay(previous))
        {
            previous = previous.AddDays(-1);
        }

        var from = schedule.ToInstant(previous, new TimeOnly(8, 0));
        var to = schedule.ToInstant(day, new TimeOnly(8, 0));
        var cases = new List<HandoverCase>();
        foreach (var c in await intake.CasesReceivedAsync(municipality.Code, from, to, ct))
        {
            var reports = await assessment.ReportsAsync(c.Id, ct);
            var (_, decisions) = await assessment.MeasuresAsync(c.Id, ct);
            var followUps = new List<string>();
            if (c.IsOpen)
            {
                followUps.Add("Ärendet är öppet");
            }

            if (c.UnacknowledgedNotices > 0)
            {
                followUps.Add($"{c.UnacknowledgedNotices} avisering(ar) inte kvitterade");
            }

            if (c.ConcernsChild && (await assessment.ProtectionAssessmentsAsync(c.Id, ct)).Count == 0)
            {
                followUps.Add("Skyddsbedömning saknas");
            }

            // Only a report delivered to this municipality counts: one that went to the case's earlier municipality does not.
            var own = reports.Where(r => r.MunicipalityCode == municipality.Code).ToList();
            if (own.All(r => r.Status != ReportStatus.Delivered))
            {
                followUps.Add(own.Count == 0 ? "Ingen rapport skriven" : "Rapporten är inte levererad");
            }

            followUps.AddRange(decisions.Where(d => d.CourtDeadline is not null && d.SubmittedToCourtAt is null)
                .Select(d => $"LVU 6 §-beslut ska till förvaltningsrätten senast {Presentation.Local(d.CourtDeadline!.Value, configuration.Jour.TimeZone)}"));
            cases.Add(new HandoverCase(c, reports, decisions, followUps));
        }

        // Deviations of the period about this municipality, or about a case that now belongs to it: a report that reached the
        // case's earlier municipality is shown to both.
        var deviations = new List<DeviationView>();
        foreach (var d in await assessment.DeviationsAsync(openOnly: false, ct))
        {
            if (d.ReportedAt < from || d.ReportedAt >= to)
            {
                continue;
            }

            if (d.MunicipalityCode == municipality.Code
                || (d.CaseId is { } caseId && (cases.Any(c => c.Case.Id == caseId) || (await intake.FindCaseAsync(caseId, ct))?.MunicipalityCode == municipality.Code)))
            {
                deviations.Add(d);
            }
        }

        return new HandoverReport(municipality.Code, municipality.Name, from, to, cases, deviations);
    }
}
