using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Configuration;
using SocialJour.Host.Api;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host.Pages.Arenden;

/// <summary>
/// The case on paper: everything the jour recorded in it, in order, for the morning handover or the home municipality's
/// caseworker who asks for it. Printable (the navigation is left out of print); who printed it and when is on it.
/// </summary>
internal sealed class CaseSummaryModel(IIntakeModule intake, IAssessmentModule assessment, IMunicipalityRegistry registry, TimeProvider time) : PageModel
{
    public JourCaseView? Case { get; private set; }

    public IReadOnlyList<CasePersonView> Persons { get; private set; } = [];

    public IReadOnlyList<NoticeView> Notices { get; private set; } = [];

    public IReadOnlyList<CaseNoteView> Notes { get; private set; } = [];

    public IReadOnlyList<ProtectionAssessmentView> Assessments { get; private set; } = [];

    public IReadOnlyList<ActionView> Actions { get; private set; } = [];

    public IReadOnlyList<DecisionView> Decisions { get; private set; } = [];

    public IReadOnlyList<TimeEntryView> Time { get; private set; } = [];

    public IReadOnlyList<ReportView> Reports { get; private set; } = [];

    public DateTimeOffset PrintedAt { get; private set; }

    public string PrintedBy { get; private set; } = "";

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public string MunicipalityName(string code) => Presentation.MunicipalityName(registry.Current, code);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Case = await intake.FindCaseAsync(id, ct);
        if (Case is null)
        {
            return NotFound();
        }

        Persons = await intake.CasePersonsAsync(id, ct);
        Notices = await intake.CaseNoticesAsync(id, ct);
        Notes = await intake.CaseNotesAsync(id, ct);
        Assessments = await assessment.ProtectionAssessmentsAsync(Case.Id, ct);
        (Actions, Decisions) = await assessment.MeasuresAsync(Case.Id, ct);
        Time = await assessment.TimeEntriesAsync(Case.Id, ct);
        Reports = await assessment.ReportsAsync(Case.Id, ct);
        PrintedAt = time.GetUtcNow();
        PrintedBy = ApiUser.UserId(User);
        return Page();
    }
}
