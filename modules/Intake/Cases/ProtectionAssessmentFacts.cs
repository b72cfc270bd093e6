using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>
/// Keeps, on intake's own case row, the fact that assessment documented the case's immediate protection assessment
/// (<see cref="ProtectionAssessmentDocumented"/>): the close rule of a child's case reads it there, never asking assessment.
/// The first documented assessment counts; a retry or a second assessment changes nothing.
/// </summary>
internal sealed class ProtectionAssessmentFacts(Func<IntakeDbContext> contexts) : IIntegrationEventHandler<ProtectionAssessmentDocumented>
{
    public async Task HandleAsync(ProtectionAssessmentDocumented evt, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        if (CaseIds.Parse(evt.CaseId) is not { } id)
        {
            return; // not a jour case of intake's: nothing to keep
        }

        await using var db = contexts();
        await db.Cases.Where(c => c.Id == id && c.ProtectionAssessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ProtectionAssessedAt, evt.At), cancellationToken);
    }
}
