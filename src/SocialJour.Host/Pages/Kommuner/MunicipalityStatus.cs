using System.Globalization;
using System.Security.Claims;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Configuration;
using SocialJour.Core.Health;
using SocialJour.Core.Plugins;

namespace SocialJour.Host.Pages.Kommuner;

internal sealed record MunicipalityRow(string Code, string Name, DateOnly Joined, DateOnly? Left, bool MemberOnDate, string JournalSystem, SourceStatus? Status, string? CheckedAt,
    int? LatencyMs, string? Error, string? Advice)
{
    /// <summary>Checked and not answering (anything but found): these come first in the list.</summary>
    public bool Failing => Status is { } s && s != SourceStatus.Found;
}

/// <summary>The journal-system status list of the municipalities page and its JSON refresh (IT): failing systems first.</summary>
internal static class MunicipalityStatus
{
    private static readonly StringComparer Swedish = StringComparer.Create(new CultureInfo("sv-SE"), false);

    /// <summary>
    /// Every configured municipality: first those whose system is checked and not answering, then the disabled ones, the
    /// ones not checked yet, and last those answering; by name within each. IT sees the detail and the advice; other roles a plain sentence.
    /// </summary>
    public static IReadOnlyList<MunicipalityRow> Rows(IMunicipalityRegistry registry, IJournalSources sources, IAdapterHealthMonitor monitor, IPluginCatalog catalog,
        DateOnly date, ClaimsPrincipal user)
    {
        var config = registry.Current;
        var it = user.IsInRole(Security.Roles.ItAdministrator);
        return config.Municipalities.Select(m =>
        {
            var latest = monitor.Latest(m.Code);
            var source = sources.Get(m.Code);
            var status = latest?.Status ?? (source?.Enabled == false ? SourceStatus.Disabled : null);
            var error = latest?.Error ?? source?.DisabledReason;
            var contract = status == SourceStatus.InvalidResponse
                ? catalog.Plugins.FirstOrDefault(p => string.Equals(p.Name, m.JournalSystem.Adapter, StringComparison.OrdinalIgnoreCase))?.ContractVersion
                : null;
            var advice = it ? SourceAdvice.For(m, status, error, contract) : null;
            return new MunicipalityRow(m.Code, m.Name, m.Joined, m.Left, m.IsMemberOn(date), m.JournalSystem.Adapter, status,
                latest is null ? null : Presentation.Local(latest.CheckedAt, config.Jour.TimeZone), latest is null ? null : (int)latest.Latency.TotalMilliseconds,
                SourceAdvice.ErrorFor(user, status, error), advice);
        }).OrderBy(Rank).ThenBy(r => r.Name, Swedish).ToList();
    }

    private static int Rank(MunicipalityRow r) => r.Status switch
    {
        SourceStatus.Found => 3,
        null => 2,
        SourceStatus.Disabled => 1,
        _ => 0,
    };

    /// <summary>
    /// The members today: how many answer, those whose system was checked and does not answer, by name
    /// ("Sigtuna (Procapita): Tidsgräns"), and those not checked yet (just after a start). The start page names them instead of only counting.
    /// </summary>
    public static SourcesSummary Summary(IMunicipalityRegistry registry, IAdapterHealthMonitor monitor, DateOnly today)
    {
        var members = registry.Current.MembersOn(today).OrderBy(m => m.Name, Swedish).Select(m => (m, Latest: monitor.Latest(m.Code))).ToList();
        return new SourcesSummary(
            members.Count(x => x.Latest?.Healthy == true),
            members.Count,
            members.Where(x => x.Latest is { Healthy: false }).Select(x => $"{x.m.Name} ({x.m.JournalSystem.Adapter}): {Presentation.HealthText(x.Latest!.Status)}").ToList(),
            members.Where(x => x.Latest is null).Select(x => $"{x.m.Name} ({x.m.JournalSystem.Adapter})").ToList());
    }

    /// <summary>"Solna (Lifecare)".</summary>
    public static string Label(MunicipalityRow r) => $"{r.Name} ({r.JournalSystem})";
}

/// <summary>One row of the JSON refresh: the texts as the page shows them.</summary>
internal sealed record MunicipalityStatusDto(string Code, string Name, string JournalSystem, string? Status, string StatusText, string BadgeClass, string? CheckedAt,
    string? Latency, string? Error, string? Advice, bool Failing);

/// <summary>"5 av 8 svarar. Svarar inte: Sigtuna (Procapita): Tidsgräns. Inte kontrollerade än: …"</summary>
internal sealed record SourcesSummary(int Answering, int Members, IReadOnlyList<string> NotAnswering, IReadOnlyList<string> NotChecked)
{
    public override string ToString() =>
        $"{Answering} av {Members} svarar." + (NotAnswering.Count == 0 ? "" : " Svarar inte: " + string.Join(", ", NotAnswering) + ".")
        + (NotChecked.Count == 0 ? "" : " Inte kontrollerade än: " + string.Join(", ", NotChecked) + ".");
}

internal sealed record MunicipalityStatusListDto(IReadOnlyList<MunicipalityStatusDto> Rows, string Summary);

/// <summary>The rejected-edit notice for IT (Kommuner and, limited to one municipality, Detalj).</summary>
internal sealed record RejectedEdit(string? RejectedAt, string? InForceSince, IReadOnlyList<ConfigurationProblem> Problems, IReadOnlyList<PendingChange> Changes, string? Code);
