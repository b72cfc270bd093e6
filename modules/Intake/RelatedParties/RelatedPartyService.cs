using SocialJour.Core.Audit;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.RelatedParties;

/// <summary>Adds related parties to open cases (<see cref="RelatedPartyRule"/>); audit-logged before it takes effect, the number masked.</summary>
internal sealed class RelatedPartyService(Func<IntakeDbContext> contexts, CaseQueries cases, IAuditLog audit, JourClock clock)
{
    public async Task<CasePersonView> AddAsync(string caseId, RelatedPartyInput input, string userId, CancellationToken cancellationToken)
    {
        var party = RelatedPartyRule.Check(input, clock.Today);
        RelatedPartyRule.CheckNotAlready(await cases.PersonsAsync(caseId, requireOpen: true, cancellationToken), party.PersonId);

        var row = new RelatedPartyRow
        {
            CaseId = CaseIds.Parse(caseId)!.Value,
            PersonId = party.PersonId,
            Role = party.Role.ToString(),
            Reason = party.Reason,
            AddedBy = userId,
            AddedAt = clock.Now,
        };

        // Logged before it takes effect; the audit log holds the number masked.
        await audit.AppendAsync(userId, "case.related-party-added", CaseIds.Format(row.CaseId), $"{CaseViews.Masked(row.PersonId)} {party.Role}: {party.Reason}", CancellationToken.None);
        await using var db = contexts();
        db.RelatedParties.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new CasePersonView(row.PersonId, CaseViews.Masked(row.PersonId), CasePersonRelation.RelatedParty, null, party.Role, row.Reason, row.AddedBy, row.AddedAt);
    }
}
