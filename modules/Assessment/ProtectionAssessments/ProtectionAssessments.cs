using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>The immediate protection assessment (omedelbar skyddsbedömning) of a child's case.</summary>
internal sealed class ProtectionAssessments(Func<AssessmentDbContext> contexts, AssessedCases cases, IOutbox<AssessmentDbContext> outbox, TimeProvider time)
{
    public async Task<ProtectionAssessmentView> AssessAsync(string caseId, ProtectionAssessmentInput input, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await cases.OpenAsync(caseId, cancellationToken);
        var (outcome, reasoning) = ProtectionAssessmentRule.Check(jourCase, input);
        var row = new ProtectionAssessmentRow { CaseId = jourCase.Id, Outcome = outcome.ToString(), Reasoning = reasoning, AssessedBy = userId, AssessedAt = time.GetUtcNow() };
        await using var db = contexts();
        db.ProtectionAssessments.Add(row);
        await outbox.SaveAndDispatchAsync(db, () =>
        {
            db.Audit(userId, "protection-assessment", jourCase.Id, outcome.ToString());
            db.Publish(new ProtectionAssessmentDocumented(row.Id, row.CaseId, outcome, row.AssessedAt));
        }, cancellationToken);
        return ToView(row);
    }

    public async Task<IReadOnlyList<ProtectionAssessmentView>> OfCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return (await db.ProtectionAssessments.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Id).ToListAsync(cancellationToken)).Select(ToView).ToList();
    }

    /// <summary>Of the given cases, those with a documented protection assessment.</summary>
    public async Task<HashSet<string>> AssessedAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return (await db.ProtectionAssessments.AsNoTracking().Where(a => caseIds.Contains(a.CaseId)).Select(a => a.CaseId).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    internal static ProtectionAssessmentView ToView(ProtectionAssessmentRow r) =>
        new(r.Id, r.CaseId, Enum.Parse<ProtectionOutcome>(r.Outcome), r.Reasoning, r.AssessedBy, r.AssessedAt);
}
