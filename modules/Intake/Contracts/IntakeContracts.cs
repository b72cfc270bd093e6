using SocialJour.Adapters.Contract;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Modules.Intake.Contracts;

/// <summary>How a contact reached the jour.</summary>
public enum ContactChannel
{
    SosAlarm,
    DirectLine,
    Police,
    Municipality,
    EService,
    Other,
}

/// <summary>The annual report's case categories.</summary>
public enum CaseCategory
{
    ChildrenAndYouth,
    SubstanceAbuse,
    DomesticViolence,
    FinancialOrHousing,
    ElderlyOrDisability,
    UnaccompaniedMinor,
    Other,
}

/// <summary>
/// Triage: how soon the jour must act. Not given means the default from age and category (children first): a child in a
/// violence category is <see cref="Acute"/>, any other child and an adult in a violence category <see cref="Urgent"/>, the rest <see cref="Normal"/>.
/// </summary>
public enum TriageLevel
{
    Acute = 1,
    Urgent = 2,
    Normal = 3,
}

/// <summary>A person a contact concerns: by identity number, or unidentified with what is known. Becomes one jour case.</summary>
public sealed record PersonConcerned(string? IdentityNumber, string? Name, int? ApproximateAge, string? MunicipalityCode, CaseCategory? Category, TriageLevel? Triage = null);

/// <summary>
/// What the population register said when the person was checked: status (Found, NotFound, Unavailable, …, Disabled when
/// no register is configured), name, age and home municipality, and protected identity as a tri-state
/// (<see cref="ProtectionRule"/>): Unknown when the register did not answer or gave no marking, and unknown is treated as protected.
/// </summary>
public sealed record IdentityCheck(string Status, string? Detail, string? Name, int? Age, string? MunicipalityCode, ProtectedIdentity Protection)
{
    /// <summary>Protected, or not known not to be (<see cref="ProtectionRule.TreatAsProtected"/>).</summary>
    public bool Protected => ProtectionRule.TreatAsProtected(Protection);
}

/// <summary>
/// A check of an identity number against the population register, bound like a look-up: to an open jour case (the
/// number must be a person of the case) or to a contact being registered (<see cref="ContactRegistration"/> as purpose).
/// Every check is in the access log (kind RegisterCheck).
/// </summary>
public sealed record IdentityCheckRequest(string? IdentityNumber, string? JourCaseId = null, string? Purpose = null)
{
    /// <summary>The purpose of a check from the contact form, before the contact and its cases exist.</summary>
    public const string ContactRegistration = "Registrering av kontakt";
}

/// <summary>How a related party (berörd person) is related to the case's person.</summary>
public enum RelatedPartyRole
{
    Parent,
    Guardian,
    Partner,
    Sibling,
    OtherRelative,
    SuspectedPerpetrator,
    Other,
}

/// <summary>A person to add to a case as a related party: identity number, role, and why (logged).</summary>
public sealed record RelatedPartyInput(string? IdentityNumber, RelatedPartyRole? Role, string? Reason);

/// <summary>How a person belongs to a case: its own person, another person of the same contact, or a related party.</summary>
public enum CasePersonRelation
{
    CasePerson,
    SameContact,
    RelatedParty,
}

/// <summary>
/// A person a look-up from the case may concern. <see cref="CaseId"/> is the person's own case (same contact);
/// role, reason, who and when for a related party.
/// </summary>
public sealed record CasePersonView(string PersonId, string Label, CasePersonRelation Relation, string? CaseId = null,
    RelatedPartyRole? Role = null, string? Reason = null, string? AddedBy = null, DateTimeOffset? AddedAt = null);

/// <summary>
/// A related party as the unit manager follows additions up: the case, the person (masked), role and reason, who added it
/// and when, who opened the case, and whether it was added to someone else's case.
/// </summary>
public sealed record RelatedPartyAddition(string CaseId, string PersonLabel, RelatedPartyRole Role, string Reason, string AddedBy, DateTimeOffset AddedAt,
    string CaseOpenedBy, bool ToAnotherUsersCase);

/// <summary>What a register-check alert is about.</summary>
public enum RegisterCheckAlertKind
{
    /// <summary>A user checked many different numbers within a quarter of an hour, for any purpose (not refused).</summary>
    Burst,

    /// <summary>A user was refused: too many numbers checked outside their cases' own persons.</summary>
    LimitReached,
}

/// <summary>The thresholds behind <see cref="RegisterCheckAlert"/> (for the follow-up's explanation).</summary>
public static class RegisterCheckAlertLimits
{
    /// <summary>Different numbers one user checks within <see cref="WindowMinutes"/>, for any purpose, that raise a burst alert.</summary>
    public const int BurstPersons = 40;

