namespace SocialJour.Modules.Assessment.Contracts;

/// <summary>The outcome of an immediate protection assessment (omedelbar skyddsbedömning).</summary>
public enum ProtectionOutcome
{
    ImmediateNeed,
    NoImmediateNeed,
}

public sealed record ProtectionAssessmentInput(ProtectionOutcome? Outcome, string? Reasoning);

public sealed record ProtectionAssessmentView(long Id, string CaseId, ProtectionOutcome Outcome, string Reasoning, string AssessedBy, DateTimeOffset AssessedAt);

/// <summary>What the jour did in a case.</summary>
public enum ActionKind
{
    SupportTalk,
    InformationAndReferral,
    EmergencyShelter,
    FinancialAid,
    TravelHome,
    HomeVisit,
    Transport,
    Placement,
}

/// <summary>Decisions and the rules they carry.</summary>
public enum DecisionKind
{
    /// <summary>A decision under the Social Services Act (SoL), e.g. emergency financial aid or shelter.</summary>
    SoL,

    /// <summary>LVU 6 §: emergency care order; taken by the committee chair or an appointed member; to the administrative court within a week.</summary>
    LvuEmergencyCareOrder,

    /// <summary>LVM 13 §: emergency care of an adult with substance abuse.</summary>
    LvmEmergencyCare,

    /// <summary>LVU 43 §: police assistance for a child; lawful only with care under LVU.</summary>
    PoliceAssistanceLvu,

    /// <summary>LVM 45 §: police assistance for an adult cared for under LVM.</summary>
    PoliceAssistanceLvm,
}

/// <summary>
/// An action. <see cref="AcknowledgedNotices"/>: the notices bearing on the case that the social worker has read in the form
/// (acknowledged with the action); <see cref="NoticeReason"/>: why the action is taken although a notice restricts its kind (logged).
/// </summary>
public sealed record ActionInput(ActionKind? Kind, string? Note, IReadOnlyList<long>? AcknowledgedNotices = null, string? NoticeReason = null);

public sealed record ActionView(long Id, string CaseId, ActionKind Kind, string? Note, string RecordedBy, DateTimeOffset RecordedAt, string? NoticeReason = null);

/// <summary>
/// A decision. <see cref="DecidedBy"/> is required for LVU 6 § (the chair or appointed member). Police assistance needs
/// <see cref="LookupId"/>: the caller's recent journal look-up of the case's person, whose placement legal basis is checked.
/// <see cref="Grants"/>: what a SoL decision grants (required for SoL), so that a notice restricting that kind stops it.
/// <see cref="AcknowledgedNotices"/> and <see cref="NoticeReason"/> as for <see cref="ActionInput"/>.
/// </summary>
/// <see cref="DecisionMakerReachedAt"/>: 6 § LVU, 13 § LVM — when the jour reached the decision-maker (required).
public sealed record DecisionInput(DecisionKind? Kind, string? Description, string? DecidedBy, string? LookupId,
    ActionKind? Grants = null, IReadOnlyList<long>? AcknowledgedNotices = null, string? NoticeReason = null, DateTimeOffset? DecisionMakerReachedAt = null);

public sealed record DecisionView(
    long Id,
    string CaseId,
    DecisionKind Kind,
    string Description,
    string DecidedBy,
    string RegisteredBy,
    DateTimeOffset DecidedAt,
    string? LegalBasisShown,
    DateTimeOffset? CourtDeadline,
    DateTimeOffset? SubmittedToCourtAt,
    ActionKind? Grants = null,
    string? NoticeReason = null,
    DateTimeOffset? DecisionMakerReachedAt = null);

public sealed record TimeEntryInput(int? Minutes, string? Note);

/// <summary>Minutes spent in a case by one social worker (billing uses it).</summary>
public sealed record TimeSpent(string CaseId, string UserId, int Minutes);

/// <summary>One time entry in a case as it was recorded: who, how many minutes, when, and the note written with it (if any).</summary>
public sealed record TimeEntryView(long Id, string CaseId, string UserId, int Minutes, string? Note, DateTimeOffset RecordedAt);

/// <summary>The annual report's deviation categories, and complaints.</summary>
public enum DeviationCategory
{
    UnansweredSosCall,
    WrongMunicipality,
    IdentityMixUp,
    Technical,
    Handling,
    Complaint,
}

public sealed record DeviationInput(DeviationCategory? Category, string? Description, DateTimeOffset? OccurredAt, string? CaseId, string? MunicipalityCode);

public sealed record DeviationView(
    long Id,
    DeviationCategory Category,
    string Description,
    DateTimeOffset OccurredAt,
    string? CaseId,
    string? MunicipalityCode,
    string ReportedBy,
    DateTimeOffset ReportedAt,
    string? FollowUp,
    string? FollowedUpBy,
    DateTimeOffset? ClosedAt,
    string? ClosedBy)
{
    public bool Closed => ClosedAt is not null;
}

public enum ReportStatus
{
    Queued,
    Delivered,
    Failed,
}

/// <summary>
/// A report to the home municipality. It is always addressed to the case's municipality at the time it is written, and is
/// stopped if the case has been moved before delivery; no caller can choose another recipient.
/// </summary>
public sealed record ReportView(
    long Id,
    string CaseId,
    string MunicipalityCode,
    string Text,
    string WrittenBy,
    DateTimeOffset WrittenAt,
    DateTimeOffset DueAt,
    ReportStatus Status,
    int Attempts,
    string? Channel,
    string? Receipt,
    DateTimeOffset? DeliveredAt,
    string? LastError,
    string? Document = null);

/// <summary>
/// The report being written for a case, kept on the server while it is written (any host, any form submitted meanwhile).
/// <see cref="Saved"/> false: nothing saved yet, and <see cref="Text"/> is the text prefilled from the case.
/// </summary>
public sealed record ReportDraft(string CaseId, string Text, bool Saved, string? SavedBy, DateTimeOffset? SavedAt);

/// <summary>
/// The report exactly as the home municipality will receive it (<see cref="Document"/>: the header naming the person and the
/// body), before it is sent. <see cref="ProtectedPerson"/>: the person has protected personal data (or protection is unknown),
/// and the document says what is left out.
/// </summary>
public sealed record ReportPreview(string CaseId, string MunicipalityCode, string MunicipalityName, string Document, bool ProtectedPerson);

/// <summary>
/// A case as the morning handover shows it: received, in which municipality, open or closed, notices not yet acknowledged.
/// Category and channel are the intake module's names for them (e.g. "DomesticViolence", "SosAlarm").
/// </summary>
public sealed record HandoverCaseInfo(
    string Id,
    string PersonLabel,
    string MunicipalityCode,
    string Category,
    bool ConcernsChild,
    string Channel,
    DateTimeOffset ReceivedAt,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    int UnacknowledgedNotices)
{
    public bool IsOpen => ClosedAt is null;
}

/// <summary>One case in the handover, with its reports and decisions and what is still to follow up (Swedish).</summary>
public sealed record HandoverCase(HandoverCaseInfo Case, IReadOnlyList<ReportView> Reports, IReadOnlyList<DecisionView> Decisions, IReadOnlyList<string> FollowUps);

/// <summary>The morning handover to one municipality: the cases received since the previous handover, with reports and what is still open.</summary>
public sealed record HandoverReport(string MunicipalityCode, string MunicipalityName, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<HandoverCase> Cases,
    IReadOnlyList<DeviationView> Deviations);
