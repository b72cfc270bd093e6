using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Core.Calendar;
using SocialJour.Core.Events;
using SocialJour.Core.Identity;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Modules.Intake.RelatedParties;

/// <summary>Adds related parties to open cases (<see cref="RelatedPartyRule"/>); the party, its audit entry (the number masked) and <see cref="RelatedPartyAdded"/> in one transaction.</summary>
internal sealed class RelatedPartyService(Func<IntakeDbContext> contexts, CaseQueries cases, IClientLookup lookup, IOutbox<IntakeDbContext> outbox, JourClock clock)
{
    public async Task<CasePersonView> AddAsync(string caseId, RelatedPartyInput input, string userId, CancellationToken cancellationToken)
    {
        var party = RelatedPartyRule.Check(input, clock.Today);

        // A party is added only where need-to-know would open it: an open case that is the jour's (not referred).
        if ((await lookup.CheckNeedToKnowAsync(caseId, null, cancellationToken)).Refusal is { } refusal)
        {
            throw new ValidationException(refusal.Field, refusal.Message, refusal.NotFound);
        }

        var persons = await cases.PersonsAsync(caseId, requireOpen: true, cancellationToken);
        RelatedPartyRule.CheckNotAlready(persons, party.PersonId);

        // Bounds, counted from the stored additions (any host, any restart): per case, and per user over the last 24 hours.
        await using (var counts = contexts())
        {
            var since = clock.UtcNow.AddDays(-1);
            var byUser = await counts.RelatedParties.AsNoTracking().CountAsync(r => r.AddedBy == userId && r.AddedAt > since, cancellationToken);
            RelatedPartyRule.CheckLimits(persons.Count(p => p.Relation == CasePersonRelation.RelatedParty), byUser);
        }

        var row = new RelatedPartyRow
        {
            CaseId = CaseIds.Parse(caseId)!.Value,
            PersonId = party.PersonId,
            Role = party.Role.ToString(),
            Reason = party.Reason,
            AddedBy = userId,
            AddedAt = clock.UtcNow,
        };

        // The audit log holds the number masked; the event carries it for the core's need-to-know register only.
        await using var db = contexts();
        db.RelatedParties.Add(row);
        db.Audit(userId, "case.related-party-added", CaseIds.Format(row.CaseId), $"{IdentityNumber.Mask(row.PersonId)} {party.Role}: {party.Reason}");
        db.Publish(new RelatedPartyAdded(CaseIds.Format(row.CaseId), row.PersonId, party.Role, row.AddedAt));
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return new CasePersonView(row.PersonId, IdentityNumber.Mask(row.PersonId), CasePersonRelation.RelatedParty, null, party.Role, row.Reason, row.AddedBy, row.AddedAt);
    }

    /// <summary>Additions since <paramref name="since"/>, newest first (reads the window only: index on added_at).</summary>
    public async Task<IReadOnlyList<RelatedPartyAddition>> AdditionsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.RelatedParties.AsNoTracking().Where(r => r.AddedAt > since)
            .Join(db.Cases.AsNoTracking(), r => r.CaseId, c => c.Id, (r, c) => new { Party = r, c.OpenedBy })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(x => x.Party.AddedAt).ThenByDescending(x => x.Party.Id)
            .Select(x => new RelatedPartyAddition(CaseIds.Format(x.Party.CaseId), IdentityNumber.Mask(x.Party.PersonId), Enum.Parse<RelatedPartyRole>(x.Party.Role),
                x.Party.Reason, x.Party.AddedBy, x.Party.AddedAt, x.OpenedBy, !string.Equals(x.Party.AddedBy, x.OpenedBy, StringComparison.Ordinal)))
            .ToList();
    }
}