    public const int WindowMinutes = 15;
}

/// <summary>A register-check alert for the unit manager's follow-up: when, who, what (counts only; never a number).</summary>
public sealed record RegisterCheckAlert(DateTimeOffset At, string UserId, RegisterCheckAlertKind Kind, string Details);

/// <summary>
/// The kind of measure a notice (avisering) restricts: a decision or action of that kind on a case of the person needs an
/// explicit, logged reason. The names are those of the assessment module's action kinds (read by name).
/// </summary>
public enum NoticeRestriction
{
    FinancialAid,
    EmergencyShelter,
    Placement,
    TravelHome,
}

/// <summary>
/// A notice (avisering) from a municipality about a person, valid for a period; <see cref="Restricts"/>: the kind of measure
/// it restricts (e.g. "inget ekonomiskt bistånd"), if any.
/// </summary>
public sealed record NoticeRegistration(string? MunicipalityCode, string? IdentityNumber, string? Text, DateOnly? ValidFrom, DateOnly? ValidTo, NoticeRestriction? Restricts = null);

/// <summary>
/// A notice. On a case, <see cref="ConcernsLabel"/> names the person it is about when that is not the case's own person (another
/// person of the same contact, or a related party), and <see cref="ConcernsCaseId"/> that person's own case where there is one.
/// </summary>
public sealed record NoticeView(long Id, string MunicipalityCode, string PersonId, string Text, DateOnly ValidFrom, DateOnly? ValidTo, string RegisteredBy, DateTimeOffset RegisteredAt,
    string? AcknowledgedBy = null, DateTimeOffset? AcknowledgedAt = null, NoticeRestriction? Restricts = null, string? ConcernsLabel = null, string? ConcernsCaseId = null)
{
    public bool Acknowledged => AcknowledgedAt is not null;
}

/// <summary>A missed target: callback later than 30 minutes after receipt, or on site later than 2 hours after the visit was decided.</summary>
public sealed record TimerBreach(string CaseId, string Kind, DateTimeOffset DueAt, DateTimeOffset RecordedAt);

/// <summary>
/// A contact to register. <see cref="DuplicateReason"/> (at least 10 characters, audit-logged) registers new cases even
/// though a person already has an open or recently closed case (<see cref="PossibleDuplicateException"/> lists them).
/// </summary>
public sealed record ContactRegistration(ContactChannel? Channel, DateTimeOffset? ReceivedAt, string? Caller, string? Situation, IReadOnlyList<PersonConcerned>? Persons,
    string? DuplicateReason = null);

/// <summary>
/// An open or recently closed case (within <see cref="DuplicateCandidate.WindowHours"/> hours) that a person of a contact being
/// registered may already have: the same identified person, or an unidentified person with the same name (and the same
/// caller's contact details, where the new contact has them). <see cref="PersonIndex"/> is the person's position (1-based).
/// </summary>
public sealed record DuplicateCandidate(int PersonIndex, string CaseId, string PersonLabel, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, string Match)
{
    /// <summary>How long after closing a case is still offered instead of a new one.</summary>
    public const int WindowHours = 72;

    public bool IsOpen => ClosedAt is null;
}

/// <summary>
/// A contact was not registered because a person already has an open or recent case (<see cref="Candidates"/>): use that
/// case, or register anew with a duplicate reason. The API answers 409 with the candidates and the choices.
/// <see cref="ReasonProblem"/> is set when a duplicate reason was given but cannot be accepted (too short, no words).
/// </summary>
public sealed class PossibleDuplicateException(IReadOnlyList<DuplicateCandidate> candidates, string? reasonProblem = null)
    : Exception(reasonProblem ?? "Personen har redan ett öppet eller nyligen avslutat ärende: " + string.Join(", ", candidates.Select(c => c.CaseId).Distinct(StringComparer.Ordinal))
        + ". Använd det ärendet, eller registrera ett nytt med skäl (minst 10 tecken).")
{
    public IReadOnlyList<DuplicateCandidate> Candidates { get; } = candidates;

    public string? ReasonProblem { get; } = reasonProblem;
}

/// <summary>Why a case was closed. <see cref="Duplicate"/> is set by annulment only (a duplicate is annulled, not closed).</summary>
public enum CaseClosingReason
{
    /// <summary>The jour's part is done.</summary>
    Completed,

    /// <summary>Handed over to the home municipality's social services.</summary>
    HandedOverToHomeMunicipality,

    /// <summary>Referred elsewhere (another authority, health care, another jour).</summary>
    ReferredElsewhere,

