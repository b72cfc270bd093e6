using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>The immediate protection assessment (omedelbar skyddsbedömning) of a child's case.</summary>
internal sealed class ProtectionAssessments(Func<AssessmentDbContext> contexts, AssessedCases cases, IAuditLog audit, TimeProvider time)
{
    public async Task<ProtectionAssessmentView> AssessAsync(string caseId, ProtectionAssessmentInput input, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await cases.OpenAsync(caseId, cancellationToken);
        var (outcome, reasoning) = ProtectionAssessmentRule.Check(jourCase, input);
        var row = new ProtectionAssessmentRow { CaseId = jourCase.Id, Outcome = outcome.ToString(), Reasoning = reasoning, AssessedBy = userId, AssessedAt = time.GetUtcNow() };
        await using var db = contexts();
        db.ProtectionAssessments.Add(row);
        await db.SaveChangesAsync(cancellationToken); // phase 2: with ProtectionAssessmentDocumented in the outbox
        await audit.AppendAsync(userId, "protection-assessment", jourCase.Id, outcome.ToString(), CancellationToken.None);
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

/// <summary>Intake asks before it closes a case: a case concerning a child cannot be closed without a documented protection assessment.</summary>
internal sealed class ProtectionAssessmentGuard(Func<AssessmentDbContext> contexts) : ICaseCloseGuard
{
    public async Task<string?> WhyNotClosableAsync(JourCaseInfo jourCase, CancellationToken cancellationToken)
    {
        if (!jourCase.ConcernsChild)
        {
            return null;
        }

        await using var db = contexts();
        return ProtectionAssessmentRule.WhyNotClosable(jourCase, await db.ProtectionAssessments.AnyAsync(a => a.CaseId == jourCase.Id, cancellationToken));
    }
}
