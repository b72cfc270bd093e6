using SocialJour.Core;
using SocialJour.Core.Lookup;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// The jour cases the features work in, with the two refusals they share: an unknown case (404) and a closed one.
/// Phase 2 (issue 12): read from the module's own copy of the cases, fed by intake's events, instead of the core's directory.
/// </summary>
internal sealed class AssessedCases(IJourCaseRegister cases)
{
    public Task<JourCaseInfo?> FindOrNullAsync(string caseId, CancellationToken cancellationToken) => cases.FindAsync(caseId, cancellationToken);

    public async Task<JourCaseInfo> FindAsync(string caseId, CancellationToken cancellationToken) =>
        await cases.FindAsync(caseId, cancellationToken) ?? throw new ValidationException("caseId", $"Ärendet {caseId} finns inte.", notFound: true);

    public async Task<JourCaseInfo> OpenAsync(string caseId, CancellationToken cancellationToken)
    {
        var jourCase = await FindAsync(caseId, cancellationToken);
        return jourCase.IsOpen ? jourCase : throw new ValidationException("caseId", $"Ärendet {jourCase.Id} är avslutat.");
    }
}
