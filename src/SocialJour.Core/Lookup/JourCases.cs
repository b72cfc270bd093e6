namespace SocialJour.Core.Lookup;

/// <summary>A jour case as the look-up sees it: what a look-up can be bound to, and the jour's own history of a person.</summary>
public sealed record JourCaseInfo(
    string Id,
    string? PersonId,
    string PersonLabel,
    string MunicipalityCode,
    string Category,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    bool ConcernsChild = false)
{
    public bool IsOpen => ClosedAt is null;
}

/// <summary>
/// The jour's own cases, as the look-up needs them. The core defines it; the intake module, which owns the
/// cases, implements it (the core never depends on a module).
/// </summary>
public interface IJourCaseDirectory
{
    Task<JourCaseInfo?> FindAsync(string caseId, CancellationToken cancellationToken);

    Task<IReadOnlyList<JourCaseInfo>> OpenCasesAsync(CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> cases about the person, and how many there are in all.</summary>
    Task<(IReadOnlyList<JourCaseInfo> Newest, int Total)> ForPersonAsync(string personId, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// A rule another module sets on closing a jour case (e.g. assessment: a child case needs a protection assessment).
/// Intake asks every guard before it closes a case; a guard returns why not (Swedish), or null.
/// </summary>
public interface ICaseCloseGuard
{
    Task<string?> WhyNotClosableAsync(JourCaseInfo jourCase, CancellationToken cancellationToken);
}
