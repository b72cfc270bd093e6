using SocialJour.Core.Configuration;
using SocialJour.Core;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// The morning handover to one municipality: the cases it received in the period (<see cref="HandoverPeriod"/>) with their
/// reports, decisions and follow-ups (<see cref="HandoverFollowUps"/>), and the period's deviations about the municipality or
/// about a case that now belongs to it (a report that reached the case's earlier municipality is shown to both). Reports,
/// decisions, assessments and deviations come from the module's own tables; only the list of received cases comes through
/// <see cref="IHandoverCaseSource"/> (phase-1 seam).
/// </summary>
internal sealed class Handover(
    IEnumerable<IHandoverCaseSource> caseSources,
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
        var received = await Source().ReceivedAsync(municipality.Code, from, to, cancellationToken);
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

    // The host registers the phase-1 source; a container without one (the CLI, module tests) can do everything but the handover.
    private IHandoverCaseSource Source() => caseSources.FirstOrDefault()
        ?? throw new InvalidOperationException("No IHandoverCaseSource is registered: the handover needs the received cases (issue 12, phase-1 seam).");
}
