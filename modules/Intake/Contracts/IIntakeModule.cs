namespace SocialJour.Modules.Intake.Contracts;

/// <summary>
/// The Intake module's one public entry, in its Contracts assembly: other modules and the host reference only
/// SocialJour.Modules.Intake.Contracts (this, the contract records and the integration events).
/// </summary>
public interface IIntakeModule
{
    /// <summary>The module's name, as used for its database file or schema.</summary>
    string Name { get; }

    /// <summary>Whether the module's database answers.</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Registers a contact and one case per person concerned, in one transaction. Throws <see cref="PossibleDuplicateException"/>
    /// when a person has an open or recently closed case and the registration gives no duplicate reason.
    /// </summary>
    Task<RegisteredContact> RegisterContactAsync(ContactRegistration registration, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Checks an identity number against the population register: name, age, home municipality, protection. Bound to a
    /// case's persons or to a contact being registered, and in the access log before anything is returned.
    /// </summary>
    Task<IdentityCheck> CheckIdentityAsync(IdentityCheckRequest request, string userId, CancellationToken cancellationToken);

    /// <summary>The persons a look-up from the case may concern: its person, the other persons of its contact, its related parties.</summary>
    Task<IReadOnlyList<CasePersonView>> CasePersonsAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Adds a related party to an open case with a role and a reason (audit-logged, the number masked).</summary>
    Task<CasePersonView> AddRelatedPartyAsync(string caseId, RelatedPartyInput input, string userId, CancellationToken cancellationToken);

    /// <summary>Related parties added since <paramref name="since"/>, newest first, with their reasons: the unit manager's follow-up.</summary>
    Task<IReadOnlyList<RelatedPartyAddition>> RelatedPartyAdditionsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Register-check bursts and limit refusals since <paramref name="since"/>, newest first: the unit manager's alert of
    /// someone checking many numbers (read from the audit log, where they are written when they happen).
    /// </summary>
    Task<IReadOnlyList<RegisterCheckAlert>> RegisterCheckAlertsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Open cases, children first, then oldest first.</summary>
    Task<IReadOnlyList<JourCaseView>> OpenCasesAsync(CancellationToken cancellationToken);

    Task<JourCaseView?> FindCaseAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>
    /// Cases, open and closed, by name, identity number (the case's person or a related party) or the date the contact came
    /// in, or the user's own; newest first, at most 100. Audit-logged with the kinds of criteria, never their values.
    /// </summary>
    Task<CaseSearchResult> SearchCasesAsync(CaseSearchQuery query, string userId, CancellationToken cancellationToken);

    /// <summary>Adds a timestamped note to the case's running notes (also after closing; never edited, audit-logged without its text).</summary>
    Task<CaseNoteView> AddCaseNoteAsync(string caseId, string? text, string userId, CancellationToken cancellationToken);

    /// <summary>The case's notes, oldest first.</summary>
    Task<IReadOnlyList<CaseNoteView>> CaseNotesAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Cases of a home municipality whose contact was received in [from, to), open or closed, oldest first.</summary>
    Task<IReadOnlyList<JourCaseView>> CasesReceivedAsync(string municipalityCode, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Closes a case with a reason; refused while an active notice about the person is not acknowledged.</summary>
    Task<JourCaseView> CloseCaseAsync(string caseId, CaseCloseRequest request, string userId, CancellationToken cancellationToken);

    /// <summary>Annuls a case as a duplicate of another case, with a reason (logged): it leaves the open list, statistics and billing.</summary>
    Task<JourCaseView> AnnulCaseAsync(string caseId, CaseAnnulment annulment, string userId, CancellationToken cancellationToken);

    /// <summary>Moves a case to another home municipality with a stated reason (logged); a non-member makes it referred.</summary>
    Task<JourCaseView> ChangeMunicipalityAsync(string caseId, string? municipalityCode, string? reason, string userId, CancellationToken cancellationToken);

    /// <summary>The person has been called back (target: 30 minutes after receipt; later is recorded as a breach).</summary>
    Task<JourCaseView> RecordCallbackAsync(string caseId, string userId, CancellationToken cancellationToken);

    /// <summary>A visit is needed: the on-site timer (2 hours) starts now.</summary>
    Task<JourCaseView> DecideVisitAsync(string caseId, string userId, CancellationToken cancellationToken);

    /// <summary>The jour is on site (later than 2 hours after the decision is recorded as a breach).</summary>
    Task<JourCaseView> RecordOnSiteAsync(string caseId, string userId, CancellationToken cancellationToken);

    /// <summary>Records a breach for every open case whose callback or on-site deadline has passed unmet; returns how many were new.</summary>
    Task<int> RecordBreachesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<TimerBreach>> TimerBreachesAsync(CancellationToken cancellationToken);

    /// <summary>Registers a commission ordered by a member municipality (home visit, phone support, …).</summary>
    Task<CommissionView> RegisterCommissionAsync(CommissionOrder order, string userId, CancellationToken cancellationToken);

    /// <summary>Commissions, open ones first; <paramref name="openOnly"/> leaves out those done.</summary>
    Task<IReadOnlyList<CommissionView>> CommissionsAsync(bool openOnly, CancellationToken cancellationToken);

    /// <summary>Marks a commission done with the time spent (minutes; billing uses it).</summary>
    Task<CommissionView> CompleteCommissionAsync(long id, int? minutesSpent, string userId, CancellationToken cancellationToken);

    Task<NoticeView> RegisterNoticeAsync(NoticeRegistration registration, string userId, CancellationToken cancellationToken);

    /// <summary>Notices valid today.</summary>
    Task<IReadOnlyList<NoticeView>> ActiveNoticesAsync(CancellationToken cancellationToken);

    /// <summary>The notices a municipality has sent that are valid today or later (what its own notices client reads back).</summary>
    Task<IReadOnlyList<NoticeView>> MunicipalityNoticesAsync(string municipalityCode, CancellationToken cancellationToken);

    /// <summary>
    /// Active notices bearing on the case — about its person, the other persons of its contact and its related parties —
    /// unacknowledged first, with who acknowledged them for this case. A decision or action waits until all are acknowledged.
    /// </summary>
    Task<IReadOnlyList<NoticeView>> CaseNoticesAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Acknowledges a notice for a case (logged).</summary>
    Task<NoticeView> AcknowledgeNoticeAsync(string caseId, long noticeId, string userId, CancellationToken cancellationToken);
}
