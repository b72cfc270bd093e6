using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host;

/// <summary>
/// PHASE-1 SEAM (issue 12), to be deleted: gives the Assessment module's handover the cases a municipality received, read from
/// the intake module's entry and copied field by field, no rules. The handover itself (period, follow-ups, deviations) is the
/// Assessment module's (IAssessmentModule.HandoverAsync). In phase 2 the module keeps these cases itself, from intake's events.
/// </summary>
internal sealed class IntakeHandoverCases(IIntakeModule intake) : IHandoverCaseSource
{
    public async Task<IReadOnlyList<HandoverCaseInfo>> ReceivedAsync(string municipalityCode, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        (await intake.CasesReceivedAsync(municipalityCode, from, to, cancellationToken))
            .Select(c => new HandoverCaseInfo(c.Id, c.PersonLabel, c.MunicipalityCode, c.Category.ToString(), c.ConcernsChild, c.Channel.ToString(),
                c.ReceivedAt, c.OpenedAt, c.ClosedAt, c.UnacknowledgedNotices))
            .ToList();
}
