using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>Minutes spent in a case per social worker (billing uses them: <see cref="TimeRecorded"/>).</summary>
internal sealed class TimeSpentLog(Func<AssessmentDbContext> contexts, AssessedCases cases, IOutbox<AssessmentDbContext> outbox, TimeProvider time)
{
    public async Task<TimeSpent> RecordAsync(string caseId, TimeEntryInput input, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await cases.FindAsync(caseId, cancellationToken);
        var minutes = TimeEntryRule.Check(input.Minutes);
        var note = FreeText.Optional("note", "Anteckningen", input.Note, TextKind.Note);
        await using var db = contexts();
        var row = new TimeEntryRow { CaseId = jourCase.Id, UserId = userId, Minutes = minutes, Note = note, RecordedAt = time.GetUtcNow() };
        db.TimeEntries.Add(row);
        db.Publish(new TimeRecorded(jourCase.Id, jourCase.MunicipalityCode, userId, minutes, row.RecordedAt)); // the case's municipality now: billing charges it
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        var total = await db.TimeEntries.Where(t => t.CaseId == jourCase.Id && t.UserId == userId).SumAsync(t => t.Minutes, cancellationToken);
        return new TimeSpent(jourCase.Id, userId, total);
    }

    public async Task<IReadOnlyList<TimeSpent>> OfCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.TimeEntries.AsNoTracking().Where(t => t.CaseId == caseId).ToListAsync(cancellationToken);
        return rows.GroupBy(t => t.UserId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new TimeSpent(caseId, g.Key, g.Sum(t => t.Minutes))).ToList();
    }

    public async Task<IReadOnlyList<TimeEntryView>> EntriesAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.TimeEntries.AsNoTracking().Where(t => t.CaseId == caseId).ToListAsync(cancellationToken);
        return rows.OrderBy(t => t.RecordedAt).ThenBy(t => t.Id).Select(t => new TimeEntryView(t.Id, t.CaseId, t.UserId, t.Minutes, t.Note, t.RecordedAt)).ToList();
    }
}
