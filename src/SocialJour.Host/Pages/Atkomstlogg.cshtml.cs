using SocialJour.Core.Calendar;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Host.Api;
using SocialJour.Host.Security;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Host.Pages;

/// <summary>The access-log page: one municipality's extract or the jour's whole log, read through the same application service as the API (ADR 0032).</summary>
internal sealed class AccessLogModel(IClientLookup lookup, IChainVerifier verifier, IMunicipalityRegistry registry, JourClock clock) : PageModel
{
    public IReadOnlyList<Municipality> Municipalities => registry.Current.Municipalities;

    /// <summary>The choice that shows the jour's whole log (unit managers' follow-up), not one municipality's extract.</summary>
    public const string WholeJour = "jour";

    public string? Municipality { get; private set; }

    public bool IsWholeJour => Municipality == WholeJour;

    public bool MayFollowUpWholeJour => User.IsInRole(Roles.UnitManager);

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    public IReadOnlyList<AccessRecord>? Entries { get; private set; }

    public IReadOnlyList<ChainCheck> Checks { get; private set; } = [];

    /// <summary>The display name of each user id in <see cref="Entries"/> (at its latest sign-in).</summary>
    public IReadOnlyDictionary<long, string> Names { get; private set; } = new Dictionary<long, string>();

    /// <summary>"Anna Andersson (SE2321000016-1001)", or the user id alone when no name is known.</summary>
    /// <summary>The user as the entry shows them: the name they had when the entry was written, and their id.</summary>
    public string UserText(AccessRecord entry) => Names.TryGetValue(entry.Sequence, out var name) && name != entry.UserId ? $"{name} ({entry.UserId})" : entry.UserId;

    public string? Error { get; private set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public async Task OnGetAsync(string? kommun, string? fran, string? till, CancellationToken ct)
    {
        Checks = await verifier.LatestAsync(ct);
        var today = clock.Today;
        From = fran ?? today.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        To = till ?? today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Municipality = kommun;
        if (kommun is null)
        {
            return;
        }

        if (kommun == WholeJour && !MayFollowUpWholeJour)
        {
            Error = "Hela jourens logg är enhetschefens uppföljning; välj en kommun för ett loggutdrag.";
            return;
        }

        if (kommun != WholeJour && registry.Current.Find(kommun) is null)
        {
            Error = $"Kommun {kommun} finns inte i konfigurationen.";
            return;
        }

        if (!ApiDates.TryDate(From, out var from) || !ApiDates.TryDate(To, out var to) || to < from)
        {
            Error = $"Ange perioden som ÅÅÅÅ-MM-DD {ApiDates.Window}, med slutdatum på eller efter startdatum.";
            return;
        }

        var extract = await lookup.AccessLogAsync(new AccessLogExtractRequest(ApiUser.UserId(User), IsWholeJour ? null : kommun, from, to, AccessLogReading.Page), ct);
        Entries = extract.Entries;
        Names = extract.Names;
    }
}
