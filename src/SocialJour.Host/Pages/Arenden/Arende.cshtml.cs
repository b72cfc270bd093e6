using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Host.Api;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Host.Pages.Arenden;

internal sealed class CaseModel(IIntakeModule intake, IAssessmentModule assessment, IClientLookup lookup, IMunicipalityRegistry registry, TimeProvider time) : PageModel
{
    /// <summary>
    /// The user's look-up of the case's person from this case, still kept (15 minutes): attached however the case was reached
    /// (from the look-up, the case list, the overview), so that no second look-up is needed for a police-assistance decision.
    /// </summary>
    public LookupResult? AttachedLookup { get; private set; }

    public IReadOnlyList<ProtectionAssessmentView> Assessments { get; private set; } = [];

    public IReadOnlyList<ActionView> Actions { get; private set; } = [];

    public IReadOnlyList<DecisionView> Decisions { get; private set; } = [];

    public IReadOnlyList<TimeSpent> Time { get; private set; } = [];

    public IReadOnlyList<TimeEntryView> TimeEntries { get; private set; } = [];

    public IReadOnlyList<ReportView> Reports { get; private set; } = [];

    /// <summary>Sends the previewed report; the preview's submission key makes a second click return the same report.</summary>
    public Task<IActionResult> OnPostReportAsync(string id, string? text, string? submissionKey, CancellationToken ct) =>
        ActAsync(id, () => assessment.SubmitReportAsync(id, text, ApiUser.UserId(User), ct, submissionKey),
            "Rapporten är skickad till hemkommunens kanal (i kö för leverans); kopian med kvitto finns under Rapport till hemkommunen.", ct);

