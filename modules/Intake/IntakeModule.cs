using SocialJour.Core.Persistence;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Commissions;
using SocialJour.Modules.Intake.Contacts;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Identity;
using SocialJour.Modules.Intake.Notices;
using SocialJour.Modules.Intake.RelatedParties;
using SocialJour.Modules.Intake.Routing;
using SocialJour.Modules.Intake.Timers;

namespace SocialJour.Modules.Intake;

/// <summary>The module's entry (<see cref="IIntakeModule"/>): a facade over its features, one folder each. No logic here.</summary>
internal sealed class IntakeModule(
    ModuleDatabase<IntakeDbContext> database,
    ContactRegistrationService contacts,
    IdentityCheckService identityChecks,
    CaseQueries cases,
    CaseClosing closing,
    CaseFile.CaseNotes notes,
    CaseFile.CaseSearch search,
    CaseMoveService moves,
    TimerService timers,
    NoticeService notices,
    CommissionService commissions,
    RelatedPartyService relatedParties,
    RegisterCheckLimit registerCheckLimit) : IIntakeModule
{
    public const int MaxPersons = ContactRule.MaxPersons;

    /// <inheritdoc cref="RegisterCheckLimit.Max"/>
    public const int MaxUnboundChecks = RegisterCheckLimit.Max;

    public static readonly TimeSpan UnboundCheckWindow = RegisterCheckLimit.Window;

    public string Name => IntakeDbContext.ModuleName;

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => database.CanConnectAsync(cancellationToken);

    public Task<RegisteredContact> RegisterContactAsync(ContactRegistration registration, string userId, CancellationToken cancellationToken) =>
        contacts.RegisterAsync(registration, userId, cancellationToken);

    public Task<IdentityCheck> CheckIdentityAsync(IdentityCheckRequest request, string userId, CancellationToken cancellationToken) =>
        identityChecks.CheckAsync(request, userId, cancellationToken);

    public Task<IReadOnlyList<CasePersonView>> CasePersonsAsync(string caseId, CancellationToken cancellationToken) =>
        cases.PersonsAsync(caseId, requireOpen: false, cancellationToken);

    public Task<CasePersonView> AddRelatedPartyAsync(string caseId, RelatedPartyInput input, string userId, CancellationToken cancellationToken) =>
        relatedParties.AddAsync(caseId, input, userId, cancellationToken);

    public Task<IReadOnlyList<RelatedPartyAddition>> RelatedPartyAdditionsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        relatedParties.AdditionsAsync(since, cancellationToken);

    public Task<IReadOnlyList<RegisterCheckAlert>> RegisterCheckAlertsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        registerCheckLimit.AlertsAsync(since, cancellationToken);

    public Task<IReadOnlyList<JourCaseView>> OpenCasesAsync(CancellationToken cancellationToken) => cases.OpenAsync(cancellationToken);

    public Task<JourCaseView?> FindCaseAsync(string caseId, CancellationToken cancellationToken) => cases.FindAsync(caseId, cancellationToken);

    public Task<CaseSearchResult> SearchCasesAsync(CaseSearchQuery query, string userId, CancellationToken cancellationToken) =>
        search.SearchAsync(query, userId, cancellationToken);

    public Task<CaseNoteView> AddCaseNoteAsync(string caseId, string? text, string userId, CancellationToken cancellationToken) =>
        notes.AddAsync(caseId, text, userId, cancellationToken);

    public Task<IReadOnlyList<CaseNoteView>> CaseNotesAsync(string caseId, CancellationToken cancellationToken) => notes.OfCaseAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<JourCaseView>> CasesReceivedAsync(string municipalityCode, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        cases.ReceivedAsync(municipalityCode, from, to, cancellationToken);

    public Task<JourCaseView> CloseCaseAsync(string caseId, CaseCloseRequest request, string userId, CancellationToken cancellationToken) =>
        closing.CloseAsync(caseId, request, userId, cancellationToken);

    public Task<JourCaseView> AnnulCaseAsync(string caseId, CaseAnnulment annulment, string userId, CancellationToken cancellationToken) =>
        closing.AnnulAsync(caseId, annulment, userId, cancellationToken);

    public Task<JourCaseView> ChangeMunicipalityAsync(string caseId, string? municipalityCode, string? reason, string userId, CancellationToken cancellationToken) =>
        moves.MoveAsync(caseId, municipalityCode, reason, userId, cancellationToken);

    public Task<JourCaseView> RecordCallbackAsync(string caseId, string userId, CancellationToken cancellationToken) => timers.RecordCallbackAsync(caseId, userId, cancellationToken);

    public Task<JourCaseView> DecideVisitAsync(string caseId, string userId, CancellationToken cancellationToken) => timers.DecideVisitAsync(caseId, userId, cancellationToken);

    public Task<JourCaseView> RecordOnSiteAsync(string caseId, string userId, CancellationToken cancellationToken) => timers.RecordOnSiteAsync(caseId, userId, cancellationToken);

    public Task<int> RecordBreachesAsync(CancellationToken cancellationToken) => timers.RecordBreachesAsync(cancellationToken);

    public Task<IReadOnlyList<TimerBreach>> TimerBreachesAsync(CancellationToken cancellationToken) => timers.BreachesAsync(cancellationToken);

    public Task<CommissionView> RegisterCommissionAsync(CommissionOrder order, string userId, CancellationToken cancellationToken) =>
        commissions.RegisterAsync(order, userId, cancellationToken);

    public Task<IReadOnlyList<CommissionView>> CommissionsAsync(bool openOnly, CancellationToken cancellationToken) => commissions.ListAsync(openOnly, cancellationToken);

    public Task<CommissionView> CompleteCommissionAsync(long id, int? minutesSpent, string userId, CancellationToken cancellationToken) =>
        commissions.CompleteAsync(id, minutesSpent, userId, cancellationToken);

    public Task<NoticeView> RegisterNoticeAsync(NoticeRegistration registration, string userId, CancellationToken cancellationToken) =>
        notices.RegisterAsync(registration, userId, cancellationToken);

    public Task<IReadOnlyList<NoticeView>> ActiveNoticesAsync(CancellationToken cancellationToken) => notices.ActiveAsync(cancellationToken);

    public Task<IReadOnlyList<NoticeView>> CaseNoticesAsync(string caseId, CancellationToken cancellationToken) => notices.ForCaseAsync(caseId, cancellationToken);

    public Task<IReadOnlyList<NoticeView>> MunicipalityNoticesAsync(string municipalityCode, CancellationToken cancellationToken) => notices.OfMunicipalityAsync(municipalityCode, cancellationToken);

    public Task<NoticeView> AcknowledgeNoticeAsync(string caseId, long noticeId, string userId, CancellationToken cancellationToken) =>
        notices.AcknowledgeAsync(caseId, noticeId, userId, cancellationToken);
}
