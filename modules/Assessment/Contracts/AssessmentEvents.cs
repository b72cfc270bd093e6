using SocialJour.Core.Events;

namespace SocialJour.Modules.Assessment.Contracts;

// The Assessment module's integration events: facts other modules (billing, statistics, the audit chain) may act on.
// No identity numbers and no free text about a person: a subscriber that needs more asks IAssessmentModule.
// Phase 2 (issue 12): each is saved in the module's outbox in the same transaction as the change it describes.

/// <summary>The immediate protection assessment of a child's case was documented.</summary>
public sealed record ProtectionAssessmentDocumented(long AssessmentId, string CaseId, ProtectionOutcome Outcome, DateTimeOffset At) : IIntegrationEvent;

/// <summary>A decision was recorded; <see cref="CourtDeadline"/> is set for an LVU 6 § order (to the administrative court within a week).</summary>
public sealed record DecisionRecorded(long DecisionId, string CaseId, DecisionKind Kind, DateTimeOffset At, DateTimeOffset? CourtDeadline) : IIntegrationEvent;

/// <summary>
/// A social worker recorded minutes in a case: what billing needs (the case's home municipality when the time was recorded,
/// who, how long, when).
/// </summary>
public sealed record TimeRecorded(string CaseId, string MunicipalityCode, string UserId, int Minutes, DateTimeOffset At) : IIntegrationEvent;

/// <summary>A report to the case's home municipality was written and queued, due at <see cref="DueAt"/> (08:00 the next weekday).</summary>
public sealed record ReportSubmitted(long ReportId, string CaseId, string MunicipalityCode, DateTimeOffset DueAt, DateTimeOffset At) : IIntegrationEvent;

/// <summary>A report reached its municipality; <see cref="Receipt"/> is the channel's receipt.</summary>
public sealed record ReportDelivered(long ReportId, string CaseId, string MunicipalityCode, string Channel, string Receipt, DateTimeOffset At) : IIntegrationEvent;

/// <summary>A report was given up: every channel failed, or the case moved before delivery (<see cref="Reason"/>, Swedish).</summary>
public sealed record ReportFailed(long ReportId, string CaseId, string MunicipalityCode, string Reason, DateTimeOffset At) : IIntegrationEvent;

/// <summary>A deviation or complaint was registered (statistics count them per category for the annual report).</summary>
public sealed record DeviationReported(long DeviationId, DeviationCategory Category, string? CaseId, string? MunicipalityCode, DateTimeOffset OccurredAt, DateTimeOffset At) : IIntegrationEvent;
