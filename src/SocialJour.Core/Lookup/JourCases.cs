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

    Task<IReadOnlyList<JourCaseInfo>> ForPersonAsync(string personId, CancellationToken cancellationToken);
}

/// <summary>
/// A rule another module sets on closing a jour case (e.g. assessment: a child case needs a protection assessment).
/// Intake asks every guard before it closes a case; a guard returns why not (Swedish), or null.
/// </summary>
public interface ICaseCloseGuard
{
    Task<string?> WhyNotClosableAsync(JourCaseInfo jourCase, CancellationToken cancellationToken);
}

/// <summary>
/// A module's part in moving a jour case to another municipality (e.g. assessment: a report to the old municipality may be
/// on its way). Intake asks every guard for a hold before it saves the move, saves it, tells each hold, then releases it.
/// Holds live in the database, not in the process, so a move on one host and a delivery on another cannot interleave.
/// </summary>
public interface ICaseMoveGuard
{
    /// <summary>
    /// Holds what depends on the case's municipality (waits, bounded, for work in flight). Returns the hold, or why the move
    /// cannot be made now (Swedish); nothing is held then.
    /// </summary>
    Task<(ICaseMoveHold? Hold, string? WhyNot)> HoldAsync(JourCaseInfo jourCase, string toMunicipalityCode, CancellationToken cancellationToken);
}

/// <summary>A guard's hold on a case being moved; disposing releases it.</summary>
public interface ICaseMoveHold : IAsyncDisposable
{
    /// <summary>The move is saved (the case now belongs to the new municipality): act on it.</summary>
    Task MovedAsync(string userId, CancellationToken cancellationToken);
}
