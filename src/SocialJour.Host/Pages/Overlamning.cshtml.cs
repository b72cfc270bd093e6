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

    /// <summary>The handover of each municipality asked for (all members by default), in the members' order.</summary>
    public IReadOnlyList<HandoverReport> Reports { get; private set; } = [];

    public string? Municipality { get; private set; }

    public string Date { get; private set; } = "";

    public string? Error { get; private set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public string MunicipalityName(string code) => Presentation.MunicipalityName(registry.Current, code);

    /// <summary>The value of "all municipalities" in the form (the default).</summary>
    public const string All = "alla";

    /// <summary>
    /// Opens on the coming 08:00 handover (at 23:00 that is tomorrow morning's; on a Friday evening Monday's) for every member
    /// municipality; a municipality and a date narrow it.
    /// </summary>
    public async Task OnGetAsync(string? kommun, string? datum, CancellationToken ct)
    {
        var configuration = registry.Current;
        var today = clock.Today;
        Members = configuration.MembersOn(today);
        var coming = JourClock.LocalDate(configuration.Schedule.NextWeekdayAt0800(clock.UtcNow), Zone);
        Date = datum ?? coming.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Municipality = string.IsNullOrEmpty(kommun) ? All : kommun;
        if ((Municipality != All && configuration.Find(Municipality) is null) || !ApiDates.TryDate(Date, out var day))
        {
            Error = $"Välj en av jourens kommuner (eller alla) och ett datum (ÅÅÅÅ-MM-DD) {ApiDates.Window}.";
            return;
        }

        var codes = Municipality == All ? Members.Select(m => m.Code.Value).ToList() : [Municipality];
        var reports = new List<HandoverReport>();
        foreach (var code in codes)
        {
            reports.Add(await assessment.HandoverAsync(code, day, ct));
        }

        Reports = reports;
    }
}
