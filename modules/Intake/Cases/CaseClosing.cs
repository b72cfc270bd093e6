using SocialJour.Core.Calendar;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Notices;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>
/// Closes a case (<see cref="CaseClosingRule"/>: open, notices acknowledged, a child's case protection-assessed — a fact
/// intake keeps from assessment's events, <see cref="ProtectionAssessmentFacts"/>); the close, its event and its audit entry in one transaction.
/// </summary>
internal sealed class CaseClosing(Func<IntakeDbContext> contexts, IOutbox<IntakeDbContext> outbox, JourClock clock)
{
    public async Task<JourCaseView> CloseAsync(string caseId, string userId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await CaseQueries.FindRowAsync(db, caseId, cancellationToken);
        var formatted = CaseIds.Format(row.Id);
        CaseClosingRule.Check(caseId, row.ClosedAt, row.ClosedAt is null ? await UnacknowledgedNotices.CountAsync(db, row, clock.Today, cancellationToken) : 0);
        CaseClosingRule.CheckProtectionAssessed(formatted, row.ConcernsChild, row.ProtectionAssessedAt);

        row.ClosedAt = clock.UtcNow;
        row.ClosedBy = userId;
        db.Audit(userId, "case.closed", formatted, "");
        db.Publish(new CaseClosed(formatted, row.MunicipalityCode, row.ConcernsChild, row.ClosedAt.Value));
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return CaseViews.ToView(row, row.Contact!);
    }
}
