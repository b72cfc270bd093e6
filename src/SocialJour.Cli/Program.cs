using System.Globalization;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Health;
using SocialJour.Core.Persistence;
using SocialJour.Core.Plugins;

// socialjour: the IT administrator's command line. Exit codes: 0 ok, 1 the check failed, 2 bad usage or configuration.
const string Usage = """
    Användning: socialjour <kommando> [flaggor]

    Kommandon:
      validate                       Kontrollera konfigurationen (alla fel med kommun och fält)
      members [--date ÅÅÅÅ-MM-DD]    Lista medlemskommuner på ett datum (standard: i dag)
      check <kommunkod>              Kontrollera en kommuns journalsystem nu (inloggning + testperson)
      plugins                        Lista adaptrar som hittats och om de kunde laddas
      calendar <år>                  Helgdagar, aftnar, klämdagar och jourens öppettider ett år (1953–2200)
      audit-verify [--head fil|mapp] Kontrollera händelseloggen och åtkomstloggen mot alla signerade trädhuvuden
                                     (även de en kommun har, --head); --key publik nyckel (PEM)
      audit-verify --entry fil [--head fil]
                                     Kontrollera ett inklusionsbevis för en post i ett utdrag (utan databas)
      audit-verify --from-head fil --head fil --proof fil
                                     Kontrollera att ett nyare trädhuvud bygger vidare på ett äldre (utan databas)
      migrate                        Kör alla väntande databasmigreringar, modul för modul (som databasens ägare)
      billing --year <år> --period <period> [--format table|csv]
                                     Kostnadsfördelningen för en period (budget, outcome, annual-fee, year-end):
                                     den godkända versionen, annars ett utkast beräknat nu
      statistics --from ÅÅÅÅ-MM-DD --to ÅÅÅÅ-MM-DD [--compare 0-4] [--municipality kod]
                 [--format table|csv|xlsx|pdf --out fil]
                                     Statistiken för en period (nyckeltalen som tabell, eller hela
                                     rapporten som fil; i filer döljs alltid små tal)
      backup --out <mapp>            Säkerhetskopiera alla moduldatabaser (SQLite: VACUUM INTO medan värden kör;
                                     PostgreSQL: pg_dump) med kontrollsummor
      restore --from <mapp>          Återställ en säkerhetskopia (stoppa värdarna först) och verifiera loggarna
                                     mot alla publicerade trädhuvuden
      access-log-retention --years <n> [--archive <mapp> --apply yes]
                                     Vad gallringsregeln tar bort nu, eller arkivera och gallra (som nattjobbet)
      access-log-retention --verify-archive <fil> [--key pem]
                                     Kontrollera ett gallringsarkiv mot sitt signerade trädhuvud

    Flaggor:
      --config <fil>     jourens konfiguration   (standard: config/demo/jour.json)
      --plugins <mapp>   adaptrarnas mapp        (standard: artifacts/plugins)
      --data <mapp>      SQLite-databasernas mapp (standard: data)
      --provider <namn>  Sqlite eller PostgreSQL (standard: Sqlite); för PostgreSQL läses anslutningen
                         från miljövariabeln SocialJour__Database__ConnectionString (inte från kommandoraden)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

var command = args[0];
var options = new Dictionary<string, string>(StringComparer.Ordinal);
var positional = new List<string>();
for (var i = 1; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal))
    {
        if (i + 1 >= args.Length)
        {
            Console.Error.WriteLine($"Flaggan {args[i]} saknar värde.");
            return 2;
        }

        options[args[i]] = args[++i];
    }
    else
    {
        positional.Add(args[i]);
    }
}

DatabaseOptions database;
switch (options.GetValueOrDefault("--provider", "Sqlite").ToUpperInvariant())
{
    case "SQLITE":
        database = new DatabaseOptions(DatabaseProvider.Sqlite, Path.GetFullPath(options.GetValueOrDefault("--data", "data")), null);
        break;
    case "POSTGRESQL":
        // Never on the command line, where every user of the machine sees it (ps).
        var connectionString = Environment.GetEnvironmentVariable("SocialJour__Database__ConnectionString");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine("--provider PostgreSQL kräver anslutningen i miljövariabeln SocialJour__Database__ConnectionString.");
            return 2;
        }

        database = new DatabaseOptions(DatabaseProvider.PostgreSql, "", connectionString);
        break;
    default:
        Console.Error.WriteLine($"--provider ska vara Sqlite eller PostgreSQL, inte '{options["--provider"]}'.");
        return 2;
}

var core = new CoreOptions(
    Path.GetFullPath(options.GetValueOrDefault("--config", "config/demo/jour.json")),
    Path.GetFullPath(options.GetValueOrDefault("--plugins", "artifacts/plugins")),
    database,
    WatchConfiguration: false);

if (command == "migrate")
{
    return await SocialJour.Cli.Migrate.RunAsync(core);
}

if (command == "billing")
{
    return await SocialJour.Cli.Billing.RunAsync(core, options, Console.Out, Console.Error);
}

if (command == "statistics")
{
    return await SocialJour.Cli.Statistics.RunAsync(core, options, Console.Out, Console.Error);
}

// Operations (ADR 0029); each in its own file.
switch (command)
{
    case "backup":
        return await SocialJour.Cli.Backup.BackupAsync(core, options, Console.Out, Console.Error);
    case "restore":
        return await SocialJour.Cli.Backup.RestoreAsync(core, options, Console.Out, Console.Error);
    case "access-log-retention":
        return await SocialJour.Cli.Retention.RunAsync(core, options, Console.Out, Console.Error);
}

if (command == "calendar")
{
    return Calendar(positional, core);
}

await using var container = SocialJour.Cli.CliContainer.Build(core, LogLevel.Warning, withModules: true); // the modules validate their own configuration sections (validate)

try
{
    // The jour's local date (its configured time zone), never the machine's: a server set to UTC gives the same answer.
    var now = container.Resolve<TimeProvider>().GetUtcNow();
    switch (command)
    {
        case "validate":
        {
            var catalog = container.Resolve<IPluginCatalog>();
            var result = container.Resolve<JourConfigurationLoader>().Load(core.ConfigurationPath);
            if (!result.Ok)
            {
                Console.WriteLine($"Konfigurationen {core.ConfigurationPath} är OGILTIG:");
                foreach (var p in result.Problems)
                {
                    Console.WriteLine("  " + p);
                }

                return 1;
            }

            var c = result.Configuration!;
            Console.WriteLine($"Konfigurationen är giltig: {c.Jour.Name}, {c.Municipalities.Count} kommuner, {c.MembersOn(JourClock.LocalDate(now, c.Jour.TimeZone)).Count} medlemmar i dag.");
            foreach (var m in c.Municipalities.Where(m => catalog.Find(m.JournalSystem.Adapter) is null))
            {
                Console.WriteLine($"  Observera: {m.Code} {m.Name}: {catalog.WhyUnavailable(m.JournalSystem.Adapter)}");
            }

            return 0;
        }

        case "members":
        {
            var date = container.Resolve<JourClock>().Today;
            if (options.TryGetValue("--date", out var d) && !DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                Console.Error.WriteLine($"'{d}' är inget datum på formen ÅÅÅÅ-MM-DD.");
                return 2;
            }

            var members = container.Resolve<IMunicipalityRegistry>().MembersOn(date);
            Console.WriteLine($"Medlemmar {date:yyyy-MM-dd}: {members.Count}");
            foreach (var m in members)
            {
                Console.WriteLine($"  {m.Code}  {m.Name,-16} {m.JournalSystem.Adapter,-10} från {m.Joined:yyyy-MM-dd}{(m.Left is { } l ? $" till {l:yyyy-MM-dd}" : "")}");
            }

            return 0;
        }

        case "check":
        {
            if (positional.Count != 1)
            {
                Console.Error.WriteLine("Ange en kommunkod: socialjour check 0191");
                return 2;
            }

            if (!MunicipalityCode.TryParse(positional[0], out var code))
            {
                Console.Error.WriteLine(MunicipalityCode.Malformed("kommunkod", positional[0]));
                return 2;
            }

            if (container.Resolve<IMunicipalityRegistry>().Current.Find(code.Value) is not { } m)
            {
                Console.Error.WriteLine($"Kommun {positional[0]} finns inte i konfigurationen.");
                return 2;
            }

            await CoreStartup.InitializeDatabasesAsync(container, CancellationToken.None);
            var status = await container.Resolve<IAdapterHealthMonitor>().CheckAsync(m.Code, CancellationToken.None);
            Console.WriteLine($"{m.Code} {m.Name} ({m.JournalSystem.Adapter}): {status.Status}, {status.Latency.TotalMilliseconds:0} ms{(status.Error is null ? "" : ": " + status.Error)}");
            return status.Healthy ? 0 : 1;
        }

        case "plugins":
        {
            foreach (var p in container.Resolve<IPluginCatalog>().Plugins)
            {
                Console.WriteLine($"  {p.Name,-12} kontrakt {p.ContractVersion ?? "?",-5} {(p.Loaded ? "laddad" : "EJ LADDAD: " + p.Error)}");
            }

            return 0;
        }

        case "audit-verify":
        {
            // Verifying a folder without SocialJour's data would create empty databases and report them "intact".
            // (--entry and --from-head check files a municipality holds and need no database.)
            if (!options.ContainsKey("--entry") && !options.ContainsKey("--from-head") && MissingData(core) is { } missing)
            {
                Console.Error.WriteLine(missing);
                return 2;
            }

            return await SocialJour.Cli.AuditVerify.RunAsync(core, options);
        }

        default:
            Console.Error.WriteLine($"Okänt kommando '{command}'.");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (Exception e) when (e is ConfigurationRejectedException or DatabaseSchemaException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static string? MissingData(CoreOptions core)
{
    if (core.Database.Provider != DatabaseProvider.Sqlite)
    {
        return null; // PostgreSQL: the start-up check names a missing database or schema
    }

    var folder = core.Database.DataDirectory;
    var file = Path.Combine(folder, "core.db");
    return File.Exists(file)
        ? null
        : $"Mappen {folder} innehåller inga SocialJour-data ({Path.GetFileName(file)} saknas). Ange rätt mapp med --data; inget har skapats.";
}

static int Calendar(List<string> positional, CoreOptions core)
{
    if (positional.Count != 1 || !int.TryParse(positional[0], CultureInfo.InvariantCulture, out var year))
    {
        Console.Error.WriteLine($"Ange ett år mellan {SwedishCalendar.FirstSupportedYear} och {SwedishCalendar.LastSupportedYear}: socialjour calendar 2026");
        return 2;
    }

    if (!SwedishCalendar.IsSupportedYear(year))
    {
        Console.Error.WriteLine(SwedishCalendar.UnsupportedYearMessage(year));
        return 2;
    }

    var loaded = new JourConfigurationLoader(_ => null, TimeProvider.System).Load(core.ConfigurationPath);
    if (!loaded.Ok)
    {
        Console.Error.WriteLine(new ConfigurationRejectedException(loaded.Problems).Message);
        return 2;
    }

    var schedule = loaded.Configuration!.Schedule;
    var zone = loaded.Configuration.Jour.TimeZone;
    Console.WriteLine($"Helgdagar och aftnar {year}:");
    foreach (var (date, name) in SwedishCalendar.PublicHolidays(year).Concat(SwedishCalendar.Eves(year)).OrderBy(h => h.Date))
    {
        Console.WriteLine($"  {date:yyyy-MM-dd} {date.ToString("ddd", new CultureInfo("sv-SE")),-4} {name}");
    }

    Console.WriteLine();
    Console.WriteLine($"Dagar med avvikande öppettider {year} (jouren öppnar; annars vardag {schedule.Hours.Weekday:HH\\:mm}, fredag {schedule.Hours.Friday:HH\\:mm}, helg {schedule.Hours.NonWorkingDay:HH\\:mm}):");
    for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
    {
        var normal = SwedishCalendar.IsWeekend(d) ? schedule.Hours.NonWorkingDay : d.DayOfWeek == DayOfWeek.Friday ? schedule.Hours.Friday : schedule.Hours.Weekday;
        var opens = schedule.OpensOn(d);
        if (opens != normal || SwedishCalendar.IsPublicHoliday(d) || SwedishCalendar.IsEve(d))
        {
            var segments = string.Join(", ", schedule.SegmentsOn(d).Select(s => $"{s.Mode} {JourClock.ToLocal(s.Start, zone):HH:mm}–{JourClock.ToLocal(s.End, zone):HH:mm}"));
            Console.WriteLine($"  {d:yyyy-MM-dd} {d.ToString("ddd", new CultureInfo("sv-SE")),-4} {SwedishCalendar.KindOf(d),-13} öppnar {opens:HH\\:mm}  [{segments}]");
        }
    }

    return 0;
}
