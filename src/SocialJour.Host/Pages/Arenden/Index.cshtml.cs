using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Host.Api;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host.Pages.Arenden;

internal sealed class CasesModel(IIntakeModule intake, IMunicipalityRegistry registry, TimeProvider time) : PageModel
{
    public DateTimeOffset Now => time.GetUtcNow();

    public IReadOnlyList<JourCaseView> Cases { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public string MunicipalityName(string code) => Presentation.MunicipalityName(registry.Current, code);

    /// <summary>Closing asks for a reason, so the list links to the case's close form instead of closing in one click.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Cases = await intake.OpenCasesAsync(ct);
}
