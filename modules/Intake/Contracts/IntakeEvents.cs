using SocialJour.Core.Events;

namespace SocialJour.Modules.Intake.Contracts;

// Intake's integration events: facts other modules (billing, statistics, assessment) build on. They carry no identity
// number in clear: a case or commission is named by its id, and a person id (12 digits) travels only where a subscriber
// needs to match the person across modules, with the reason beside it. Instants are UTC as stored; municipality codes are
// the four-digit SCB codes. The events are published through the module's outbox, in the transaction of the change (ADR 0019).

/// <summary>A contact was registered; its cases follow as one <see cref="CaseOpened"/> each.</summary>
public sealed record ContactRegistered(long ContactId, ContactChannel Channel, DateTimeOffset ReceivedAt, string JourMode, int Cases, DateTimeOffset RegisteredAt) : IIntegrationEvent;

/// <summary>
/// A jour case was opened (one per person of a contact): what billing (municipality, category, time of receipt, jour mode)
/// and statistics (category, child, channel, referral) count. No person id: neither needs to know who.
/// </summary>
public sealed record CaseOpened(
    string CaseId,
    long ContactId,
    string MunicipalityCode,
    CaseCategory Category,
    bool ConcernsChild,
    TriageLevel Triage,
    ContactChannel Channel,
    string JourMode,
    bool Referred,
    DateTimeOffset ReceivedAt,
    DateTimeOffset OpenedAt) : IIntegrationEvent;

/// <summary>A case was moved to another home municipality (billing and statistics count it there from now on).</summary>
public sealed record CaseMoved(string CaseId, string FromMunicipalityCode, string ToMunicipalityCode, bool Referred, DateTimeOffset MovedAt) : IIntegrationEvent;

/// <summary>A case was closed, with the reason (<see cref="CaseClosingReason.Duplicate"/> when it was annulled).</summary>
public sealed record CaseClosed(string CaseId, string MunicipalityCode, bool ConcernsChild, DateTimeOffset ClosedAt, CaseClosingReason Reason = CaseClosingReason.Completed) : IIntegrationEvent;

/// <summary>
/// A case was annulled as a duplicate of <see cref="DuplicateOfCaseId"/>: statistics and billing take it out of every count
/// (the case, its response targets and the time recorded on it), as if it had never been opened.
/// <see cref="WholeContact"/>: every case of the contact is now annulled, so the contact itself leaves the contact counts too.
/// </summary>
public sealed record CaseAnnulled(string CaseId, string DuplicateOfCaseId, long ContactId, string MunicipalityCode, bool WholeContact, DateTimeOffset AnnulledAt) : IIntegrationEvent;

/// <summary>A member municipality ordered a commission (uppdrag) from the jour. No person id: billing charges the municipality, not the person.</summary>
public sealed record CommissionOrdered(long CommissionId, string MunicipalityCode, CommissionKind Kind, DateTimeOffset OrderedAt, bool ConcernsPerson) : IIntegrationEvent;

/// <summary>A commission was done, with the time spent: billing charges the ordering municipality for the minutes.</summary>
public sealed record CommissionCompleted(long CommissionId, string MunicipalityCode, CommissionKind Kind, int MinutesSpent, DateTimeOffset DoneAt) : IIntegrationEvent;

/// <summary>A notice (avisering) was acknowledged for a case: the case may be closed once all of them are.</summary>
public sealed record NoticeAcknowledged(string CaseId, long NoticeId, string NoticeMunicipalityCode, DateTimeOffset AcknowledgedAt) : IIntegrationEvent;

/// <summary>
/// A related party was added to a case. The person id is included because look-ups bound to the case (the core's
/// need-to-know check) must accept this person from now on; it is never shown or logged in clear (masked in the audit log).
/// </summary>
public sealed record RelatedPartyAdded(string CaseId, string PersonId, RelatedPartyRole Role, DateTimeOffset AddedAt) : IIntegrationEvent;

/// <summary>
/// A response step of a case was recorded: the callback (<see cref="ResponseTargetKind.Callback"/>, due 30 minutes after
/// receipt) or arrival on site (<see cref="ResponseTargetKind.OnSite"/>, due 2 hours after the decision to visit). The step
/// met its target when <see cref="At"/> is not after <see cref="DueAt"/>. Statistics counts compliance from these.
/// </summary>
public sealed record ResponseStepRecorded(string CaseId, string MunicipalityCode, ResponseTargetKind Kind, DateTimeOffset DueAt, DateTimeOffset At) : IIntegrationEvent;

/// <summary>
/// A response target passed unmet: the timer job found an open case whose callback or on-site deadline had passed with the
/// step not recorded. A later <see cref="ResponseStepRecorded"/> for the same case and kind records when it was done (late).
/// </summary>
public sealed record ResponseTargetMissed(string CaseId, string MunicipalityCode, ResponseTargetKind Kind, DateTimeOffset DueAt, DateTimeOffset RecordedAt) : IIntegrationEvent;
