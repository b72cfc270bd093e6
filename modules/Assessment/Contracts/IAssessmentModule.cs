using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment.Contracts;

/// <summary>
/// The Assessment module's one public entry. Other modules and the host use only this (and its contract records and events),
/// from the SocialJour.Modules.Assessment.Contracts assembly; the namespace stays the module's.
/// </summary>
public interface IAssessmentModule
{
    /// <summary>The module's name, as used for its database file or schema.</summary>
    string Name { get; }

    /// <summary>Whether the module's database answers.</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);

    /// <summary>Records the immediate protection assessment of an open case concerning a child.</summary>
    Task<ProtectionAssessmentView> AssessProtectionAsync(string caseId, ProtectionAssessmentInput input, string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ProtectionAssessmentView>> ProtectionAssessmentsAsync(string caseId, CancellationToken cancellationToken);

    Task<ActionView> RecordActionAsync(string caseId, ActionInput input, string userId, CancellationToken cancellationToken);

    /// <summary>Records a decision with its rules; police assistance is refused when the look-up shows no care under LVU/LVM.</summary>
    Task<DecisionView> DecideAsync(string caseId, DecisionInput input, string userId, CancellationToken cancellationToken);

    /// <summary>An LVU 6 § order has been submitted to the administrative court.</summary>
    Task<DecisionView> MarkSubmittedToCourtAsync(long decisionId, string userId, CancellationToken cancellationToken);

    /// <summary>LVU 6 § orders not yet submitted whose week has passed (or passes before <paramref name="by"/>).</summary>
    Task<IReadOnlyList<DecisionView>> CourtSubmissionsDueAsync(DateTimeOffset by, CancellationToken cancellationToken);

    /// <summary>Everything recorded in a case: actions and decisions, oldest first.</summary>
    Task<(IReadOnlyList<ActionView> Actions, IReadOnlyList<DecisionView> Decisions)> MeasuresAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the report to the case's home municipality and queues it for delivery (due 08:00 the next weekday). The same
    /// <paramref name="submissionKey"/> again (a second click, a retry after a lost answer) returns the report already written.
    /// </summary>
    Task<ReportView> SubmitReportAsync(string caseId, string? text, string userId, CancellationToken cancellationToken, string? submissionKey = null);

    /// <summary>The case's report draft: the saved one, or a text prefilled from the case (person, contact, assessment, measures, notices, time).</summary>
    Task<ReportDraft> ReportDraftAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Saves the case's report draft (one per case; the last save wins).</summary>
    Task<ReportDraft> SaveReportDraftAsync(string caseId, string? text, string userId, CancellationToken cancellationToken);

    /// <summary>The report as it would be sent now, without sending it.</summary>
    Task<ReportPreview> PreviewReportAsync(string caseId, string? text, string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReportView>> ReportsAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Delivers queued reports whose next attempt is due: primary channel with retries, then the fallback. Returns how many were delivered.</summary>
    Task<int> DeliverDueReportsAsync(CancellationToken cancellationToken);

    /// <summary>Reports not delivered whose deadline is at or before <paramref name="by"/>.</summary>
    Task<IReadOnlyList<ReportView>> UndeliveredReportsAsync(DateTimeOffset by, CancellationToken cancellationToken);

    /// <summary>Registers a deviation or complaint.</summary>
    Task<DeviationView> ReportDeviationAsync(DeviationInput input, string userId, CancellationToken cancellationToken);

    /// <summary>Records the follow-up (what was found and done); may be updated until closed.</summary>
    Task<DeviationView> FollowUpDeviationAsync(long id, string? followUp, string userId, CancellationToken cancellationToken);

    /// <summary>Closes a followed-up deviation.</summary>
    Task<DeviationView> CloseDeviationAsync(long id, string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeviationView>> DeviationsAsync(bool openOnly, CancellationToken cancellationToken);

    /// <summary>
    /// The deviations a user may see, one rule for the page and the API: a unit manager (<paramref name="seesAll"/>) sees every
    /// deviation with its follow-up; anyone else the deviations they reported, without the follow-up notes.
    /// </summary>
    Task<IReadOnlyList<DeviationView>> DeviationsVisibleToAsync(string? userId, bool seesAll, bool openOnly, CancellationToken cancellationToken);

    Task<TimeSpent> RecordTimeAsync(string caseId, TimeEntryInput input, string userId, CancellationToken cancellationToken);

    /// <summary>Minutes per social worker in a case.</summary>
    Task<IReadOnlyList<TimeSpent>> TimeSpentAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Every time entry in a case, oldest first, with its note.</summary>
    Task<IReadOnlyList<TimeEntryView>> TimeEntriesAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>
    /// The morning handover to a member municipality at 08:00 on <paramref name="day"/>: the cases it received since the previous
    /// weekday's 08:00 with reports, decisions and what is still to follow up, and the period's deviations about it.
    /// </summary>
    Task<HandoverReport> HandoverAsync(string municipalityCode, DateOnly day, CancellationToken cancellationToken);
}
