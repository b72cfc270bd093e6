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
    bool ConcernsChild = false,
    bool Referred = false)
{
    public bool IsOpen => ClosedAt is null;
}

/// <summary>
/// The core's register of the jour's cases, as the look-up needs them (need-to-know binding, the jour's own history of a
/// person). The core owns it and keeps it in its own database; the intake module, which owns the cases, feeds it from its
/// integration events (every change of a case records the case's whole current state, so the order of deliveries does
/// not matter). No module implements a core interface: the core never asks a module at run time.
/// </summary>
public interface IJourCaseRegister
{
    /// <summary>Records the case's current state and persons (replacing what was recorded before). Idempotent.</summary>
    Task RecordAsync(JourCaseInfo jourCase, IReadOnlyList<JourCasePerson> persons, CancellationToken cancellationToken);

    /// <summary>How many cases the register holds (intake compares it with its own count at start-up to fill a new register).</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);

    Task<JourCaseInfo?> FindAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> cases about the person, and how many there are in all.</summary>
    Task<(IReadOnlyList<JourCaseInfo> Newest, int Total)> ForPersonAsync(string personId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The persons a look-up from the case may concern (need-to-know): the case's own person, the identified persons of
    /// the same contact, and the related parties added to the case with a role and a reason. Empty for an unknown case.
    /// </summary>
    Task<IReadOnlyList<JourCasePerson>> PersonsOfCaseAsync(string caseId, CancellationToken cancellationToken);
}

/// <summary>A person of a jour case: 12-digit person id and how the person belongs to the case (Swedish, for messages).</summary>
public sealed record JourCasePerson(string PersonId, string Relation)
{
    /// <summary>How a related party's relation begins ("berörd person: Parent"): added to the case with a role and a reason.</summary>
    public const string RelatedPartyPrefix = "berörd person";

    /// <summary>A related party, not the case's own person or a person of the same contact.</summary>
    public bool IsRelatedParty => Relation.StartsWith(RelatedPartyPrefix, StringComparison.Ordinal);
}
