using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Notices;

namespace SocialJour.Modules.Intake.Timers;

/// <summary>The callback and on-site timers of a case (<see cref="ResponseTargets"/>) and the breaches recorded.</summary>
internal sealed class TimerService(Func<IntakeDbContext> contexts, IOutbox<IntakeDbContext> outbox, JourClock clock)
{
    public Task<JourCaseView> RecordCallbackAsync(string caseId, string userId, CancellationToken cancellationToken) =>
        UpdateAsync(caseId, userId, "case.called-back", (r, now) => ResponseTargets.RecordCallback(r, caseId, now), cancellationToken);

    public Task<JourCaseView> DecideVisitAsync(string caseId, string userId, CancellationToken cancellationToken) =>
        UpdateAsync(caseId, userId, "case.visit-decided", (r, now) =>
        {
            ResponseTargets.DecideVisit(r, caseId, now);
            return null;
        }, cancellationToken);

    public Task<JourCaseView> RecordOnSiteAsync(string caseId, string userId, CancellationToken cancellationToken) =>
        UpdateAsync(caseId, userId, "case.on-site", (r, now) => ResponseTargets.RecordOnSite(r, caseId, now), cancellationToken);

    /// <summary>Records a breach for every open case whose callback or on-site deadline has passed unmet; returns how many were new.</summary>
    public async Task<int> RecordBreachesAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await using var db = contexts();
        var open = await db.Cases.Where(c => c.ClosedAt == null).ToListAsync(cancellationToken);
        var known = (await db.TimerBreaches.Select(b => new { b.CaseId, b.Kind }).ToListAsync(cancellationToken)).Select(b => (b.CaseId, b.Kind)).ToHashSet();
        var added = 0;
        foreach (var r in open)
        {
            foreach (var missed in ResponseTargets.MissedBy(r, now).Where(m => !known.Contains((r.Id, m.Kind))))
            {
                db.TimerBreaches.Add(new TimerBreachRow { CaseId = r.Id, Kind = missed.Kind, DueAt = missed.DueAt, RecordedAt = now });
                added++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    public async Task<IReadOnlyList<TimerBreach>> BreachesAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.TimerBreaches.AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderBy(b => b.DueAt).Select(b => new TimerBreach(CaseIds.Format(b.CaseId), b.Kind, b.DueAt, b.RecordedAt)).ToList();
    }

    private async Task<JourCaseView> UpdateAsync(string caseId, string userId, string action, Func<JourCaseRow, DateTimeOffset, MissedTarget?> update, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await CaseQueries.FindRowAsync(db, caseId, cancellationToken);
        if (row.ClosedAt is not null)
        {
            throw new ValidationException("caseId", $"Ärendet {caseId} är avslutat.");
        }

        var late = update(row, clock.UtcNow);
        if (late is { } breach && !await db.TimerBreaches.AnyAsync(b => b.CaseId == row.Id && b.Kind == breach.Kind, cancellationToken))
        {
            db.TimerBreaches.Add(new TimerBreachRow { CaseId = row.Id, Kind = breach.Kind, DueAt = breach.DueAt, RecordedAt = clock.UtcNow });
        }

        db.Audit(userId, action, CaseIds.Format(row.Id), "");
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return CaseViews.ToView(row, row.Contact!, await UnacknowledgedNotices.CountAsync(db, row, clock.Today, cancellationToken));
    }
}