    /// <summary>No action was needed.</summary>
    NoActionNeeded,

    /// <summary>Annulled as a duplicate of another case (<see cref="CaseAnnulment"/>).</summary>
    Duplicate,

    /// <summary>Another reason, stated in the note.</summary>
    Other,
}

/// <summary>Closing a case: the reason (required) and a note (required for <see cref="CaseClosingReason.Other"/>).</summary>
public sealed record CaseCloseRequest(CaseClosingReason? Reason, string? Note = null);

/// <summary>Annulling a case as a duplicate of another case of the same person, with the reason (audit-logged).</summary>
public sealed record CaseAnnulment(string? DuplicateOfCaseId, string? Reason);

public sealed record JourCaseView(
    string Id,
    long ContactId,
    string? PersonId,
    string PersonLabel,
    string? Name,
    int? ApproximateAge,
    string MunicipalityCode,
    CaseCategory Category,
    bool ConcernsChild,
    ContactChannel Channel,
    DateTimeOffset ReceivedAt,
    string JourMode,
    DateTimeOffset OpenedAt,
    string OpenedBy,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    TriageLevel Triage,
    DateTimeOffset CallbackDueAt,
    DateTimeOffset? CalledBackAt,
    DateTimeOffset? VisitDueAt,
    DateTimeOffset? OnSiteAt,
    int UnacknowledgedNotices,
    bool Referred = false,
    string? ReferralNote = null,
    IdentityCheck? Register = null,
    CaseClosingReason? ClosingReason = null,
    string? ClosingNote = null,
    DateTimeOffset? AnnulledAt = null,
    string? DuplicateOf = null,
    string? AnnulmentReason = null,
    string? DuplicateReason = null,
    IReadOnlyList<string>? SameYearSiblings = null)
{
    public bool IsOpen => ClosedAt is null;

    /// <summary>Annulled as a duplicate of <see cref="DuplicateOf"/>: counted in no statistics and no billing.</summary>
    public bool IsAnnulled => AnnulledAt is not null;

    /// <summary>The earliest target not yet met: the callback, then being on site; null when both are met.</summary>
    public DateTimeOffset? NextDeadline => CalledBackAt is null ? CallbackDueAt : OnSiteAt is null ? VisitDueAt : null;
}

public sealed record RegisteredContact(long ContactId, DateTimeOffset ReceivedAt, string JourMode, IReadOnlyList<JourCaseView> Cases);

/// <summary>What a municipality orders from the jour.</summary>
public enum CommissionKind
{
    HomeVisit,
    PhoneSupport,
    Other,
}

/// <summary>A commission (uppdrag) ordered by a member municipality: who ordered it, when, for whom.</summary>
public sealed record CommissionOrder(string? MunicipalityCode, CommissionKind? Kind, string? OrderedBy, DateTimeOffset? OrderedAt, string? IdentityNumber, string? Description);

public sealed record CommissionView(
    long Id,
    string MunicipalityCode,
    CommissionKind Kind,
    string OrderedBy,
    DateTimeOffset OrderedAt,
    string? PersonId,
    string Description,
    string RegisteredBy,
    DateTimeOffset? DoneAt,
    string? DoneBy,
    int? MinutesSpent)
{
    public bool Done => DoneAt is not null;
}

/// <summary>The brief's response targets: call back within 30 minutes of receipt; on site within 2 hours of deciding to visit.</summary>
public enum ResponseTargetKind
{
    Callback,
    OnSite,
}

/// <summary>
/// A search for cases: <paramref name="Text"/> is a name (part of it, at least 2 letters) or a whole identity number;
/// <paramref name="ReceivedOn"/> the local date the contact came in; <paramref name="MineOnly"/> the user's own cases
/// (registered, noted or closed by the user); <paramref name="OpenOnly"/> leaves out closed ones.
/// </summary>
public sealed record CaseSearchQuery(string? Text, DateOnly? ReceivedOn, bool MineOnly = false, bool OpenOnly = false);

/// <summary>The cases found, newest first; <paramref name="More"/>: there were more than the 100 shown (narrow the search).</summary>
public sealed record CaseSearchResult(IReadOnlyList<JourCaseView> Cases, bool More);

/// <summary>One note of a case's running notes: written by whom and when (the server's time); <paramref name="AfterClosing"/>: added after the case was closed.</summary>
public sealed record CaseNoteView(long Id, string CaseId, string Text, string WrittenBy, DateTimeOffset WrittenAt, bool AfterClosing);

/// <summary>A note to add (API body).</summary>
public sealed record CaseNoteInput(string? Text);
