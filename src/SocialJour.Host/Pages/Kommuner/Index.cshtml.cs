using SocialJour.Core.Calendar;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Configuration;
using SocialJour.Core.Health;
using SocialJour.Core.Plugins;
using SocialJour.Host.Security;

namespace SocialJour.Host.Pages.Kommuner;

internal sealed class MunicipalitiesModel(IMunicipalityRegistry registry, IJournalSources sources, IAdapterHealthMonitor monitor, IPluginCatalog catalog, JourClock clock) : PageModel
{
    public DateOnly Date { get; private set; }

    public string? DateError { get; private set; }

    public IReadOnlyList<MunicipalityRow> Rows { get; private set; } = [];

    public IReadOnlyList<ConfigurationProblem> RejectedProblems { get; private set; } = [];

    public IReadOnlyList<PendingChange> RejectedChanges { get; private set; } = [];

    public string? RejectedAt { get; private set; }

    public string? InForceSince { get; private set; }

    public bool CanCheck => User.IsInRole(Roles.ItAdministrator);

    /// <summary>How long one check may take: the page says so while it runs, and the script waits a little longer than that.</summary>
    public int CheckTimeoutSeconds => (int)Math.Ceiling(monitor.CheckTimeout.TotalSeconds);

    /// <summary>The result of "Kontrollera nu" without JavaScript (the form posts, the page comes back with this line).</summary>
    public string? CheckedNow { get; private set; }

    public void OnGet(string? date, string? kontrollerad)
    {
        Date = clock.Today;
        if (!string.IsNullOrEmpty(date))
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                Date = d;
            }
            else
            {
                DateError = $"'{date}' är inget datum på formen ÅÅÅÅ-MM-DD. Visar i dag.";
            }
        }

        Load();
        if (CanCheck && kontrollerad is not null && Rows.FirstOrDefault(r => r.Code == kontrollerad) is { } row && monitor.Latest(row.Code) is { } latest)
        {
            CheckedNow = CheckResult(row, latest);
        }
    }

    /// <summary>"Kontrollera nu" without JavaScript: bounded by the monitor's timeout, then back to the list with the result.</summary>
    public async Task<IActionResult> OnPostCheckAsync(string code, CancellationToken cancellationToken)
    {
        if (!CanCheck)
        {
            return Forbid();
        }

        if (registry.Current.Find(code) is null)
        {
            return RedirectToPage();
        }

        await monitor.CheckAsync(code, cancellationToken);
        return RedirectToPage(new { kontrollerad = code });
    }

    /// <summary>"Kontrollerat nu: Solna (Lifecare) – Tidsgräns: Svarade inte inom 10 s".</summary>
    internal static string CheckResult(MunicipalityRow row, AdapterStatus status) =>
        $"Kontrollerat nu: {MunicipalityStatus.Label(row)} – {Presentation.HealthText(status.Status)}" + (status.Error is null ? "" : ": " + status.Error);

    private void Load()
    {
        var config = registry.Current;
        RejectedProblems = registry.RejectedProblems;
        RejectedChanges = registry.RejectedChanges;
        RejectedAt = registry.RejectedAt is { } at ? Presentation.Local(at, config.Jour.TimeZone) : null;
        InForceSince = Presentation.Local(config.LoadedAt, config.Jour.TimeZone);
        Rows = MunicipalityStatus.Rows(registry, sources, monitor, catalog, Date, User);
    }
}
