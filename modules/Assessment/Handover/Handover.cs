using SocialJour.Core.Configuration;
using SocialJour.Core;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// The morning handover to one municipality: the cases it received in the period (<see cref="HandoverPeriod"/>) with their
/// reports, decisions and follow-ups (<see cref="HandoverFollowUps"/>), and the period's deviations about the municipality or
/// about a case that now belongs to it (a report that reached the case's earlier municipality is shown to both). Reports,
/// decisions, assessments and deviations come from the module's own tables; the list of received cases from intake's entry
/// (<see cref="IIntakeModule.CasesReceivedAsync"/>: assessment may ask intake's Contracts, intake never asks assessment).
/// </summary>
internal sealed class Handover(
    IIntakeModule intake,
    AssessedCases cases,
    Reports reports,
    Decisions decisions,
    ProtectionAssessments assessments,
    Deviations deviations,
    IMunicipalityRegistry registry)
{
    public async Task<HandoverReport> ForAsync(string municipalityCode, DateOnly day, CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var municipality = configuration.Find(municipalityCode)
            ?? throw new ValidationException("municipality", "Ange kommunkod för en av jourens kommuner.");
        var (from, to) = HandoverPeriod.Of(configuration.Schedule, day);
        var received = (await intake.CasesReceivedAsync(municipality.Code, from, to, cancellationToken))
            .Select(c => new HandoverCaseInfo(c.Id, c.PersonLabel, c.MunicipalityCode, c.Category.ToString(), c.ConcernsChild, c.Channel.ToString(),
                c.ReceivedAt, c.OpenedAt, c.ClosedAt, c.UnacknowledgedNotices))
            .ToList();
        var ids = received.Select(c => c.Id).ToList();
        var reportsOf = await reports.OfCasesAsync(ids, cancellationToken);
        var decisionsOf = await decisions.OfCasesAsync(ids, cancellationToken);
        var assessed = await assessments.AssessedAsync(ids, cancellationToken);
        var handed = received.Select(c =>
        {
            var caseReports = reportsOf[c.Id].ToList();
            var caseDecisions = decisionsOf[c.Id].ToList();
            return new HandoverCase(c, caseReports, caseDecisions,
                HandoverFollowUps.Of(c, municipality.Code, caseReports, caseDecisions, assessed.Contains(c.Id), configuration.Jour.TimeZone));
        }).ToList();

        var shown = new List<DeviationView>();
        foreach (var d in await deviations.ReportedBetweenAsync(from, to, cancellationToken))
        {
            if (d.MunicipalityCode == municipality.Code
                || (d.CaseId is { } caseId && (ids.Contains(caseId) || (await cases.FindOrNullAsync(caseId, cancellationToken))?.MunicipalityCode == municipality.Code)))
            {
                shown.Add(d);
            }
        }

        return new HandoverReport(municipality.Code, municipality.Name, from, to, handed, shown);
    }
}
