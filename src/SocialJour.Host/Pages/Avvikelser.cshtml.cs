using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Host.Api;
using SocialJour.Host.Security;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Host.Pages;

internal sealed class DeviationsModel(IAssessmentModule assessment, IMunicipalityRegistry registry) : PageModel
{
    public IReadOnlyList<DeviationView> Deviations { get; private set; } = [];

    public bool IsManager => DeviationAccess.SeesAll(User);

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public IReadOnlyList<Municipality> Municipalities => registry.Current.Municipalities;

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <param name="occurredAt">When it happened, in the jour's time (a datetime-local field); empty: now.</param>
    public Task<IActionResult> OnPostReportAsync(DeviationCategory? category, string? description, string? caseId, string? municipalityCode, DateTime? occurredAt, CancellationToken ct) =>
        ActAsync(() => assessment.ReportDeviationAsync(new DeviationInput(category, description, Instant(occurredAt), caseId, municipalityCode), ApiUser.UserId(User), ct), "Avvikelsen är registrerad.", ct);

    /// <summary>A local time typed in the jour's time zone as an instant.</summary>
    private DateTimeOffset? Instant(DateTime? local) =>
        local is { } at ? Core.Calendar.JourClock.ToInstant(DateOnly.FromDateTime(at), TimeOnly.FromDateTime(at), Zone) : null;

    public Task<IActionResult> OnPostFollowUpAsync(long id, string? followUp, CancellationToken ct) =>
        IsManager ? ActAsync(() => assessment.FollowUpDeviationAsync(id, followUp, ApiUser.UserId(User), ct), "Uppföljningen är dokumenterad.", ct) : Task.FromResult<IActionResult>(Forbid());

    public Task<IActionResult> OnPostCloseAsync(long id, CancellationToken ct) =>
        IsManager ? ActAsync(() => assessment.CloseDeviationAsync(id, ApiUser.UserId(User), ct), "Avvikelsen är stängd.", ct) : Task.FromResult<IActionResult>(Forbid());

    private async Task LoadAsync(CancellationToken ct) => Deviations = await assessment.DeviationsVisibleToAsync(User.FindFirstValue(ClaimTypes.Name), IsManager, openOnly: false, ct);

    /// <summary>The refusal of <paramref name="field"/> in the form posted to <paramref name="handler"/>, shown beside the field.</summary>
    public string? FieldError(string handler, string field) => FieldErrors.For(this, handler, field);

    /// <summary>Whether the form that was posted is the one for <paramref name="key"/> (a row's id or a period), on a page with one such form per row.</summary>
    public bool Posted(string name, string key) => HttpMethods.IsPost(Request.Method)
        && (string.Equals(Request.Query[name], key, StringComparison.Ordinal) || (Request.HasFormContentType && string.Equals(Request.Form[name], key, StringComparison.Ordinal)));

    private async Task<IActionResult> ActAsync(Func<Task<DeviationView>> action, string message, CancellationToken ct)
    {
        try
        {
            await action();
            Message = message;
            return RedirectToPage();
        }
        catch (ValidationException e)
        {
            Error = e.Message;
            FieldErrors.Record(this, e);
            await LoadAsync(ct);
            return Page();
        }
    }
}
