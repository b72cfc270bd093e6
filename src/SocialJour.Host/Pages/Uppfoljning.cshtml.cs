using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Host.Api;

namespace SocialJour.Host.Pages;

internal sealed class FollowUpModel(IClientLookup lookup, IMunicipalityRegistry registry) : PageModel
{
    public IReadOnlyList<EmergencyOpeningRecord> Openings { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "alla")]
    public bool All { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public async Task OnGetAsync(CancellationToken ct) => Openings = await lookup.EmergencyOpeningsAsync(!All, ct);

    public async Task<IActionResult> OnPostReviewAsync(string id, string? note, CancellationToken ct)
    {
        try
        {
            await lookup.ReviewEmergencyOpeningAsync(id, LookupEndpoints.UserId(User), note, ct);
            Message = "Nödöppningen är markerad som granskad.";
            return RedirectToPage();
        }
        catch (LookupRejectedException e)
        {
            Error = e.Message;
            Openings = await lookup.EmergencyOpeningsAsync(true, ct);
            return Page();
        }
    }
}
