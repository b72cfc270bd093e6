using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;
using SocialJour.Host.Api;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host.Pages;

internal sealed class FollowUpModel(IClientLookup lookup, IIntakeModule intake, IMunicipalityRegistry registry, TimeProvider time) : PageModel
{
    /// <summary>How far back the related-party additions are listed.</summary>
    public const int AdditionDays = 14;

    public IReadOnlyList<EmergencyOpeningRecord> Openings { get; private set; } = [];

    /// <summary>Related parties added in the last <see cref="AdditionDays"/> days, with their reasons.</summary>
    public IReadOnlyList<RelatedPartyAddition> Additions { get; private set; } = [];

    /// <summary>Register-check bursts and limit refusals in the last <see cref="AdditionDays"/> days (issue 23 2c).</summary>
    public IReadOnlyList<RegisterCheckAlert> Alerts { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "alla")]
    public bool All { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Openings = await lookup.EmergencyOpeningsAsync(!All, ct);
        Additions = await intake.RelatedPartyAdditionsAsync(time.GetUtcNow().AddDays(-AdditionDays), ct);
        Alerts = await intake.RegisterCheckAlertsAsync(time.GetUtcNow().AddDays(-AdditionDays), ct);
    }

    public async Task<IActionResult> OnPostReviewAsync(string id, string? note, CancellationToken ct)
    {
        try
        {
            await lookup.ReviewEmergencyOpeningAsync(id, ApiUser.UserId(User), note, ct);
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
