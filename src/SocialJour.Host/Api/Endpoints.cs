using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Health;
using SocialJour.Core.Plugins;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Billing;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics;

namespace SocialJour.Host.Api;

internal sealed record MunicipalityDto(
    string Code, string Name, DateOnly Joined, DateOnly? Left, bool MemberOnDate, string JournalSystem,
    string SourceState, string? DisabledReason, AdapterStatusDto? LastCheck);

internal sealed record AdapterStatusDto(DateTimeOffset CheckedAt, string Status, int LatencyMs, string? Error);

internal sealed record HolidayDto(DateOnly Date, string Name, string Kind);

internal sealed record ReportDeadlineDto(DateTimeOffset At, string Mode, DateTimeOffset ReportDueBy);

/// <summary>The night overview (nattöversikt), most urgent first; <see cref="Count"/> items (the start page announces a change).</summary>
internal sealed record NightOverviewDto(DateTimeOffset At, int Count, IReadOnlyList<NightOverviewItemDto> Items);

/// <summary>
/// One item: <see cref="What"/> and <see cref="When"/> as the start page shows them (Swedish, the jour's time zone);
/// <see cref="Href"/> the case (or the commissions or municipalities page) to act on.
/// </summary>
internal sealed record NightOverviewItemDto(
    SocialJour.Host.Overview.NightOverviewKind Kind, string What, string When, bool Overdue, DateTimeOffset? DueAt, DateTimeOffset? Since,
    string? CaseId, string? PersonLabel, string? Href, string? LinkText);

internal sealed record ConfigurationStatusDto(string Jour, string HostMunicipality, DateTimeOffset LoadedAt, int Municipalities, DateTimeOffset? RejectedAt, IReadOnlyList<string> RejectedProblems);

/// <summary>What /health and the start page say about the disk and the configuration (Swedish: shown to staff and IT).</summary>
internal static class HealthChecks
{
    public static (long? FreeMegabytes, long MinimumMegabytes, string? Problem) Disk(SocialJour.Core.Persistence.DatabaseOptions database, IConfiguration settings)
    {
        var minimum = settings.GetValue<long?>("SocialJour:Health:MinimumFreeDiskMegabytes")
            ?? throw new InvalidOperationException("Inställningen SocialJour:Health:MinimumFreeDiskMegabytes saknas");
        if (database.Provider != SocialJour.Core.Persistence.DatabaseProvider.Sqlite)
        {
            return (null, minimum, null); // PostgreSQL's disk is the database server's, watched there
        }

        Directory.CreateDirectory(database.DataDirectory);
        var free = new DriveInfo(Path.GetFullPath(database.DataDirectory)).AvailableFreeSpace / (1024 * 1024);
        return free < minimum
            ? (free, minimum, $"Disken för datamappen {database.DataDirectory} är full: {free} MB ledigt, minst {minimum} MB krävs. Nya uppgifter kan inte sparas.")
            : (free, minimum, null);
    }

    /// <summary>Every registered outbox (each module's, the core's) whose oldest unprocessed row is older than <see cref="SocialJour.Core.Events.OutboxOptions.StaleAfter"/>.</summary>
    public static async Task<IReadOnlyList<string>> StaleOutboxesAsync(IEnumerable<SocialJour.Core.Events.IOutbox> outboxes, SocialJour.Core.Events.OutboxOptions options, TimeProvider time, CancellationToken ct)
    {
        var problems = new List<string>();
        foreach (var outbox in outboxes)
        {
            DateTimeOffset? oldest;
            try
            {
                oldest = await outbox.OldestUnprocessedAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                continue; // the module's database does not answer: reported above as Unhealthy
            }

            if (oldest is { } at && time.GetUtcNow() - at > options.StaleAfter)
            {
                var waited = (long)(time.GetUtcNow() - at).TotalSeconds;
                problems.Add($"Modulen {outbox.Module}: händelsekön ligger {waited} s efter (äldsta meddelandet väntar sedan {at:yyyy-MM-dd HH:mm:ss} UTC, gränsen är {options.StaleAfter.TotalSeconds:0} s); " +
                    "statistiken och de andra mottagarna är inte à jour, eller en mottagare tar inte emot meddelandena.");
            }
        }

        return problems;
    }

