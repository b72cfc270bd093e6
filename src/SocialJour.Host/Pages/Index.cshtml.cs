using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Health;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Host.Pages;

internal sealed class IndexModel(IMunicipalityRegistry registry, IAdapterHealthMonitor monitor, SocialJour.Core.Audit.IChainVerifier verifier,
    SocialJour.Modules.Lookup.Contracts.IClientLookup lookup, SocialJour.Modules.Assessment.Contracts.IAssessmentModule assessment, JourClock clock,
    SocialJour.Core.Persistence.DatabaseOptions database, IConfiguration settings, SocialJour.Modules.Intake.Contracts.IIntakeModule intake,
    ILogger<IndexModel> logger) : PageModel
{
    /// <summary>The night overview could not be read (a module's database does not answer): the rest of the page still shows.</summary>
    public bool NightOverviewFailed { get; private set; }

    /// <summary>The night overview, most urgent first: social workers and unit managers only (null for IT, who see no client data).</summary>
    public IReadOnlyList<Overview.NightOverviewItem>? NightOverview { get; private set; }

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    /// <summary>The configuration file on disk is rejected (the last valid one is in force): shown to everyone, loudly.</summary>
    public string? RejectedConfiguration { get; private set; }

    /// <summary>The data folder's disk is full.</summary>
    public string? DiskFull { get; private set; }

    public string JourName { get; private set; } = "";

    public JourMode Mode { get; private set; }

    public string Now { get; private set; } = "";

    public string ReportDeadline { get; private set; } = "";

    public int MemberCount { get; private set; }

    public int HealthySources { get; private set; }

    /// <summary>The members whose journal system was checked and does not answer now, named: "Sigtuna (Procapita): Tidsgräns".</summary>
    public IReadOnlyList<string> NotAnswering { get; private set; } = [];

    /// <summary>The members whose journal system has not been checked yet (just after a start).</summary>
    public IReadOnlyList<string> NotChecked { get; private set; } = [];

    /// <summary>Chains whose latest verification found a break: shown to everyone, loudly.</summary>
    public IReadOnlyList<SocialJour.Core.Audit.ChainCheck> BrokenChains { get; private set; } = [];

    /// <summary>Reports due by the next 08:00 that are not delivered.</summary>
    public int UndeliveredReports { get; private set; }

    /// <summary>Emergency openings awaiting follow-up (unit managers only).</summary>
    public int? OpeningsToFollowUp { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        BrokenChains = (await verifier.LatestAsync(ct)).Where(c => !c.Intact).ToList();
        // The problems name fields, files and paths: for IT. The others learn that IT has something to correct, in plain words.
        RejectedConfiguration = registry.RejectedProblems.Count == 0 ? null
            : User.IsInRole(Security.Roles.ItAdministrator) ? Api.HealthChecks.RejectedConfiguration(registry)
            : "En ändring i konfigurationen kunde inte användas; den tidigare gäller fortfarande.";
        DiskFull = Api.HealthChecks.Disk(database, settings).Problem;
        UndeliveredReports = (await assessment.UndeliveredReportsAsync(registry.Current.Schedule.NextWeekdayAt0800(clock.UtcNow), ct)).Count;
        if (User.IsInRole(Security.Roles.SocialWorker) || User.IsInRole(Security.Roles.UnitManager))
        {
            try
            {
                NightOverview = await Overview.NightOverview.GatherAsync(intake, assessment, registry, monitor, clock, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The night overview could not be read");
                NightOverview = [];
                NightOverviewFailed = true;
            }
        }

        if (User.IsInRole(Security.Roles.UnitManager))
        {
            OpeningsToFollowUp = (await lookup.EmergencyOpeningsAsync(unreviewedOnly: true, ct)).Count;
        }

        var config = registry.Current;
        var now = clock.UtcNow;
        JourName = config.Jour.Name;
        Mode = config.Schedule.ModeAt(now);
        Now = Presentation.Local(now, config.Jour.TimeZone);
        ReportDeadline = Presentation.Local(config.Schedule.NextWeekdayAt0800(now), config.Jour.TimeZone);
        var sources = Kommuner.MunicipalityStatus.Summary(registry, monitor, clock.Today);
        (HealthySources, MemberCount, NotAnswering, NotChecked) = (sources.Answering, sources.Members, sources.NotAnswering, sources.NotChecked);
    }
}
