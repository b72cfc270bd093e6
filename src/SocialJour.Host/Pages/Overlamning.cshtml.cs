using SocialJour.Core.Calendar;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Configuration;
using SocialJour.Host.Api;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Host.Pages;

internal sealed class HandoverModel(IAssessmentModule assessment, IMunicipalityRegistry registry, JourClock clock) : PageModel
{
    public IReadOnlyList<Municipality> Members { get; private set; } = [];

    public HandoverReport? Report { get; private set; }

    public string? Municipality { get; private set; }

    public string Date { get; private set; } = "";

    public string? Error { get; private set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public async Task OnGetAsync(string? kommun, string? datum, CancellationToken ct)
    {
        var today = clock.Today;
        Members = registry.Current.MembersOn(today);
        Date = datum ?? today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Municipality = kommun;
        if (kommun is null)
        {
            return;
        }

        if (registry.Current.Find(kommun) is null || !ApiDates.TryDate(Date, out var day))
        {
            Error = $"Välj en av jourens kommuner och ett datum (ÅÅÅÅ-MM-DD) {ApiDates.Window}.";
            return;
        }

        Report = await assessment.HandoverAsync(kommun, day, ct);
    }
}