    public static string RejectedConfiguration(IMunicipalityRegistry registry) =>
        $"Konfigurationsfilen på disk är avvisad ({string.Join("; ", registry.RejectedProblems)}). " +
        (registry.StartedOnLastValid is { } kept
            ? $"Jouren startade på den senast giltiga konfigurationen ({kept})."
            : "Den tidigare giltiga konfigurationen gäller fortfarande.") + " Rätta filen.";
}

/// <summary>The HTTP API (JSON). Same data as the pages; documented at /openapi/v1.json.</summary>
internal static class Endpoints
{
    public static void MapSocialJourApi(this WebApplication app)
    {
        app.MapGet("/health", async (IMunicipalityRegistry registry, IEnumerable<SocialJour.Core.Persistence.IModuleDatabase> databases,
            SocialJour.Core.Persistence.DatabaseOptions database, IConfiguration settings, IEnumerable<SocialJour.Core.Events.IOutbox> outboxes,
            SocialJour.Core.Events.OutboxOptions outboxOptions, TimeProvider time, SocialJour.Core.Operations.IHostHeartbeats heartbeats,
            SocialJour.Host.Operations.HostIdentity identity, HttpContext context, CancellationToken ct) =>
        {
            // Every module's database as registered by the module itself (and the core's): no list of modules here.
            var modules = new SortedDictionary<string, bool>(StringComparer.Ordinal);
            foreach (var moduleDatabase in databases)
            {
                modules[moduleDatabase.ModuleName] = await moduleDatabase.CanConnectAsync(ct);
            }

            // Unhealthy: a module database does not answer, or the data folder's disk is (nearly) full, so writes fail.
            // Degraded: serving, but the configuration file on disk is rejected (the last valid one is in force).
            var problems = new List<string>();
            problems.AddRange(modules.Where(m => !m.Value).Select(m => $"Modulen {m.Key}: databasen svarar inte"));
            var disk = HealthChecks.Disk(database, settings);
            if (disk.Problem is { } full)
            {
                problems.Add(full);
            }

            var unhealthy = problems.Count > 0;
            if (registry.RejectedProblems.Count > 0)
            {
                problems.Add(HealthChecks.RejectedConfiguration(registry));
            }

            // Degraded: a module's outbox holds an event or audit entry older than the limit (a subscriber keeps failing).
            problems.AddRange(await HealthChecks.StaleOutboxesAsync(outboxes, outboxOptions, time, ct));

            // Degraded: the hosts seen recently run different versions of the configuration (ADR 0029).
            var (hosts, versions) = await SocialJour.Host.Operations.ConfigurationVersionHealthCheck.CompareAsync(registry, heartbeats, identity, time, ct);
            if (versions is not null)
            {
                problems.Add(versions);
            }

            var status = unhealthy ? "Unhealthy" : problems.Count > 0 ? "Degraded" : "Healthy";
            context.Response.Headers.CacheControl = "no-store";
            if (!await SocialJour.Host.Operations.HealthResponse.MaySeeDetailsAsync(context))
            {
                // Anyone on the network (a load balancer): the status and its code, nothing about hosts, versions or problems.
                return Results.Json(new HealthStatusDto(status), statusCode: unhealthy ? 503 : 200);
            }

            // The documented records themselves (OpenApiSetup), so the document and the body cannot differ.
            return Results.Json(new HealthReportDto(
                status,
                problems,
                modules,
                new HealthDiskDto(disk.FreeMegabytes, disk.MinimumMegabytes),
                identity.HostId,
                identity.ApplicationVersion,
                registry.Current.Version,
                hosts.Select(h => new HealthHostDto(h.HostId, h.ConfigurationVersion, h.ApplicationVersion, h.LastSeenAt)).ToList(),
                new HealthConfigurationDto(
                    registry.Current.Version,
                    registry.Current.LoadedAt,
                    registry.RejectedProblems.Count > 0,
                    registry.StartedOnLastValid is not null,
                    registry.RejectedProblems.Select(p => p.ToString()).ToList())),
                statusCode: unhealthy ? 503 : 200);
        }).AllowAnonymous().WithSummary("Module databases, free disk, the configuration file on disk and its version on every host, outboxes waiting too long (/health/live and /health/ready: ADR 0029)")
            .WithDescription("Without sign-in only {\"status\"} (HealthStatusDto) with the same status code; the details below need a session or a bearer token with socialjour.monitoring.")
            .WithName("getHealth").WithTags("Health").Produces<HealthReportDto>().Produces<HealthReportDto>(StatusCodes.Status503ServiceUnavailable);

        var api = app.MapGroup("/api").RequireAuthorization(Policies.Staff).WithTags("Jour");

        api.MapGet("/municipalities", (string? date, IMunicipalityRegistry registry, IJournalSources sources, IAdapterHealthMonitor monitor, JourClock clock,
            System.Security.Claims.ClaimsPrincipal user) =>
        {
            DateOnly day;
            if (date is null)
            {
                day = clock.Today;
            }
            else if (!ApiDates.TryDate(date, out day))
            {
                return ApiDates.BadDate("date", date);
            }

            return Results.Ok(registry.Current.Municipalities.Select(m => ToDto(m, day, sources, monitor, user)).ToList());
        }).WithSummary("Configured municipalities, membership on a date (default today) and journal-system status")
            .WithDescription("The failure details (disabledReason, lastCheck.error) are for IT administrators; every other role gets a plain sentence instead.")
            .WithName("listMunicipalities").Produces<List<MunicipalityDto>>();

        api.MapGet("/municipalities/status", (IMunicipalityRegistry registry, IJournalSources sources, IAdapterHealthMonitor monitor, IPluginCatalog catalog, JourClock clock,
            System.Security.Claims.ClaimsPrincipal user) =>
        {
            var rows = SocialJour.Host.Pages.Kommuner.MunicipalityStatus.Rows(registry, sources, monitor, catalog, clock.Today, user);
            var summary = SocialJour.Host.Pages.Kommuner.MunicipalityStatus.Summary(registry, monitor, clock.Today).ToString();
            return Results.Ok(new SocialJour.Host.Pages.Kommuner.MunicipalityStatusListDto(rows.Select(r => new SocialJour.Host.Pages.Kommuner.MunicipalityStatusDto(
                r.Code, r.Name, r.JournalSystem, r.Status?.ToString(), Presentation.HealthText(r.Status), Presentation.BadgeClass(r.Status), r.CheckedAt,
                r.LatencyMs is null ? null : r.LatencyMs + " ms", r.Error, r.Advice, r.Failing)).ToList(), summary));
        }).RequireAuthorization(Policies.ItAdministration)
            .WithSummary("The municipalities page's status list for IT, systems not answering first, with the detail and what to do (the page refreshes itself from it)")
            .WithName("getMunicipalityStatus").Produces<SocialJour.Host.Pages.Kommuner.MunicipalityStatusListDto>();

        api.MapGet("/municipalities/{code}/checks", async (string code, IMunicipalityRegistry registry, IAdapterHealthMonitor monitor, CancellationToken ct) =>
            !ApiCodes.TryCode(code, "code", out var parsed, out var bad) ? bad
            : registry.Current.Find(parsed) is null
                ? Results.Problem(statusCode: 404, title: "Okänd kommun", detail: $"Kommun {code} finns inte i konfigurationen.")
                : Results.Ok((await monitor.HistoryAsync(parsed, 50, ct)).Select(ToDto).ToList()))
            .WithSummary("History of a municipality's journal-system checks, newest first")
            .WithName("listMunicipalityChecks").Produces<List<AdapterStatusDto>>();

        api.MapPost("/municipalities/{code}/check", async (string code, IMunicipalityRegistry registry, IAdapterHealthMonitor monitor, CancellationToken ct) =>
            !ApiCodes.TryCode(code, "code", out var parsed, out var bad) ? bad
            : registry.Current.Find(parsed) is null
                ? Results.Problem(statusCode: 404, title: "Okänd kommun", detail: $"Kommun {code} finns inte i konfigurationen.")
                : Results.Ok(ToDto(await monitor.CheckAsync(parsed, ct))))
            .RequireAuthorization(Policies.ItAdministration)
            .WithSummary("Check a municipality's journal system now (IT administrators)")
            .WithName("checkMunicipality").Produces<AdapterStatusDto>();

        api.MapGet("/night-overview", async (IIntakeModule intake, IAssessmentModule assessment, IMunicipalityRegistry registry, IAdapterHealthMonitor monitor,
            JourClock clock, CancellationToken ct) =>
        {
            var items = await SocialJour.Host.Overview.NightOverview.GatherAsync(intake, assessment, registry, monitor, clock, ct);
            return Results.Ok(ToDto(items, clock.UtcNow, registry.Current.Jour.TimeZone));
        }).RequireAuthorization(Policies.ClientWork)
            .WithSummary("The night overview of the start page, most urgent first: deadlines passed, what waits now, coming deadlines (social workers and unit managers)")
            .WithName("getNightOverview").Produces<NightOverviewDto>();

        api.MapGet("/configuration", (IMunicipalityRegistry registry) =>
        {
            var c = registry.Current;
            return Results.Ok(new ConfigurationStatusDto(c.Jour.Name, c.Jour.HostMunicipalityCode, c.LoadedAt, c.Municipalities.Count, registry.RejectedAt,
                registry.RejectedProblems.Select(p => p.ToString()).ToList()));
        }).WithSummary("The configuration in force and the last rejected edit, if any")
            .WithName("getConfigurationStatus").Produces<ConfigurationStatusDto>();

        api.MapGet("/calendar/{year:int}", (int year) =>
            !SwedishCalendar.IsSupportedYear(year)
                ? Results.Problem(statusCode: 400, title: "Ogiltigt år", detail: SwedishCalendar.UnsupportedYearMessage(year))
                : Results.Ok(SwedishCalendar.PublicHolidays(year).Select(h => new HolidayDto(h.Date, h.Name, "PublicHoliday"))
                    .Concat(SwedishCalendar.Eves(year).Select(e => new HolidayDto(e.Date, e.Name, "Eve")))
                    .OrderBy(h => h.Date).ToList()))
            .WithSummary("Public holidays and eves of a year")
            .WithName("listHolidays").Produces<List<HolidayDto>>();

        api.MapGet("/calendar/report-deadline", (string? at, IMunicipalityRegistry registry, JourClock clock) =>
        {
            var instant = clock.UtcNow;
            if (at is not null && !ApiDates.TryInstant(at, clock.TimeZone, out instant))
            {
                return ApiDates.BadInstant("at", at);
            }

            var year = clock.LocalDate(instant).Year;
            if (!SwedishCalendar.IsSupportedYear(year))
            {
                return Results.Problem(statusCode: 400, title: "Ogiltig tidpunkt", detail: $"at: {SwedishCalendar.UnsupportedYearMessage(year)}");
            }

            var schedule = registry.Current.Schedule;
            return Results.Ok(new ReportDeadlineDto(instant, schedule.ModeAt(instant).ToString(), schedule.NextWeekdayAt0800(instant)));
        }).WithSummary("The jour's mode at an instant and the report deadline: 08:00 the next weekday")
            .WithName("getReportDeadline").Produces<ReportDeadlineDto>();
    }

