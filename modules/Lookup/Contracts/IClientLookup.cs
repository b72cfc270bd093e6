using SocialJour.Core.Lookup;

namespace SocialJour.Modules.Lookup.Contracts;

/// <summary>
/// The Lookup module's entry (ADR 0032): the cross-municipality look-up, which asks every member municipality's journal
/// system in parallel, merges the answers, logs the access durably and only then returns the data, with addresses hidden
/// unless identity is known unprotected; the reveal of hidden data; the emergency-opening follow-up; need-to-know, the
/// one check used by the look-up, the register check and the police-assistance check; and the access-log extract that
/// the API and the access-log page both read.
/// </summary>
public interface IClientLookup
{
    Task<LookupResult> LookupAsync(LookupRequest request, CancellationToken cancellationToken);

    /// <summary>Opens hidden address data of a recent look-up by the same user, with a stated reason (logged first).</summary>
    Task<LookupResult> RevealAsync(string lookupId, string userId, string? reason, CancellationToken cancellationToken);

    /// <summary>A recent look-up of the user, as it was shown (hidden data stays hidden unless it was opened).</summary>
    Task<LookupResult?> RecentAsync(string lookupId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// The user's newest look-up from the case that is still kept (15 minutes), of <paramref name="personId"/> when given:
    /// a look-up stays attached to its case however the case is reached, without a second look-up.
    /// </summary>
    Task<LookupResult?> RecentForCaseAsync(string caseId, string userId, string? personId, CancellationToken cancellationToken);

    /// <summary>
    /// Asks again only the municipalities (and the register) that did not answer the user's recent look-up, for the same
    /// person, case and purpose, authorized again now; logged as a new access naming only those asked. Returns the whole
    /// answer with theirs merged in, under a new look-up id.
    /// </summary>
    Task<LookupResult> RetryMissingAsync(string lookupId, string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<EmergencyOpeningRecord>> EmergencyOpeningsAsync(bool unreviewedOnly, CancellationToken cancellationToken);

    Task<EmergencyOpeningRecord> ReviewEmergencyOpeningAsync(string id, string reviewerId, string? note, CancellationToken cancellationToken);

    /// <summary>
    /// Need-to-know (docs/security.md): the case and how <paramref name="personId"/> belongs to it, or why data about that
    /// person (any person when null) may not be fetched from it now. Checked against the register of jour cases at the
    /// moment of the call, never against an earlier answer.
    /// </summary>
    Task<NeedToKnowCheck> CheckNeedToKnowAsync(string? caseId, string? personId, CancellationToken cancellationToken);

    /// <summary>
    /// The access-log entries of a period (local dates, inclusive) as <paramref name="request"/>'s reader may see them: one
    /// municipality's extract (the extract rule: the entries that concerned its records), or the jour's whole log
    /// (<see cref="AccessLogExtractRequest.MunicipalityCode"/> null); recorded in the audit log as read. The caller has
    /// checked that the reader may read it (the disclosure policy, the follow-up role).
    /// </summary>
    Task<AccessLogExtract> AccessLogAsync(AccessLogExtractRequest request, CancellationToken cancellationToken);
}

/// <summary>Why need-to-know refuses: the field to point at and a Swedish message saying what to do instead.</summary>
public sealed record NeedToKnowRefusal(string Field, string Message, bool NotFound = false);

/// <summary>What need-to-know found: the case, how the person belongs to it, or why it refuses (<see cref="Refusal"/> not null).</summary>
public sealed record NeedToKnowCheck(JourCaseInfo? Case, JourCasePerson? Person, NeedToKnowRefusal? Refusal);

/// <summary>Where an access-log extract is read; each is recorded with its own audit action.</summary>
public enum AccessLogReading
{
    /// <summary>The API's extract for one municipality (audit action access-log.exported).</summary>
    Export,

    /// <summary>The API's follow-up of the jour's whole log (audit action access-log.followed-up).</summary>
    JourFollowUp,

    /// <summary>The access-log page, one municipality or the whole jour (audit action access-log.viewed).</summary>
    Page,
}

/// <summary>
/// An extract asked for: one municipality's (<paramref name="MunicipalityCode"/>) or the jour's whole log (null), for the
/// local dates <paramref name="From"/> to <paramref name="To"/> inclusive.
/// </summary>
public sealed record AccessLogExtractRequest(string UserId, string? MunicipalityCode, DateOnly From, DateOnly To, AccessLogReading Reading);

/// <summary>
/// The entries, oldest first, with the display name each entry's user had when the entry was written (by
/// <see cref="AccessRecord.Sequence"/>; issue 23 3b, "the name as it was"), from their sign-ins in the audit log.
/// </summary>
public sealed record AccessLogExtract(IReadOnlyList<AccessRecord> Entries, IReadOnlyDictionary<long, string> Names);
