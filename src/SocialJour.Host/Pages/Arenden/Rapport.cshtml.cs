using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Host.Pages.Arenden;

/// <summary>A sent report as the home municipality received it, with its delivery and receipt: printable.</summary>
internal sealed class ReportCopyModel(IAssessmentModule assessment, IMunicipalityRegistry registry) : PageModel
{
    public ReportView? Report { get; private set; }

    public string CaseId { get; private set; } = "";

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public string MunicipalityName(string code) => Presentation.MunicipalityName(registry.Current, code);

    public async Task<IActionResult> OnGetAsync(string id, long reportId, CancellationToken ct)
    {
        CaseId = id;
        Report = (await assessment.ReportsAsync(id, ct)).FirstOrDefault(r => r.Id == reportId);
        return Report is null ? NotFound() : Page();
    }
}
