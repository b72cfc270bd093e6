using Microsoft.EntityFrameworkCore;

namespace SocialJour.Modules.Intake.Notices;

/// <summary>How many active notices about each case's person are not yet acknowledged for that case.</summary>
internal static class UnacknowledgedNotices
{
    public static async Task<Dictionary<long, int>> CountAsync(IntakeDbContext db, IReadOnlyCollection<JourCaseRow> cases, DateOnly today, CancellationToken cancellationToken)
    {
        var persons = cases.Where(c => c.PersonId is not null).Select(c => c.PersonId!).Distinct().ToList();
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
        return cases.Where(c => c.PersonId is not null)
            .ToDictionary(c => c.Id, c => notices.Count(n => n.PersonId == c.PersonId && !acks.Contains((c.Id, n.Id))));
    }

    public static async Task<int> CountAsync(IntakeDbContext db, JourCaseRow row, DateOnly today, CancellationToken cancellationToken) =>
        (await CountAsync(db, [row], today, cancellationToken)).GetValueOrDefault(row.Id);
}
