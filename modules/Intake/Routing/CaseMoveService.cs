using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Notices;

namespace SocialJour.Modules.Intake.Routing;

/// <summary>
/// Moves a case to another home municipality (<see cref="CaseMoveRule"/>): the move, its audit entry and <see cref="CaseMoved"/>
/// in one transaction. What other modules tie to the old municipality (a report on its way) they settle from the event.
/// </summary>
internal sealed class CaseMoveService(Func<IntakeDbContext> contexts, IMunicipalityRegistry registry, IOutbox<IntakeDbContext> outbox, JourClock clock)
{
    public async Task<JourCaseView> MoveAsync(string caseId, string? municipalityCode, string? reason, string userId, CancellationToken cancellationToken)
    {
        var why = CaseMoveRule.CheckReason(reason);

        await using var db = contexts();
        var row = await CaseQueries.FindRowAsync(db, caseId, cancellationToken);
        var target = CaseMoveRule.Target(municipalityCode, row.MunicipalityCode, clock.Today, registry.Current.Municipalities);

        var previous = row.MunicipalityCode;
        row.MunicipalityCode = target.Code;
        row.Referred = target.Referred;
        row.ReferralNote = target.Referral;
        db.Audit(userId, "case.municipality-changed", caseId, $"{previous} -> {target.Code}: {why}");
        db.Publish(new CaseMoved(CaseIds.Format(row.Id), previous, target.Code, target.Referred, clock.UtcNow));
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return CaseViews.ToView(row, row.Contact!, await UnacknowledgedNotices.CountAsync(db, row, clock.Today, cancellationToken));
    }
}
