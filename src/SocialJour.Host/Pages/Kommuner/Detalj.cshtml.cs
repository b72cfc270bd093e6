using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Configuration;
using SocialJour.Core.Health;
using SocialJour.Core.Plugins;

namespace SocialJour.Host.Pages.Kommuner;

internal sealed class MunicipalityDetailModel(IMunicipalityRegistry registry, IJournalSources sources, IAdapterHealthMonitor monitor) : PageModel
{
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Membership { get; private set; } = "";

    public string Adapter { get; private set; } = "";

    public string BaseUrl { get; private set; } = "";

    public string? DisabledReason { get; private set; }

    public string Population { get; private set; } = "";

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public IReadOnlyList<AdapterStatus> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var m = registry.Current.Find(code);
        if (m is null)
        {
            return NotFound();
        }

        Code = m.Code;
        Name = m.Name;
        Membership = $"från {m.Joined:yyyy-MM-dd}" + (m.Left is { } l ? $", utträdde {l:yyyy-MM-dd}" : "");
        Adapter = m.JournalSystem.Adapter;
        BaseUrl = m.JournalSystem.BaseUrl?.GetLeftPart(UriPartial.Path) ?? "";
        DisabledReason = sources.Get(code)?.DisabledReason;
        Population = string.Join(", ", m.Population.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value:N0}"));
        Zone = registry.Current.Jour.TimeZone;
        History = await monitor.HistoryAsync(code, 50, cancellationToken);
        return Page();
    }
}