    /// <summary>Saves the draft and shows the report as the municipality will receive it, with the button that sends it.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string id, string? text, CancellationToken ct)
    {
        try
        {
            await assessment.SaveReportDraftAsync(id, text, ApiUser.UserId(User), ct);
            Preview = await assessment.PreviewReportAsync(id, text, ApiUser.UserId(User), ct);
            SubmissionKey = Guid.NewGuid().ToString("N");
        }
        catch (ValidationException e)
        {
            Error = e.Message;
            FieldErrors.Record(this, e);
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostSaveDraftAsync(string id, string? text, CancellationToken ct) =>
        ActAsync(id, () => assessment.SaveReportDraftAsync(id, text, ApiUser.UserId(User), ct), "Utkastet är sparat.", ct);

    /// <summary>The report being written: the saved draft, or the text prefilled from the case.</summary>
    public ReportDraft? Draft { get; private set; }

    public ReportPreview? Preview { get; private set; }

    public string? SubmissionKey { get; private set; }

    /// <summary>A recent look-up carried from the look-up page, for a police-assistance decision.</summary>
    [BindProperty(SupportsGet = true, Name = "uppslag")]
    public string? LookupId { get; set; }

    public Task<IActionResult> OnPostAssessAsync(string id, ProtectionOutcome? outcome, string? reasoning, CancellationToken ct) =>
        ActAsync(id, () => assessment.AssessProtectionAsync(id, new ProtectionAssessmentInput(outcome, reasoning), ApiUser.UserId(User), ct), "Skyddsbedömningen är dokumenterad.", ct);

    public Task<IActionResult> OnPostActionAsync(string id, ActionKind? kind, string? note, long[]? acknowledgedNotices, string? noticeReason, CancellationToken ct) =>
        ActAsync(id, () => assessment.RecordActionAsync(id, new ActionInput(kind, note, acknowledgedNotices, noticeReason), ApiUser.UserId(User), ct), "Insatsen är registrerad.", ct);

    public Task<IActionResult> OnPostDecideAsync(string id, DecisionKind? kind, string? description, string? decidedBy, ActionKind? grants, long[]? acknowledgedNotices,
        string? noticeReason, TimeOnly? reachedAt, CancellationToken ct) =>
        ActAsync(id, () => assessment.DecideAsync(id, new DecisionInput(kind, description, decidedBy, LookupId, grants, acknowledgedNotices, noticeReason, ReachedAt(reachedAt)),
            ApiUser.UserId(User), ct), "Beslutet är registrerat.", ct);

    /// <summary>Who may decide an emergency care order for the case's municipality out of hours (configured), with how to reach them.</summary>
    public IReadOnlyList<EmergencyDecisionMaker> DecisionMakers => Case is null ? [] : registry.Current.Find(Case.MunicipalityCode)?.EmergencyDecisionMakers ?? [];

    /// <summary>A clock time typed on the form, as the latest such instant not after now in the jour's time zone (02:10 typed at 02:30: today; 23:50: yesterday).</summary>
    private DateTimeOffset? ReachedAt(TimeOnly? at)
    {
        if (at is not { } clock)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var today = Core.Calendar.JourClock.LocalDate(now, Zone);
        var candidate = Core.Calendar.JourClock.ToInstant(today, clock, Zone);
        return candidate > now + TimeSpan.FromMinutes(1) ? Core.Calendar.JourClock.ToInstant(today.AddDays(-1), clock, Zone) : candidate;
    }

    /// <summary>The notices bearing on the case not yet acknowledged for it: each decision's and action's form asks for them to be read.</summary>
    public IReadOnlyList<NoticeView> Unacknowledged => Notices.Where(n => !n.Acknowledged).ToList();

    /// <summary>Whether a notice restricts a kind of measure (the forms then ask for a reason).</summary>
    public bool AnyRestricting => Notices.Any(n => n.Restricts is not null);

    /// <summary>
    /// What was typed in the form posted to <paramref name="handler"/> when it was refused, so that a refusal never empties it;
    /// empty otherwise.
    /// </summary>
    public string Posted(string handler, string field) =>
        Error is not null && Request.HasFormContentType && string.Equals(Request.Query["handler"], handler, StringComparison.OrdinalIgnoreCase) ? Request.Form[field].ToString() : "";

    /// <summary>Whether the refused form posted to <paramref name="handler"/> had <paramref name="value"/> in <paramref name="field"/> (checkboxes, options).</summary>
    public bool WasPosted(string handler, string field, string value) =>
        Error is not null && Request.HasFormContentType && string.Equals(Request.Query["handler"], handler, StringComparison.OrdinalIgnoreCase) && Request.Form[field].Contains(value);

    public Task<IActionResult> OnPostCourtAsync(string id, long decisionId, CancellationToken ct) =>
        ActAsync(id, () => assessment.MarkSubmittedToCourtAsync(decisionId, ApiUser.UserId(User), ct), "Beslutet är markerat som underställt förvaltningsrätten.", ct);

    public Task<IActionResult> OnPostTimeAsync(string id, int? minutes, string? note, CancellationToken ct) =>
        ActAsync(id, () => assessment.RecordTimeAsync(id, new TimeEntryInput(minutes, note), ApiUser.UserId(User), ct), "Tiden är registrerad.", ct);

    public JourCaseView? Case { get; private set; }

    public IReadOnlyList<NoticeView> Notices { get; private set; } = [];

    /// <summary>The persons a look-up from the case may concern: its person, the other persons of the contact, related parties.</summary>
    public IReadOnlyList<CasePersonView> Persons { get; private set; } = [];

    public Task<IActionResult> OnPostRelatedPartyAsync(string id, string? identityNumber, RelatedPartyRole? role, string? reason, CancellationToken ct) =>
        ActAsync(id, () => intake.AddRelatedPartyAsync(id, new RelatedPartyInput(identityNumber, role, reason), ApiUser.UserId(User), ct),
            "Personen är tillagd i ärendet som berörd person; tillägget och skälet är loggade.", ct);

    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public DateTimeOffset Now { get; private set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    /// <summary>The refusal of <paramref name="field"/> in the form posted to <paramref name="handler"/>, shown beside the field.</summary>
    public string? FieldError(string handler, string field) => FieldErrors.For(this, handler, field);

    public string MunicipalityName(string code) => Presentation.MunicipalityName(registry.Current, code);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>The case's running notes, oldest first.</summary>
    public IReadOnlyList<CaseNoteView> Notes { get; private set; } = [];

    public Task<IActionResult> OnPostNoteAsync(string id, string? text, CancellationToken ct) =>
        ActAsync(id, () => intake.AddCaseNoteAsync(id, text, ApiUser.UserId(User), ct), "Anteckningen är sparad.", ct);

    public Task<IActionResult> OnPostAcknowledgeAsync(string id, long noticeId, CancellationToken ct) =>
        ActAsync(id, () => intake.AcknowledgeNoticeAsync(id, noticeId, ApiUser.UserId(User), ct), "Aviseringen är kvitterad.", ct);

    public Task<IActionResult> OnPostCallbackAsync(string id, CancellationToken ct) =>
        ActAsync(id, () => intake.RecordCallbackAsync(id, ApiUser.UserId(User), ct), "Återuppringning registrerad.", ct);

    public Task<IActionResult> OnPostVisitAsync(string id, CancellationToken ct) =>
        ActAsync(id, () => intake.DecideVisitAsync(id, ApiUser.UserId(User), ct), "Beslut om besök registrerat: på plats inom 2 timmar.", ct);

    public Task<IActionResult> OnPostOnSiteAsync(string id, CancellationToken ct) =>
        ActAsync(id, () => intake.RecordOnSiteAsync(id, ApiUser.UserId(User), ct), "Ankomst på plats registrerad.", ct);

    public IEnumerable<KeyValuePair<string, string>> AllMunicipalities => Core.Configuration.MunicipalityCodes.ShortNames.OrderBy(m => m.Value, StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), false));

    public Task<IActionResult> OnPostMunicipalityAsync(string id, string? municipalityCode, string? reason, CancellationToken ct) =>
        ActAsync(id, () => intake.ChangeMunicipalityAsync(id, municipalityCode, reason, ApiUser.UserId(User), ct), "Ärendet har flyttats; skälet är loggat.", ct);

    public Task<IActionResult> OnPostCloseAsync(string id, CaseClosingReason? reason, string? note, CancellationToken ct) =>
        ActAsync(id, () => intake.CloseCaseAsync(id, new CaseCloseRequest(reason, note), ApiUser.UserId(User), ct), $"Ärende {id} är avslutat.", ct);

    public Task<IActionResult> OnPostAnnulAsync(string id, string? duplicateOfCaseId, string? reason, CancellationToken ct) =>
        ActAsync(id, () => intake.AnnulCaseAsync(id, new CaseAnnulment(duplicateOfCaseId, reason), ApiUser.UserId(User), ct),
            $"Ärende {id} är makulerat som dubblett; det räknas inte i statistik eller fakturering.", ct);

    private async Task<IActionResult> ActAsync<T>(string id, Func<Task<T>> action, string message, CancellationToken ct)
    {
        try
        {
            // Another form of the page carries the report being written (report-draft.js): keep it before acting.
            if (Request.HasFormContentType && Request.Form.TryGetValue("reportDraft", out var carried) && carried.ToString() is { Length: > 0 } draft)
            {
                await assessment.SaveReportDraftAsync(id, draft, ApiUser.UserId(User), ct);
            }

            await action();
            Message = message;
            return RedirectToPage(new { id });
        }
        catch (ValidationException e)
        {
            Error = e.Message;
            FieldErrors.Record(this, e);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Case = await intake.FindCaseAsync(id, ct);
        if (Case is null)
        {
            return false;
        }

        Notices = await intake.CaseNoticesAsync(id, ct);
        Notes = await intake.CaseNotesAsync(id, ct);
        Persons = await intake.CasePersonsAsync(id, ct);
        Assessments = await assessment.ProtectionAssessmentsAsync(Case.Id, ct);
        (Actions, Decisions) = await assessment.MeasuresAsync(Case.Id, ct);
        Time = await assessment.TimeSpentAsync(Case.Id, ct);
        TimeEntries = await assessment.TimeEntriesAsync(Case.Id, ct);
        Reports = await assessment.ReportsAsync(Case.Id, ct);
        Draft = await assessment.ReportDraftAsync(Case.Id, ct);
        AttachedLookup = Case.PersonId is null ? null
            : (string.IsNullOrWhiteSpace(LookupId) ? null : await lookup.RecentAsync(LookupId, ApiUser.UserId(User), ct)) is { } named && named.PersonId == Case.PersonId ? named
            : await lookup.RecentForCaseAsync(Case.Id, ApiUser.UserId(User), Case.PersonId, ct);
        LookupId = AttachedLookup?.LookupId;
        if (Preview is not null && Request.HasFormContentType)
        {
            Draft = Draft with { Text = Request.Form["text"].ToString() };
        }

        return true;
    }
}
