using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// The jour cases the features work in, with the two refusals they share: an unknown case (404) and a closed one.
/// Read from intake's entry (<see cref="IIntakeModule.FindCaseAsync"/>), the owner of the cases: always the case's municipality
/// now, with no copy to lag behind a move (the report delivery relies on that). Assessment → intake's Contracts is the allowed
/// direction; intake never calls assessment.
/// </summary>
internal sealed class AssessedCases(IIntakeModule intake)
{
    public async Task<JourCaseInfo?> FindOrNullAsync(string caseId, CancellationToken cancellationToken) =>
        await intake.FindCaseAsync(caseId, cancellationToken) is { } c
            ? new JourCaseInfo(c.Id, c.PersonId, c.PersonLabel, c.MunicipalityCode, c.Category.ToString(), c.OpenedAt, c.ClosedAt, c.ConcernsChild, c.Referred)
            : null;

    public async Task<JourCaseInfo> FindAsync(string caseId, CancellationToken cancellationToken) =>
        await FindOrNullAsync(caseId, cancellationToken) ?? throw new ValidationException("caseId", $"Ärendet {caseId} finns inte.", notFound: true);

    /// <summary>The case as intake holds it (the person, the contact, the register's answer); a 404 when unknown.</summary>
    public async Task<JourCaseView> ViewAsync(string caseId, CancellationToken cancellationToken) =>
        await intake.FindCaseAsync(caseId, cancellationToken) ?? throw new ValidationException("caseId", $"Ärendet {caseId} finns inte.", notFound: true);

    /// <summary>The active notices bearing on the case (its person, the contact's other persons, related parties), from intake.</summary>
    public Task<IReadOnlyList<NoticeView>> NoticesAsync(string caseId, CancellationToken cancellationToken) => intake.CaseNoticesAsync(caseId, cancellationToken);

    /// <summary>Acknowledges, for the case, the notices read in a decision's or action's form (intake logs each).</summary>
    public async Task AcknowledgeAsync(string caseId, IEnumerable<NoticeView> notices, string userId, CancellationToken cancellationToken)
    {
        foreach (var n in notices)
        {
            await intake.AcknowledgeNoticeAsync(caseId, n.Id, userId, cancellationToken);
        }
    }

    public async Task<JourCaseInfo> OpenAsync(string caseId, CancellationToken cancellationToken)
    {
        var jourCase = await FindAsync(caseId, cancellationToken);
        return jourCase.IsOpen ? jourCase : throw new ValidationException("caseId", $"Ärendet {jourCase.Id} är avslutat.");
    }
}
