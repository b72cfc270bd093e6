using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Notices;

namespace SocialJour.Modules.Intake.Routing;

/// <summary>Moves a case to another home municipality (<see cref="CaseMoveRule"/>), holding what other modules tie to the old one (ADR 0016).</summary>
internal sealed class CaseMoveService(Func<IntakeDbContext> contexts, IMunicipalityRegistry registry, IAuditLog audit, Lazy<IEnumerable<ICaseMoveGuard>> moveGuards, JourClock clock)
{
    public async Task<JourCaseView> MoveAsync(string caseId, string? municipalityCode, string? reason, string userId, CancellationToken cancellationToken)
    {
        var why = CaseMoveRule.CheckReason(reason);

        await using var db = contexts();
        var row = await CaseQueries.FindRowAsync(db, caseId, cancellationToken);
        var target = CaseMoveRule.Target(municipalityCode, row.MunicipalityCode, clock.Today, registry.Current.Municipalities);

        // Other modules hold what depends on the municipality (a report on its way to it) until the move is saved (ADR 0016).
        var info = JourCaseDirectory.ToInfo(CaseViews.ToView(row, row.Contact!));
        var holds = new List<ICaseMoveHold>();
        try
        {
            foreach (var guard in moveGuards.Value)
            {
                var (hold, whyNot) = await guard.HoldAsync(info, target.Code, cancellationToken);
                if (hold is null)
                {
                    throw new Core.ValidationException("municipalityCode", whyNot ?? "Ärendet kan inte flyttas just nu. Försök igen om en stund.");
                }

                holds.Add(hold);
            }

            var previous = row.MunicipalityCode;
            row.MunicipalityCode = target.Code;
            row.Referred = target.Referred;
            row.ReferralNote = target.Referral;
            await audit.AppendAsync(userId, "case.municipality-changed", caseId, $"{previous} -> {target.Code}: {why}", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var hold in holds)
            {
                await hold.MovedAsync(userId, CancellationToken.None);
            }
        }
        finally
        {
            foreach (var hold in holds)
            {
                await hold.DisposeAsync();
            }
        }

        return CaseViews.ToView(row, row.Contact!, await UnacknowledgedNotices.CountAsync(db, row, clock.Today, cancellationToken));
    }
}
