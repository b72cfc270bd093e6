using SocialJour.Adapters.Contract;
using SocialJour.Core.Lookup;

namespace SocialJour.Modules.Lookup.Contracts;

/// <summary>
/// A look-up as asked: either bound to an open jour case with a purpose (chosen from the configured list, with optional
/// free text), or an emergency opening with a reason, or continuing an emergency opening that is still valid.
/// From a case, the person must be a person of the case (<see cref="IJourCaseRegister.PersonsOfCaseAsync"/>, need-to-know).
/// </summary>
public sealed record LookupRequest(string UserId, string? IdentityNumber, string? JourCaseId, string? Purpose, string? EmergencyReason, string? EmergencyOpeningId = null,
    string? PurposeText = null);

/// <summary>A request that cannot be carried out; <see cref="Exception.Message"/> is Swedish and says what to do.</summary>
public sealed class LookupRejectedException(string field, string message, bool notFound = false, bool unavailable = false) : Exception(message)
{
    public string Field { get; } = field;

    public bool NotFound { get; } = notFound;

    /// <summary>Our own storage could not log the access in time (503): nothing is shown, try again.</summary>
    public bool Unavailable { get; } = unavailable;
}

/// <summary>
/// One municipality's part of the answer: its status, when it answered, and why it is missing if it is. The population
/// register's part has <see cref="PopulationRegisterSource.Code"/> as its code.
/// </summary>
public sealed record SourceReport(string MunicipalityCode, string MunicipalityName, string JournalSystem, SourceStatus Status, string? Detail, DateTimeOffset? FetchedAt, int LatencyMs)
{
    /// <summary>Found or no records: the source has said everything it knows.</summary>
    public bool Answered => Status is SourceStatus.Found or SourceStatus.NotFound;

    public bool IsPopulationRegister => MunicipalityCode == PopulationRegisterSource.Code;
}

public sealed record PlacementItem(string MunicipalityCode, string MunicipalityName, string Type, LegalBasis LegalBasis, DateOnly? From, DateOnly? To, bool Current, string? Location, bool LocationHidden);

public sealed record OpenCaseItem(string MunicipalityCode, string MunicipalityName, string Type, DateOnly? From, string? Caseworker, string? Unit);

public sealed record DecisionItem(string MunicipalityCode, string MunicipalityName, string Type, string? Reason, LegalBasis LegalBasis, DateOnly? DecidedOn, DateOnly? From, DateOnly? To, string? DecisionMaker);

public sealed record CaseworkerItem(string MunicipalityCode, string MunicipalityName, string Name, string? Title, string? Unit, string? Phone, string? Email);

public sealed record WarningItem(string MunicipalityCode, string MunicipalityName, string Kind, string Text, DateOnly? From, DateOnly? To);

public sealed record AddressItem(string MunicipalityCode, string MunicipalityName, string? Street, string? PostalCode, string? City);

public sealed record EmergencyOpeningInfo(string Id, string Reason, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// The merged answer. <see cref="Complete"/> is true only when every member municipality answered found or no records,
/// and the population register (when configured) answered too; otherwise <see cref="Missing"/> names each source that
/// did not, and why (the register as "Folkbokföringen": without its answer protection is unknown).
/// When <see cref="AddressesHidden"/> is true, addresses and placement locations are withheld (protected or unknown identity).
/// </summary>
public sealed record LookupResult(
    string LookupId,
    DateTimeOffset At,
    string PersonId,
    string? Name,
    ProtectedIdentity ProtectedIdentity,
    bool AddressesHidden,
    bool Revealed,
    bool Complete,
    IReadOnlyList<SourceReport> Missing,
    IReadOnlyList<SourceReport> Sources,
    IReadOnlyList<PlacementItem> Placements,
    IReadOnlyList<WarningItem> Warnings,
    IReadOnlyList<OpenCaseItem> OpenInvestigations,
    IReadOnlyList<DecisionItem> RecentDecisions,
    IReadOnlyList<CaseworkerItem> Caseworkers,
    IReadOnlyList<AddressItem> Addresses,
    IReadOnlyList<JourCaseInfo> JourCases,
    string? JourCaseId,
    string Purpose,
    EmergencyOpeningInfo? EmergencyOpening,
    long AccessLogSequence,
    LookupOmissions Omitted)
{
    /// <summary>Protected, or not known not to be: address data is hidden unless opened with a reason.</summary>
    public bool TreatAsProtected => ProtectionRule.TreatAsProtected(ProtectedIdentity);

    /// <summary>The population register's part of the answer; null when no register is configured.</summary>
    public SourceReport? PopulationRegister { get; init; }

    /// <summary>The member municipalities' notices about the person valid today (<see cref="IPersonNotices"/>).</summary>
    public IReadOnlyList<LookupNotice> Notices { get; init; } = [];

    /// <summary>The look-up whose missing municipalities this answer asked again; null for a first look-up.</summary>
    public string? RetryOf { get; init; }
}

/// <summary>How many items of each list were left out of the answer because of the look-up's caps (50 items a list, the newest 20 jour cases) (the page says "och N till").</summary>
public sealed record LookupOmissions(int Placements, int Warnings, int OpenInvestigations, int RecentDecisions, int Caseworkers, int Addresses, int JourCases)
{
    public static LookupOmissions None { get; } = new(0, 0, 0, 0, 0, 0, 0);
}

/// <summary>An emergency opening on the unit manager's follow-up list.</summary>
public sealed record EmergencyOpeningRecord(string Id, string UserId, string PersonId, string Reason, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewNote);

/// <summary>
/// A notice (avisering) from a member municipality about the person looked up, valid today: the answer shows it beside the
/// journals' warnings. <see cref="Restricts"/>: the kind of measure it restricts (the intake module's name), if any.
/// </summary>
public sealed record LookupNotice(long Id, string MunicipalityCode, string Text, DateOnly ValidFrom, DateOnly? ValidTo, string? Restricts);

/// <summary>
/// The notices about a person, for the look-up answer: a port the look-up defines and the module that keeps the notices
/// (intake) implements, so that the look-up depends on no other module.
/// </summary>
public interface IPersonNotices
{
    Task<IReadOnlyList<LookupNotice>> ActiveAboutAsync(string personId, CancellationToken cancellationToken);
}
