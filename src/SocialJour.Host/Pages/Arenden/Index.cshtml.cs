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

    /// <summary>Name (part of it) or whole identity number to search for, open and closed cases.</summary>
    [BindProperty(SupportsGet = true, Name = "sok")]
    public string? Query { get; set; }

    /// <summary>The day the contact came in (yyyy-MM-dd).</summary>
    [BindProperty(SupportsGet = true, Name = "datum")]
    public string? Date { get; set; }

    /// <summary>Only the user's own cases (registered, noted or closed by the user).</summary>
    [BindProperty(SupportsGet = true, Name = "mina")]
    public bool Mine { get; set; }

    /// <summary>The search's result; null when no search was made.</summary>
    public CaseSearchResult? Found { get; private set; }

    public bool Searched => Found is not null || Error is not null;

    /// <summary>Closing asks for a reason, so the list links to the case's close form instead of closing in one click.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        Cases = await intake.OpenCasesAsync(ct);
        if (string.IsNullOrWhiteSpace(Query) && string.IsNullOrWhiteSpace(Date) && !Mine)
        {
            return;
        }

        DateOnly? receivedOn = null;
        if (!string.IsNullOrWhiteSpace(Date))
        {
            if (!DateOnly.TryParseExact(Date.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
            {
                Error = "Datumet: ange det som ÅÅÅÅ-MM-DD.";
                return;
            }

            receivedOn = d;
        }

        try
        {
            Found = await intake.SearchCasesAsync(new CaseSearchQuery(Query, receivedOn, Mine), ApiUser.UserId(User), ct);
        }
        catch (ValidationException e)
        {
            Error = e.Message;
        }
    }
}
