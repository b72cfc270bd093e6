using SocialJour.Core.Calendar;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Host.Api;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host.Pages;

internal sealed class CommissionsModel(IIntakeModule intake, IMunicipalityRegistry registry, JourClock clock) : PageModel
{
    public IReadOnlyList<CommissionView> Commissions { get; private set; } = [];

    public IReadOnlyList<Municipality> Members => registry.Current.MembersOn(clock.Today);

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public string MunicipalityName(string code) => Presentation.MunicipalityName(registry.Current, code);

    [BindProperty]
    public string? MunicipalityCode { get; set; }

    [BindProperty]
    public CommissionKind? Kind { get; set; }

    [BindProperty]
    public string? OrderedBy { get; set; }

    [BindProperty]
    public string? IdentityNumber { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Commissions = await intake.CommissionsAsync(openOnly: false, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        await ActAsync(() => intake.RegisterCommissionAsync(new CommissionOrder(MunicipalityCode, Kind, OrderedBy, null, IdentityNumber, Description), ApiUser.UserId(User), ct),
            "Uppdraget är registrerat.", ct);

    public async Task<IActionResult> OnPostDoneAsync(long id, int? minutes, CancellationToken ct) =>
        await ActAsync(() => intake.CompleteCommissionAsync(id, minutes, ApiUser.UserId(User), ct), "Uppdraget är markerat som utfört.", ct);

    private async Task<IActionResult> ActAsync(Func<Task<CommissionView>> action, string message, CancellationToken ct)
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
            Commissions = await intake.CommissionsAsync(openOnly: false, ct);
            return Page();
        }
    }
}
