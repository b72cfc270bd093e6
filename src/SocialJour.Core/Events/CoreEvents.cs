namespace SocialJour.Core.Events;

/// <summary>
/// An access-log entry was committed (a look-up, an emergency look-up, an opening of protected data, a register check),
/// saved in the core's outbox in the same transaction as the entry. No identity number: the entry's sequence leads to it
/// for those allowed to read the access log.
/// </summary>
/// <param name="AccessLogSequence">The entry's sequence in the access log.</param>
/// <param name="LookupId">The look-up the entry belongs to.</param>
/// <param name="Kind">Lookup, EmergencyLookup, RevealProtected or RegisterCheck.</param>
/// <param name="MunicipalityCodes">The municipalities whose journal systems were asked, in code order.</param>
/// <param name="Sources">Each asked municipality's source status as logged (Found, NotFound, NoAccess, Unavailable, TimedOut,
/// InvalidResponse, Disabled), in code order; null in events saved before it was added (statistics counts those as unknown).</param>
public sealed record LookupLogged(
    long AccessLogSequence,
    string LookupId,
    string Kind,
    string UserId,
    string? JourCaseId,
    string Purpose,
    IReadOnlyList<string> MunicipalityCodes,
    DateTimeOffset At,
    IReadOnlyList<LookupSourceOutcome>? Sources = null) : IIntegrationEvent;

/// <summary>One municipality's source status in a logged look-up (the adapter contract's SourceStatus, by name).</summary>
public sealed record LookupSourceOutcome(string MunicipalityCode, string Status);

/// <summary>
/// An emergency opening (nödöppning) was recorded for the unit manager's follow-up, in the same transaction as its row.
/// Neither the person nor the free-text reason travels: the follow-up list shows them to those allowed.
/// </summary>
public sealed record EmergencyOpeningRecorded(string OpeningId, string UserId, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt) : IIntegrationEvent;
