using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Notices;

namespace SocialJour.Modules.Intake.Timers;

/// <summary>
/// The callback and on-site timers of a case (<see cref="ResponseTargets"/>) and the breaches recorded. A recorded step
/// publishes <see cref="ResponseStepRecorded"/> (late or not); a target found passed with the step not done publishes
/// <see cref="ResponseTargetMissed"/>. A late step adds a breach row but no ResponseTargetMissed: the step event already
/// shows it late (At after DueAt), so statistics never counts one breach twice.
/// </summary>
internal sealed class TimerService(Func<IntakeDbContext> contexts, IOutbox<IntakeDbContext> outbox, JourClock clock)
{
    public Task<JourCaseView> RecordCallbackAsync(string caseId, string userId, CancellationToken cancellationToken) =>
        UpdateAsync(caseId, userId, "case.called-back", ResponseTargetKind.Callback, (r, now) => ResponseTargets.RecordCallback(r, caseId, now), cancellationToken);

    public Task<JourCaseView> DecideVisitAsync(string caseId, string userId, CancellationToken cancellationToken) =>
        UpdateAsync(caseId, userId, "case.visit-decided", null, (r, now) =>
        {
            ResponseTargets.DecideVisit(r, caseId, now);
            return null;
        }, cancellationToken);

    public Task<JourCaseView> RecordOnSiteAsync(string caseId, string userId, CancellationToken cancellationToken) =>
        UpdateAsync(caseId, userId, "case.on-site", ResponseTargetKind.OnSite, (r, now) => ResponseTargets.RecordOnSite(r, caseId, now), cancellationToken);

    /// <summary>Records a breach for every open case whose callback or on-site deadline has passed unmet; returns how many were new.</summary>
    public async Task<int> RecordBreachesAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await using var db = contexts();
        var open = await db.Cases.Where(c => c.ClosedAt == null).ToListAsync(cancellationToken);
        var known = (await db.TimerBreaches.Select(b => new { b.CaseId, b.Kind }).ToListAsync(cancellationToken)).Select(b => (b.CaseId, b.Kind)).ToHashSet();
        var added = 0;
        var breaches = new List<(string Kind, string Municipality)>();
        foreach (var r in open)
        {
            foreach (var missed in ResponseTargets.MissedBy(r, now).Where(m => !known.Contains((r.Id, m.Kind))))
            {
                db.TimerBreaches.Add(new TimerBreachRow { CaseId = r.Id, Kind = missed.Kind, DueAt = missed.DueAt, RecordedAt = now });

                // The step is not done: statistics counts the target as missed (a later, late step follows as ResponseStepRecorded).
                db.Publish(new ResponseTargetMissed(CaseIds.Format(r.Id), r.MunicipalityCode, Kind(missed.Kind), missed.DueAt, now));
                breaches.Add((missed.Kind, r.MunicipalityCode));
                added++;
            }
        }

        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        foreach (var (kind, municipality) in breaches)
        {
            SocialJour.Core.Operations.SocialJourTelemetry.TimerBreaches.Add(1, new("kind", kind), new("municipality", municipality)); // ADR 0029
        }

        return added;
    }

    public async Task<IReadOnlyList<TimerBreach>> BreachesAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.TimerBreaches.AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderBy(b => b.DueAt).Select(b => new TimerBreach(CaseIds.Format(b.CaseId), b.Kind, b.DueAt, b.RecordedAt)).ToList();
    }

    private static ResponseTargetKind Kind(string kind) => kind == ResponseTargets.Callback ? ResponseTargetKind.Callback : ResponseTargetKind.OnSite;

    private async Task<JourCaseView> UpdateAsync(string caseId, string userId, string action, ResponseTargetKind? step, Func<JourCaseRow, DateTimeOffset, MissedTarget?> update, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await CaseQueries.FindRowAsync(db, caseId, cancellationToken);
        if (row.ClosedAt is not null)
        {
            throw new ValidationException("caseId", $"Ärendet {caseId} är avslutat.");
        }

        var now = clock.UtcNow;
        var late = update(row, now);
        if (late is { } breach && !await db.TimerBreaches.AnyAsync(b => b.CaseId == row.Id && b.Kind == breach.Kind, cancellationToken))
        {
            // A late step: the breach row, but no ResponseTargetMissed — the step below says when it was done and when due.
            db.TimerBreaches.Add(new TimerBreachRow { CaseId = row.Id, Kind = breach.Kind, DueAt = breach.DueAt, RecordedAt = now });
        }

        if (step is { } kind)
        {
            var due = kind == ResponseTargetKind.Callback ? row.CallbackDueAt : row.VisitDueAt!.Value;
            db.Publish(new ResponseStepRecorded(CaseIds.Format(row.Id), row.MunicipalityCode, kind, due, now));
        }

        db.Audit(userId, action, CaseIds.Format(row.Id), "");
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return CaseViews.ToView(row, row.Contact!, await UnacknowledgedNotices.CountAsync(db, row, clock.Today, cancellationToken));
    }
}
