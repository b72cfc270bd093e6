using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;
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
    public string? PurposeText { get; set; }

    /// <summary>Coming from a case: which of its persons to prefill (an index, so that no number is put in a URL).</summary>
    [BindProperty(SupportsGet = true, Name = "person")]
    public int? PersonIndex { get; set; }

    /// <summary>The persons a look-up from the chosen case may concern; the first is the case's own person when identified.</summary>
    public IReadOnlyList<CasePersonView> CasePersons { get; private set; } = [];

    public IReadOnlyList<string> Purposes => registry.Current.LookupPurposes;

    [BindProperty]
    public string? EmergencyReason { get; set; }

    [BindProperty]
    public string? EmergencyOpeningId { get; set; }

    [BindProperty]
    public string? LookupId { get; set; }

    [BindProperty]
    public string? RevealReason { get; set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public string MunicipalityName(string code) => Presentation.MunicipalityName(registry.Current, code);

    public async Task OnGetAsync(CancellationToken ct)
    {
        OpenCases = await intake.OpenCasesAsync(ct);
        await LoadCasePersonsAsync(ct);

        // Coming from a case, nobody retypes a number at 02:00: the case's person (or the one chosen) is filled in.
        if (CasePersons.Count > 0)
        {
            var chosen = CasePersons[PersonIndex is { } i && i >= 0 && i < CasePersons.Count ? i : 0];
            IdentityNumber = SocialJour.Core.Identity.IdentityNumber.Format(chosen.PersonId);

            // The user's look-up of that person from the case in the last 15 minutes is shown again as it was (no new
            // look-up, nothing new in the municipalities' logs); "Slå upp" asks the journals anew.
            Result = await lookup.RecentForCaseAsync(JourCaseId!, UserId, chosen.PersonId, ct);
            Attached = Result is not null;
        }
    }

    /// <summary>The answer shown is the user's kept look-up from the case (reached again), not a new one.</summary>
    public bool Attached { get; private set; }

    /// <summary>Asks again only the municipalities that did not answer the look-up <see cref="LookupId"/> (logged as a new access naming them).</summary>
    public Task OnPostRetryAsync(CancellationToken ct) =>
        RunAsync(() => lookup.RetryMissingAsync(LookupId ?? "", UserId, ct), ct, keepOnError: true);

    public Task OnPostLookupAsync(CancellationToken ct) =>
        RunAsync(() => lookup.LookupAsync(new LookupRequest(UserId, IdentityNumber, JourCaseId, Purpose, null, null, PurposeText), ct), ct);

    public Task OnPostEmergencyAsync(CancellationToken ct) =>
        RunAsync(() => lookup.LookupAsync(new LookupRequest(UserId, IdentityNumber, null, null, EmergencyReason), ct), ct);

    public Task OnPostContinueAsync(CancellationToken ct) =>
        RunAsync(() => lookup.LookupAsync(new LookupRequest(UserId, IdentityNumber, null, null, null, EmergencyOpeningId), ct), ct);

    public Task OnPostRevealAsync(CancellationToken ct) =>
        RunAsync(() => lookup.RevealAsync(LookupId ?? "", UserId, RevealReason, ct), ct, keepOnError: true);

    private string UserId => ApiUser.UserId(User);

    private async Task LoadCasePersonsAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(JourCaseId) || OpenCases.All(c => c.Id != JourCaseId))
        {
            return;
        }

        CasePersons = await intake.CasePersonsAsync(JourCaseId, ct);
    }

    private async Task RunAsync(Func<Task<LookupResult>> action, CancellationToken ct, bool keepOnError = false)
    {
        OpenCases = await intake.OpenCasesAsync(ct);
        await LoadCasePersonsAsync(ct);
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
