using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Host.Api;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host.Pages;

internal sealed class NoticesModel(IIntakeModule intake, IMunicipalityRegistry registry) : PageModel
{
    public IReadOnlyList<NoticeView> Active { get; private set; } = [];

    public IReadOnlyList<Municipality> Municipalities => registry.Current.Municipalities;

    public string MunicipalityName(string code) => Presentation.MunicipalityName(registry.Current, code);

    [BindProperty]
    public string? MunicipalityCode { get; set; }

    [BindProperty]
    public string? IdentityNumber { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public DateOnly? ValidFrom { get; set; }

    [BindProperty]
    public DateOnly? ValidTo { get; set; }

    [BindProperty]
    public NoticeRestriction? Restricts { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Active = await intake.ActiveNoticesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await intake.RegisterNoticeAsync(new NoticeRegistration(MunicipalityCode, IdentityNumber, Text, ValidFrom, ValidTo, Restricts), ApiUser.UserId(User), ct);
            Message = "Aviseringen är registrerad. Den visas först i varje ärende om personen och i uppslag medan den gäller; beslut och insatser i ärendena väntar tills den är kvitterad.";
            return RedirectToPage();
        }
        catch (ValidationException e)
        {
            Error = e.Message;
            Active = await intake.ActiveNoticesAsync(ct);
            return Page();
        }
    }
}
