using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Identity;
using SocialJour.Modules.Intake.Cases;

namespace SocialJour.Modules.Intake.Notices;

/// <summary>A person a case's notices may concern, with how the case names them (null: the case's own person).</summary>
internal sealed record NoticePerson(string PersonId, string? Label, string? CaseId);

/// <summary>
/// The notices that bear on a case: those about its person, about the other persons of the same contact and about its
/// related parties — a decision for the mother is taken in the knowledge of the notice about her child, and the other way
/// round. Acknowledgements are per case. Used by the case page, the case list's count, closing and the assessment's stop.
/// </summary>
internal static class UnacknowledgedNotices
{
    /// <summary>For each case, the persons whose notices bear on it.</summary>
    public static async Task<Dictionary<long, List<NoticePerson>>> PersonsAsync(IntakeDbContext db, IReadOnlyCollection<JourCaseRow> cases, CancellationToken cancellationToken)
    {
        var contactIds = cases.Select(c => c.ContactId).Distinct().ToList();
        var caseIds = cases.Select(c => c.Id).ToList();
        var contactCases = await db.Cases.AsNoTracking().Where(c => contactIds.Contains(c.ContactId) && c.PersonId != null).ToListAsync(cancellationToken);
        var related = await db.RelatedParties.AsNoTracking().Where(r => caseIds.Contains(r.CaseId)).ToListAsync(cancellationToken);
        var result = new Dictionary<long, List<NoticePerson>>();
        foreach (var c in cases)
        {
            var persons = new List<NoticePerson>();
            if (c.PersonId is not null)
            {
                persons.Add(new NoticePerson(c.PersonId, null, CaseIds.Format(c.Id)));
            }

            foreach (var other in contactCases.Where(o => o.ContactId == c.ContactId && o.Id != c.Id).OrderBy(o => o.Id))
            {
                if (persons.All(p => p.PersonId != other.PersonId))
                {
                    persons.Add(new NoticePerson(other.PersonId!, CaseViews.Label(other), CaseIds.Format(other.Id)));
                }
            }

            foreach (var r in related.Where(r => r.CaseId == c.Id).OrderBy(r => r.Id))
            {
                if (persons.All(p => p.PersonId != r.PersonId))
                {
                    persons.Add(new NoticePerson(r.PersonId, IdentityNumber.Mask(r.PersonId) + " (berörd person)", null));
                }
            }

            result[c.Id] = persons;
        }

        return result;
    }

    /// <summary>How many active notices bearing on each case are not yet acknowledged for it.</summary>
    public static async Task<Dictionary<long, int>> CountAsync(IntakeDbContext db, IReadOnlyCollection<JourCaseRow> cases, DateOnly today, CancellationToken cancellationToken)
    {
        if (cases.Count == 0)
        {
            return [];
        }

        var personsOf = await PersonsAsync(db, cases, cancellationToken);
        var persons = personsOf.Values.SelectMany(p => p).Select(p => p.PersonId).Distinct().ToList();
        if (persons.Count == 0)
        {
            return [];
        }

        // The same test as NoticeRule.IsActiveOn, written out so that the database evaluates it.
        var notices = await db.Notices.AsNoTracking().Where(n => persons.Contains(n.PersonId) && n.ValidFrom <= today && (n.ValidTo == null || n.ValidTo >= today))
            .Select(n => new { n.Id, n.PersonId }).ToListAsync(cancellationToken);
        if (notices.Count == 0)
        {
            return [];
        }

        var ids = cases.Select(c => c.Id).ToList();
        var acks = (await db.NoticeAcknowledgements.AsNoTracking().Where(a => ids.Contains(a.CaseId)).Select(a => new { a.CaseId, a.NoticeId }).ToListAsync(cancellationToken))
            .Select(a => (a.CaseId, a.NoticeId)).ToHashSet();
        return cases.ToDictionary(c => c.Id, c =>
        {
            var own = personsOf[c.Id].Select(p => p.PersonId).ToHashSet(StringComparer.Ordinal);
            return notices.Count(n => own.Contains(n.PersonId) && !acks.Contains((c.Id, n.Id)));
        });
    }

    public static async Task<int> CountAsync(IntakeDbContext db, JourCaseRow row, DateOnly today, CancellationToken cancellationToken) =>
        (await CountAsync(db, [row], today, cancellationToken)).GetValueOrDefault(row.Id);
}
