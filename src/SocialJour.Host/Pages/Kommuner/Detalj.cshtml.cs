using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Configuration;
using SocialJour.Core.Health;
using SocialJour.Core.Plugins;

namespace SocialJour.Host.Pages.Kommuner;

internal sealed class MunicipalityDetailModel(IMunicipalityRegistry registry, IJournalSources sources, IAdapterHealthMonitor monitor, IPluginCatalog catalog) : PageModel
{
    public bool IsIt => User.IsInRole(Security.Roles.ItAdministrator);

    /// <summary>The latest check's status (null: not checked yet).</summary>
    public AdapterStatus? Latest { get; private set; }

    /// <summary>What IT should do about the latest failure (IT only).</summary>
    public string? Advice { get; private set; }

    /// <summary>A rejected configuration edit (IT only), limited to this municipality and the sections outside the municipalities.</summary>
    public RejectedEdit? Rejected { get; private set; }

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
        var source = sources.Get(code);
        DisabledReason = SourceAdvice.ErrorFor(User, SocialJour.Adapters.Contract.SourceStatus.Disabled, source?.DisabledReason);
        Population = string.Join(", ", m.Population.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value:N0}"));
        Zone = registry.Current.Jour.TimeZone;
        History = (await monitor.HistoryAsync(code, 50, cancellationToken)).Select(h => h with { Error = SourceAdvice.ErrorFor(User, h.Status, h.Error) }).ToList();
        Latest = monitor.Latest(code);
        if (IsIt)
        {
            var status = Latest?.Status ?? (source?.Enabled == false ? SocialJour.Adapters.Contract.SourceStatus.Disabled : null);
            var contract = catalog.Plugins.FirstOrDefault(p => string.Equals(p.Name, m.JournalSystem.Adapter, StringComparison.OrdinalIgnoreCase))?.ContractVersion;
            Advice = SourceAdvice.For(m, status, Latest?.Error ?? source?.DisabledReason, contract);
            if (registry.RejectedProblems.Count > 0)
            {
                var config = registry.Current;
                Rejected = new RejectedEdit(registry.RejectedAt is { } at ? Presentation.Local(at, config.Jour.TimeZone) : null, Presentation.Local(config.LoadedAt, config.Jour.TimeZone),
                    registry.RejectedProblems, registry.RejectedChanges, m.Code);
            }
        }

        return Page();
    }
}
