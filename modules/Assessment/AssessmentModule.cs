using SocialJour.Core.Persistence;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>The module's entry: a thin facade over its features (one folder each), which hold the rules.</summary>
internal sealed class AssessmentModule(
    ModuleDatabase<AssessmentDbContext> database,
    ProtectionAssessments protectionAssessments,
    Actions actions,
    Decisions decisions,
    Reports reports,
    ReportDelivery delivery,
    Deviations deviations,
    TimeSpentLog timeSpent,
    Handover handover) : IAssessmentModule
{
    public string Name => AssessmentDbContext.ModuleName;

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => database.CanConnectAsync(cancellationToken);

    public Task<ProtectionAssessmentView> AssessProtectionAsync(string caseId, ProtectionAssessmentInput input, string userId, CancellationToken cancellationToken) =>
        protectionAssessments.AssessAsync(caseId, input, userId, cancellationToken);

    public Task<IReadOnlyList<ProtectionAssessmentView>> ProtectionAssessmentsAsync(string caseId, CancellationToken cancellationToken) =>
        protectionAssessments.OfCaseAsync(caseId, cancellationToken);

    public Task<ActionView> RecordActionAsync(string caseId, ActionInput input, string userId, CancellationToken cancellationToken) =>
        actions.RecordAsync(caseId, input, userId, cancellationToken);

    public Task<DecisionView> DecideAsync(string caseId, DecisionInput input, string userId, CancellationToken cancellationToken) =>
        decisions.DecideAsync(caseId, input, userId, cancellationToken);

    public Task<DecisionView> MarkSubmittedToCourtAsync(long decisionId, string userId, CancellationToken cancellationToken) =>
        decisions.MarkSubmittedToCourtAsync(decisionId, userId, cancellationToken);

    public Task<IReadOnlyList<DecisionView>> CourtSubmissionsDueAsync(DateTimeOffset by, CancellationToken cancellationToken) =>
        decisions.CourtSubmissionsDueAsync(by, cancellationToken);

    public async Task<(IReadOnlyList<ActionView> Actions, IReadOnlyList<DecisionView> Decisions)> MeasuresAsync(string caseId, CancellationToken cancellationToken) =>
        (await actions.OfCaseAsync(caseId, cancellationToken), await decisions.OfCaseAsync(caseId, cancellationToken));

    public Task<ReportView> SubmitReportAsync(string caseId, string? text, string userId, CancellationToken cancellationToken, string? submissionKey = null) =>
        reports.SubmitAsync(caseId, text, userId, submissionKey, cancellationToken);

    public Task<ReportDraft> ReportDraftAsync(string caseId, CancellationToken cancellationToken) => reports.DraftAsync(caseId, cancellationToken);

    public Task<ReportDraft> SaveReportDraftAsync(string caseId, string? text, string userId, CancellationToken cancellationToken) =>
        reports.SaveDraftAsync(caseId, text, userId, cancellationToken);

    public Task<ReportPreview> PreviewReportAsync(string caseId, string? text, string userId, CancellationToken cancellationToken) =>
        reports.PreviewAsync(caseId, text, userId, cancellationToken);

    public Task<IReadOnlyList<ReportView>> ReportsAsync(string caseId, CancellationToken cancellationToken) => reports.OfCaseAsync(caseId, cancellationToken);

    public Task<int> DeliverDueReportsAsync(CancellationToken cancellationToken) => delivery.DeliverDueAsync(cancellationToken);

    public Task<IReadOnlyList<ReportView>> UndeliveredReportsAsync(DateTimeOffset by, CancellationToken cancellationToken) => reports.UndeliveredAsync(by, cancellationToken);

    public Task<DeviationView> ReportDeviationAsync(DeviationInput input, string userId, CancellationToken cancellationToken) =>
        deviations.ReportAsync(input, userId, cancellationToken);

    public Task<DeviationView> FollowUpDeviationAsync(long id, string? followUp, string userId, CancellationToken cancellationToken) =>
        deviations.FollowUpAsync(id, followUp, userId, cancellationToken);

    public Task<DeviationView> CloseDeviationAsync(long id, string userId, CancellationToken cancellationToken) => deviations.CloseAsync(id, userId, cancellationToken);

    public Task<IReadOnlyList<DeviationView>> DeviationsAsync(bool openOnly, CancellationToken cancellationToken) => deviations.ListAsync(openOnly, cancellationToken);

    public async Task<IReadOnlyList<DeviationView>> DeviationsVisibleToAsync(string? userId, bool seesAll, bool openOnly, CancellationToken cancellationToken) =>
        DeviationVisibility.Visible(await deviations.ListAsync(openOnly, cancellationToken), userId, seesAll);

    public Task<TimeSpent> RecordTimeAsync(string caseId, TimeEntryInput input, string userId, CancellationToken cancellationToken) =>
        timeSpent.RecordAsync(caseId, input, userId, cancellationToken);

    public Task<IReadOnlyList<TimeSpent>> TimeSpentAsync(string caseId, CancellationToken cancellationToken) => timeSpent.OfCaseAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<TimeEntryView>> TimeEntriesAsync(string caseId, CancellationToken cancellationToken) => timeSpent.EntriesAsync(caseId, cancellationToken);

    public Task<HandoverReport> HandoverAsync(string municipalityCode, DateOnly day, CancellationToken cancellationToken) =>
        handover.ForAsync(municipalityCode, day, cancellationToken);
}
