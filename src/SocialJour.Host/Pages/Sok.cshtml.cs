using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Host.Api;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host.Pages;

internal sealed class LookupModel(IClientLookup lookup, IIntakeModule intake, IMunicipalityRegistry registry) : PageModel
{
    public IReadOnlyList<JourCaseView> OpenCases { get; private set; } = [];

    public LookupResult? Result { get; private set; }

    public string? Error { get; private set; }

    public string? ErrorField { get; private set; }

    [BindProperty]
    public string? IdentityNumber { get; set; }

    [BindProperty(SupportsGet = true, Name = "arende")]
    public string? JourCaseId { get; set; }

    [BindProperty]
    public string? Purpose { get; set; }

    [BindProperty]
    public string? EmergencyReason { get; set; }

    [BindProperty]
    public string? EmergencyOpeningId { get; set; }

    [BindProperty]
    public string? LookupId { get; set; }

    [BindProperty]
    public string? RevealReason { get; set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public async Task OnGetAsync(CancellationToken ct) => OpenCases = await intake.OpenCasesAsync(ct);

    public Task OnPostLookupAsync(CancellationToken ct) =>
        RunAsync(() => lookup.LookupAsync(new LookupRequest(UserId, IdentityNumber, JourCaseId, Purpose, null), ct), ct);

    public Task OnPostEmergencyAsync(CancellationToken ct) =>
        RunAsync(() => lookup.LookupAsync(new LookupRequest(UserId, IdentityNumber, null, null, EmergencyReason), ct), ct);

    public Task OnPostContinueAsync(CancellationToken ct) =>
        RunAsync(() => lookup.LookupAsync(new LookupRequest(UserId, IdentityNumber, null, null, null, EmergencyOpeningId), ct), ct);

    public Task OnPostRevealAsync(CancellationToken ct) =>
        RunAsync(() => lookup.RevealAsync(LookupId ?? "", UserId, RevealReason, ct), ct, keepOnError: true);

    private string UserId => LookupEndpoints.UserId(User);

    private async Task RunAsync(Func<Task<LookupResult>> action, CancellationToken ct, bool keepOnError = false)
    {
        OpenCases = await intake.OpenCasesAsync(ct);
        try
        {
            Result = await action();
            IdentityNumber = null; // the field is cleared for the next look-up
        }
        catch (LookupRejectedException e)
        {
            Error = e.Message;
            ErrorField = e.Field;
            if (keepOnError && LookupId is not null)
            {
                Result = await lookup.RecentAsync(LookupId, UserId, ct);
            }
        }
    }
}
