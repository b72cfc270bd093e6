using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Host.Api;

namespace SocialJour.Host.Pages;

internal sealed class AccessLogModel(IAccessLog accessLog, IAuditLog audit, IChainVerifier verifier, IMunicipalityRegistry registry, TimeProvider time) : PageModel
{
    public IReadOnlyList<Municipality> Municipalities => registry.Current.Municipalities;

    public string? Municipality { get; private set; }

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    public IReadOnlyList<AccessRecord>? Entries { get; private set; }

    public IReadOnlyList<ChainCheck> Checks { get; private set; } = [];

    public string? Error { get; private set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public async Task OnGetAsync(string? kommun, string? fran, string? till, CancellationToken ct)
    {
        Checks = await verifier.LatestAsync(ct);
        var today = Endpoints.Today(registry, time);
        From = fran ?? today.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        To = till ?? today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Municipality = kommun;
        if (kommun is null)
        {
            return;
        }

        if (registry.Current.Find(kommun) is null)
        {
            Error = $"Kommun {kommun} finns inte i konfigurationen.";
            return;
        }

        if (!LookupEndpoints.TryDate(From, out var from) || !LookupEndpoints.TryDate(To, out var to) || to < from)
        {
            Error = $"Ange perioden som ÅÅÅÅ-MM-DD {ApiDates.Window}, med slutdatum på eller efter startdatum.";
            return;
        }

        Entries = await accessLog.ForPeriodAsync(kommun, LookupEndpoints.StartOf(from, Zone), LookupEndpoints.StartOf(to.AddDays(1), Zone), ct);
        await audit.AppendAsync(LookupEndpoints.UserId(User), "access-log.viewed", kommun, $"{From}..{To}: {Entries.Count}", CancellationToken.None);
    }
}
