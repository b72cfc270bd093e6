using SocialJour.Core.Calendar;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Configuration;
using SocialJour.Core.Health;
using SocialJour.Core.Plugins;
using SocialJour.Host.Security;

namespace SocialJour.Host.Pages.Kommuner;

internal sealed record MunicipalityRow(string Code, string Name, DateOnly Joined, DateOnly? Left, bool MemberOnDate, string JournalSystem, SourceStatus? Status, string? CheckedAt, int? LatencyMs, string? Error);

internal sealed class MunicipalitiesModel(IMunicipalityRegistry registry, IJournalSources sources, IAdapterHealthMonitor monitor, JourClock clock) : PageModel
{
    public DateOnly Date { get; private set; }

    public string? DateError { get; private set; }

    public IReadOnlyList<MunicipalityRow> Rows { get; private set; } = [];

    public IReadOnlyList<ConfigurationProblem> RejectedProblems { get; private set; } = [];

    public string? RejectedAt { get; private set; }

    public bool CanCheck => User.IsInRole(Roles.ItAdministrator);

    public void OnGet(string? date)
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
    }

    public async Task<IActionResult> OnPostCheckAsync(string code, CancellationToken cancellationToken)
    {
        if (!CanCheck)
        {
            return Forbid();
        }

        if (registry.Current.Find(code) is not null)
        {
            await monitor.CheckAsync(code, cancellationToken);
        }

        return RedirectToPage();
    }

    private void Load()
    {
        var config = registry.Current;
        RejectedProblems = registry.RejectedProblems;
        RejectedAt = registry.RejectedAt is { } at ? Presentation.Local(at, config.Jour.TimeZone) : null;
        Rows = config.Municipalities.OrderBy(m => m.Name, StringComparer.Create(new CultureInfo("sv-SE"), false)).Select(m =>
        {
            var latest = monitor.Latest(m.Code);
            var source = sources.Get(m.Code);
            var status = latest?.Status ?? (source?.Enabled == false ? SourceStatus.Disabled : null);
            var error = latest?.Error ?? source?.DisabledReason;
            return new MunicipalityRow(m.Code, m.Name, m.Joined, m.Left, m.IsMemberOn(Date), m.JournalSystem.Adapter, status,
                latest is null ? null : Presentation.Local(latest.CheckedAt, config.Jour.TimeZone), latest is null ? null : (int)latest.Latency.TotalMilliseconds, error);
        }).ToList();
    }
}
