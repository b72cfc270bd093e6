using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Identity;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Notices;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>Reading cases: the open list, one case, a municipality's cases of a period (annulled duplicates left out), and the persons of a case.</summary>
internal sealed class CaseQueries(Func<IntakeDbContext> contexts, JourClock clock)
{
    public async Task<IReadOnlyList<JourCaseView>> OpenAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.Cases.AsNoTracking().Include(c => c.Contact).Where(c => c.ClosedAt == null).ToListAsync(cancellationToken);
        var unacknowledged = await UnacknowledgedNotices.CountAsync(db, rows, clock.Today, cancellationToken);
        return CaseUrgencyOrder.Sort(rows.Select(r => CaseViews.ToView(r, r.Contact!, unacknowledged.GetValueOrDefault(r.Id))));
    }

    public async Task<JourCaseView?> FindAsync(string caseId, CancellationToken cancellationToken)
    {
        if (CaseIds.Parse(caseId) is not { } id)
        {
            return null;
        }

        await using var db = contexts();
        var row = await db.Cases.AsNoTracking().Include(c => c.Contact).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        // Children of the same contact born the same year (the sibling mix-up): flagged on the case page.
        var ofContact = await db.Cases.AsNoTracking().Where(c => c.ContactId == row.ContactId && c.AnnulledAt == null).ToListAsync(cancellationToken);
        var siblings = CaseViews.SameYearSiblings(ofContact, clock.LocalDate(row.Contact!.ReceivedAt));
        return CaseViews.ToView(row, row.Contact!, await UnacknowledgedNotices.CountAsync(db, row, clock.Today, cancellationToken), siblings.GetValueOrDefault(CaseIds.Format(row.Id)));
    }

    public async Task<IReadOnlyList<JourCaseView>> ReceivedAsync(string municipalityCode, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.Cases.AsNoTracking().Include(c => c.Contact)
            .Where(c => c.MunicipalityCode == municipalityCode && c.AnnulledAt == null && c.Contact!.ReceivedAt >= from && c.Contact.ReceivedAt < to)
            .ToListAsync(cancellationToken);
        var unacknowledged = await UnacknowledgedNotices.CountAsync(db, rows, clock.Today, cancellationToken);
        return rows.OrderBy(r => r.Contact!.ReceivedAt).ThenBy(r => r.Id).Select(r => CaseViews.ToView(r, r.Contact!, unacknowledged.GetValueOrDefault(r.Id))).ToList();
    }

    /// <summary>The persons a look-up from the case may concern: its person, the other identified persons of its contact, its related parties.</summary>
    public async Task<IReadOnlyList<CasePersonView>> PersonsAsync(string caseId, bool requireOpen, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await FindRowAsync(db, caseId, cancellationToken);
        if (requireOpen && row.ClosedAt is not null)
        {
            throw new ValidationException("jourCaseId", $"Jourärendet {CaseIds.Format(row.Id)} är avslutat.");
        }

        var sameContact = await db.Cases.AsNoTracking().Where(c => c.ContactId == row.ContactId && c.Id != row.Id && c.PersonId != null).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var related = await db.RelatedParties.AsNoTracking().Where(r => r.CaseId == row.Id).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var persons = new List<CasePersonView>();
        if (row.PersonId is not null)
        {
            persons.Add(new CasePersonView(row.PersonId, CaseViews.Label(row), CasePersonRelation.CasePerson, CaseIds.Format(row.Id)));
        }

        persons.AddRange(sameContact.Select(c => new CasePersonView(c.PersonId!, CaseViews.Label(c), CasePersonRelation.SameContact, CaseIds.Format(c.Id))));
        persons.AddRange(related.Where(r => persons.All(p => p.PersonId != r.PersonId))
            .Select(r => new CasePersonView(r.PersonId, IdentityNumber.Mask(r.PersonId), CasePersonRelation.RelatedParty, null, Enum.Parse<RelatedPartyRole>(r.Role), r.Reason, r.AddedBy, r.AddedAt)));
        return persons;
    }

    /// <summary>The case row with its contact, tracked; an unknown id is a 404 naming the case.</summary>
    public static async Task<JourCaseRow> FindRowAsync(IntakeDbContext db, string caseId, CancellationToken cancellationToken)
    {
        var id = CaseIds.Parse(caseId);
        return (id is null ? null : await db.Cases.Include(c => c.Contact).SingleOrDefaultAsync(c => c.Id == id, cancellationToken))
            ?? throw new ValidationException("caseId", $"Ärendet {caseId} finns inte.", notFound: true);
    }
}
