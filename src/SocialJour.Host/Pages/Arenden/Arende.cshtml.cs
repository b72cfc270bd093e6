using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Configuration;
using SocialJour.Host.Api;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host.Pages.Arenden;

internal sealed class CaseModel(IIntakeModule intake, IMunicipalityRegistry registry, TimeProvider time) : PageModel
{
    public JourCaseView? Case { get; private set; }

    public IReadOnlyList<NoticeView> Notices { get; private set; } = [];

    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public DateTimeOffset Now { get; private set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public string MunicipalityName(string code) => registry.Current.Find(code)?.Name ?? (Core.Configuration.MunicipalityCodes.ShortNames.TryGetValue(code, out var n) ? n : code);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAcknowledgeAsync(string id, long noticeId, CancellationToken ct) =>
        ActAsync(id, () => intake.AcknowledgeNoticeAsync(id, noticeId, LookupEndpoints.UserId(User), ct), "Aviseringen är kvitterad.", ct);

    public Task<IActionResult> OnPostCallbackAsync(string id, CancellationToken ct) =>
        ActAsync(id, () => intake.RecordCallbackAsync(id, LookupEndpoints.UserId(User), ct), "Återuppringning registrerad.", ct);

    public Task<IActionResult> OnPostVisitAsync(string id, CancellationToken ct) =>
        ActAsync(id, () => intake.DecideVisitAsync(id, LookupEndpoints.UserId(User), ct), "Beslut om besök registrerat: på plats inom 2 timmar.", ct);

    public Task<IActionResult> OnPostOnSiteAsync(string id, CancellationToken ct) =>
        ActAsync(id, () => intake.RecordOnSiteAsync(id, LookupEndpoints.UserId(User), ct), "Ankomst på plats registrerad.", ct);

    public IEnumerable<KeyValuePair<string, string>> AllMunicipalities => Core.Configuration.MunicipalityCodes.ShortNames.OrderBy(m => m.Value, StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), false));

    public Task<IActionResult> OnPostMunicipalityAsync(string id, string? municipalityCode, string? reason, CancellationToken ct) =>
        ActAsync(id, () => intake.ChangeMunicipalityAsync(id, municipalityCode, reason, LookupEndpoints.UserId(User), ct), "Ärendet har flyttats; skälet är loggat.", ct);

    public Task<IActionResult> OnPostCloseAsync(string id, CancellationToken ct) =>
        ActAsync(id, () => intake.CloseCaseAsync(id, LookupEndpoints.UserId(User), ct), $"Ärende {id} är avslutat.", ct);

    private async Task<IActionResult> ActAsync<T>(string id, Func<Task<T>> action, string message, CancellationToken ct)
    {
        try
        {
            await action();
            Message = message;
            return RedirectToPage(new { id });
        }
        catch (IntakeValidationException e)
        {
            Error = e.Message;
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
        return true;
    }
}