    internal static MunicipalityDto ToDto(Municipality m, DateOnly day, IJournalSources sources, IAdapterHealthMonitor monitor, System.Security.Claims.ClaimsPrincipal user)
    {
        var source = sources.Get(m.Code);
        var latest = monitor.Latest(m.Code);
        // Configuration internals (paths, field names, vendor errors) are for IT; the others get a plain sentence.
        return new MunicipalityDto(m.Code, m.Name, m.Joined, m.Left, m.IsMemberOn(day), m.JournalSystem.Adapter,
            source?.Enabled == true ? "Enabled" : "Disabled", SourceAdvice.ErrorFor(user, SocialJour.Adapters.Contract.SourceStatus.Disabled, source?.DisabledReason),
            latest is null ? null : ToDto(latest) with { Error = SourceAdvice.ErrorFor(user, latest.Status, latest.Error) });
    }

    internal static NightOverviewDto ToDto(IReadOnlyList<SocialJour.Host.Overview.NightOverviewItem> items, DateTimeOffset at, TimeZoneInfo zone) =>
        new(at, items.Count, items.Select(i => new NightOverviewItemDto(
            i.Kind, i.What, SocialJour.Host.Overview.NightOverview.WhenText(i, zone), i.Overdue, i.DueAt, i.Since, i.CaseId, i.PersonLabel, i.Href,
            i.Href is null ? null : SocialJour.Host.Overview.NightOverview.LinkText(i))).ToList());

    private static AdapterStatusDto ToDto(AdapterStatus s) => new(s.CheckedAt, s.Status.ToString(), (int)s.Latency.TotalMilliseconds, s.Error);
}
