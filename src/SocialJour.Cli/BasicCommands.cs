using System.Globalization;
using Autofac;
using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Health;
using SocialJour.Core.Persistence;
using SocialJour.Core.Plugins;

namespace SocialJour.Cli;

/// <summary>validate, members, check, plugins and calendar: the configuration, the members, a journal system, the adapters, the calendar.</summary>
internal static class BasicCommands
{
    public static async Task<int> ValidateAsync(CliRun run)
    {
        // The modules validate their own configuration sections.
        await using var container = CliContainer.Build(run.Core, LogLevel.Warning, withModules: true);
        var now = container.Resolve<TimeProvider>().GetUtcNow();
        var catalog = container.Resolve<IPluginCatalog>();
        var result = container.Resolve<JourConfigurationLoader>().Load(run.Core.ConfigurationPath);
        if (!result.Ok)
        {
            await run.Out.WriteLineAsync($"Konfigurationen {run.Core.ConfigurationPath} är OGILTIG:");
            foreach (var p in result.Problems)
            {
                await run.Out.WriteLineAsync("  " + p);
            }

            return 1;
        }

        // The jour's local date (its configured time zone), never the machine's: a server set to UTC gives the same answer.
        var c = result.Configuration!;
        await run.Out.WriteLineAsync($"Konfigurationen är giltig: {c.Jour.Name}, {c.Municipalities.Count} kommuner, {c.MembersOn(JourClock.LocalDate(now, c.Jour.TimeZone)).Count} medlemmar i dag.");
        foreach (var m in c.Municipalities.Where(m => catalog.Find(m.JournalSystem.Adapter) is null))
        {
            await run.Out.WriteLineAsync($"  Observera: {m.Code} {m.Name}: {catalog.WhyUnavailable(m.JournalSystem.Adapter)}");
        }

        return 0;
    }

    public static async Task<int> MembersAsync(CliRun run)
    {
        DateOnly? asked = null;
        if (run.Options.TryGetValue("--date", out var d))
        {
            if (!DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return run.Usage($"'{d}' är inget datum på formen ÅÅÅÅ-MM-DD.");
            }

            asked = parsed;
        }

        await using var container = CliContainer.Build(run.Core, LogLevel.Warning, withModules: true);
        var date = asked ?? container.Resolve<JourClock>().Today;
        var members = container.Resolve<IMunicipalityRegistry>().MembersOn(date);
        await run.Out.WriteLineAsync($"Medlemmar {date:yyyy-MM-dd}: {members.Count}");
        foreach (var m in members)
        {
            await run.Out.WriteLineAsync($"  {m.Code}  {m.Name,-16} {m.JournalSystem.Adapter,-10} från {m.Joined:yyyy-MM-dd}{(m.Left is { } l ? $" till {l:yyyy-MM-dd}" : "")}");
        }

        return 0;
    }

    public static async Task<int> CheckAsync(CliRun run)
    {
        if (run.Positional.Count != 1)
        {
            return run.Usage("Ange en kommunkod: socialjour check 0191");
        }

        if (!MunicipalityCode.TryParse(run.Positional[0], out var code))
        {
            return run.Usage(MunicipalityCode.Malformed("kommunkod", run.Positional[0]));
        }

        await using var container = CliContainer.Build(run.Core, LogLevel.Warning, withModules: true);
        if (container.Resolve<IMunicipalityRegistry>().Current.Find(code.Value) is not { } m)
        {
            return run.Usage($"Kommun {run.Positional[0]} finns inte i konfigurationen.");
        }

        // The check is recorded in the core database: the jour's own, never one created or migrated here.
        if (await DataFolder.ProblemAsync(run.Core) is { } missing)
        {
            return run.Usage(missing);
        }

        await container.Resolve<IEnumerable<IModuleDatabase>>().Single(db => db.ModuleName == "core").VerifyAsync(CancellationToken.None);
        var status = await container.Resolve<IAdapterHealthMonitor>().CheckAsync(m.Code, CancellationToken.None);
        await run.Out.WriteLineAsync($"{m.Code} {m.Name} ({m.JournalSystem.Adapter}): {status.Status}, {status.Latency.TotalMilliseconds:0} ms{(status.Error is null ? "" : ": " + status.Error)}");
        return status.Healthy ? 0 : 1;
    }

    public static async Task<int> PluginsAsync(CliRun run)
    {
        await using var container = CliContainer.Build(run.Core, LogLevel.Warning);
        foreach (var p in container.Resolve<IPluginCatalog>().Plugins)
        {
            await run.Out.WriteLineAsync($"  {p.Name,-12} kontrakt {p.ContractVersion ?? "?",-5} {(p.Loaded ? "laddad" : "EJ LADDAD: " + p.Error)}");
        }

        return 0;
    }

    public static Task<int> CalendarAsync(CliRun run) => Task.FromResult(Calendar(run));

    private static int Calendar(CliRun run)
    {
        if (run.Positional.Count != 1 || !int.TryParse(run.Positional[0], CultureInfo.InvariantCulture, out var year))
        {
            return run.Usage($"Ange ett år mellan {SwedishCalendar.FirstSupportedYear} och {SwedishCalendar.LastSupportedYear}: socialjour calendar 2026");
        }

        if (!SwedishCalendar.IsSupportedYear(year))
        {
            return run.Usage(SwedishCalendar.UnsupportedYearMessage(year));
        }

        var loaded = new JourConfigurationLoader(_ => null, TimeProvider.System).Load(run.Core.ConfigurationPath);
        if (!loaded.Ok)
        {
            return run.Usage(new ConfigurationRejectedException(loaded.Problems).Message);
        }

        var output = run.Out;
        var schedule = loaded.Configuration!.Schedule;
        var zone = loaded.Configuration.Jour.TimeZone;
        output.WriteLine($"Helgdagar och aftnar {year}:");
        foreach (var (date, name) in SwedishCalendar.PublicHolidays(year).Concat(SwedishCalendar.Eves(year)).OrderBy(h => h.Date))
        {
            output.WriteLine($"  {date:yyyy-MM-dd} {date.ToString("ddd", new CultureInfo("sv-SE")),-4} {name}");
        }

        output.WriteLine();
        output.WriteLine($"Dagar med avvikande öppettider {year} (jouren öppnar; annars vardag {schedule.Hours.Weekday:HH\\:mm}, fredag {schedule.Hours.Friday:HH\\:mm}, helg {schedule.Hours.NonWorkingDay:HH\\:mm}):");
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            var normal = SwedishCalendar.IsWeekend(d) ? schedule.Hours.NonWorkingDay : d.DayOfWeek == DayOfWeek.Friday ? schedule.Hours.Friday : schedule.Hours.Weekday;
            var opens = schedule.OpensOn(d);
            if (opens != normal || SwedishCalendar.IsPublicHoliday(d) || SwedishCalendar.IsEve(d))
            {
                var segments = string.Join(", ", schedule.SegmentsOn(d).Select(s => $"{s.Mode} {JourClock.ToLocal(s.Start, zone):HH:mm}–{JourClock.ToLocal(s.End, zone):HH:mm}"));
                output.WriteLine($"  {d:yyyy-MM-dd} {d.ToString("ddd", new CultureInfo("sv-SE")),-4} {SwedishCalendar.KindOf(d),-13} öppnar {opens:HH\\:mm}  [{segments}]");
            }
        }

        return 0;
    }
}
