using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Notices;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>Closes a case: intake's rule (<see cref="CaseClosingRule"/>), then every other module's <see cref="ICaseCloseGuard"/>.</summary>
internal sealed class CaseClosing(Func<IntakeDbContext> contexts, IAuditLog audit, Lazy<IEnumerable<ICaseCloseGuard>> closeGuards, JourClock clock)
{
    public async Task<JourCaseView> CloseAsync(string caseId, string userId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await CaseQueries.FindRowAsync(db, caseId, cancellationToken);
        CaseClosingRule.Check(caseId, row.ClosedAt, row.ClosedAt is null ? await UnacknowledgedNotices.CountAsync(db, row, clock.Today, cancellationToken) : 0);

        var info = JourCaseDirectory.ToInfo(CaseViews.ToView(row, row.Contact!));
        foreach (var guard in closeGuards.Value)
        {
            if (await guard.WhyNotClosableAsync(info, cancellationToken) is { } why)
            {
                throw new Core.ValidationException("caseId", why);
            }
        }

        row.ClosedAt = clock.Now;
        row.ClosedBy = userId;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "case.closed", CaseIds.Format(row.Id), "", CancellationToken.None);
        return CaseViews.ToView(row, row.Contact!);
    }
}
