using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SocialJour.Benchmarks;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Statistics;
using SocialJour.Modules.Statistics.Facts;
using SocialJour.Modules.Statistics.Contracts;
using SocialJour.Modules.Statistics.Report;

// The statistics benchmark of issue 14. Usage:
//   dotnet run -c Release --project tests/benchmarks/StatisticsBenchmark [-- [sqlite|postgres|both] [<output.md>] [<cases>]]
// A national host: 290 municipalities, 3 million cases over ten years (2016–2025) with proportional contacts, time, response
// targets, commissions, deviations and look-ups, bulk-loaded straight into the fact tables of a database created by the
// module's migrations (SQLite: prepared inserts in big transactions; PostgreSQL: COPY into a throwaway PostgreSQL 15 cluster).
// Then the annual report (a whole year, 2025, with 2 comparison years) is timed through StatisticsReporter.ReportAsync:
// median and slowest of the rounds after warm-up. Target: under 1 second on both. Fixed seed: the same facts every run.
var inv = CultureInfo.InvariantCulture;
var which = args.Length > 0 ? args[0] : "both";
var output = args.Length > 1 ? args[1] : null;
var cases = args.Length > 2 ? int.Parse(args[2], inv) : 3_000_000;
const int Warmup = 2;
const int Rounds = 9;

var configuration = BenchmarkJour.Create();
var registry = new FixedRegistry(configuration);
var clock = new JourClock(TimeProvider.System, registry);
var query = new StatisticsQuery(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 2);

var report = new StringBuilder();
report.AppendLine(inv, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
report.AppendLine(inv, $"{configuration.Municipalities.Count} municipalities; {cases:N0} cases 2016–2025 with their contacts, time, response targets, commissions, deviations and look-ups (rows below).");
report.AppendLine(inv, $"Timed: StatisticsReporter.ReportAsync for {query.From:yyyy-MM-dd}–{query.To:yyyy-MM-dd} with {query.CompareYears} comparison years (every table, the key figures for 3 periods); {Rounds} rounds after {Warmup} warm-up, in milliseconds.");
report.AppendLine();
report.AppendLine("| Database | Load (s) | Report: median (ms) | slowest (ms) | Benchmark process CPU: median (ms) | Cases in the year | Contacts in the year |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
string? counts = null;
var medians = new List<double>();
var breakdown = new List<string>();
var rollups = new List<string>();

if (which is "sqlite" or "both")
{
    // STATBENCH_SQLITE_DIR keeps the loaded file there (and reuses it on the next run) for EXPLAIN QUERY PLAN; else a temporary one.
    var kept = Environment.GetEnvironmentVariable("STATBENCH_SQLITE_DIR");
    var dir = kept ?? Path.Combine(Path.GetTempPath(), "socialjour-statbench-" + Guid.NewGuid().ToString("N"));
    var file = Path.Combine(dir, StatisticsDbContext.ModuleName + ".db");
    try
    {
        var database = new DatabaseOptions(DatabaseProvider.Sqlite, dir, null);
        var reuse = kept is not null && File.Exists(file);
        var sw = Stopwatch.StartNew();
        await MigrateAsync(database); // a reused file from before the roll-ups: the migration rolls its facts up here
        var migrate = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var rows = reuse ? "(reused)" : FactLoader.LoadSqlite(file, cases);
        var load = sw.Elapsed.TotalSeconds;
        counts ??= rows;
        await RollUpAsync("SQLite", database, reuse, migrate);
        await TimeAsync("SQLite", database, load);
    }
    finally
    {
        if (kept is null)
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

if (which is "postgres" or "both")
{
    // STATBENCH_PG names a running server to use (loaded once, reused while its facts are there) for EXPLAIN; else a throwaway cluster.
    var server = Environment.GetEnvironmentVariable("STATBENCH_PG");
    await using var cluster = server is null ? await PostgresCluster.StartAsync() : null;
    var connectionString = server ?? cluster!.ConnectionString;
    var database = new DatabaseOptions(DatabaseProvider.PostgreSql, Path.GetTempPath(), connectionString);
    var sw = Stopwatch.StartNew();
    await MigrateAsync(database);
    var migrate = sw.Elapsed.TotalSeconds;
    sw.Restart();
    var reuse = server is not null && await FactLoader.HasFactsAsync(connectionString);
    var rows = reuse ? "(reused)" : await FactLoader.LoadPostgresAsync(connectionString, cases);
    var load = sw.Elapsed.TotalSeconds;
    counts ??= rows;
    await RollUpAsync("PostgreSQL 15", database, reuse, migrate);
    await TimeAsync("PostgreSQL 15", database, load);
}

report.AppendLine();
report.AppendLine(inv, $"Rows: {counts}.");
report.AppendLine();
report.AppendLine(inv, $"Roll-ups: {string.Join("; ", rollups)}.");
report.AppendLine();
report.AppendLine(inv, $"Database reads alone (one run after the rounds): {string.Join("; ", breakdown)}.");
var load1 = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
report.AppendLine("The CPU column is the benchmark process's own: all of SQLite's work, only the client's for PostgreSQL (the server is another process).");
report.AppendLine(inv, $"Target < 1 000 ms for the annual report (median): {(medians.All(m => m < 1000) ? "met" : "NOT met")}; load average {load1} at the end.");
Console.Write(report);
if (output is not null)
{
    File.WriteAllText(output, report.ToString());
}

// The bulk load writes the facts only: their month roll-ups are built afterwards in one pass, as the migration that created
// the roll-ups does for a database that already has facts (a reused file from before it: timed in the migration instead).
async Task RollUpAsync(string name, DatabaseOptions database, bool reused, double migrate)
{
    if (reused)
    {
        rollups.Add(string.Create(inv, $"{name}: migrations on the reused database (with any roll-up of its facts) {migrate:F0} s"));
        return;
    }

    var sw = Stopwatch.StartNew();
    await using var db = Contexts(database)();
    await MonthRollup.RebuildAsync(db, CancellationToken.None);
    rollups.Add(string.Create(inv, $"{name}: month and year roll-ups built from the loaded facts in {sw.Elapsed.TotalSeconds:F0} s"));
}

async Task MigrateAsync(DatabaseOptions database)
{
    var contexts = Contexts(database);
    await new ModuleDatabase<StatisticsDbContext>(StatisticsDbContext.ModuleName, contexts).MigrateAsync(CancellationToken.None);
}

Func<StatisticsDbContext> Contexts(DatabaseOptions database)
{
    var builder = new DbContextOptionsBuilder<StatisticsDbContext>();
    database.Configure(builder, StatisticsDbContext.ModuleName);
    var options = builder.Options;
    return () => new StatisticsDbContext(options, database);
}

async Task TimeAsync(string name, DatabaseOptions database, double load)
{
    Console.WriteLine(string.Create(inv, $"{name}: loaded in {load:F0} s"));
    var reporter = new StatisticsReporter(Contexts(database), registry, clock);
    var times = new List<double>();
    var cpu = new List<double>();
    StatisticsReport? result = null;
    var process = Process.GetCurrentProcess();
    for (var round = 0; round < Warmup + Rounds; round++)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        result = await reporter.ReportAsync(query, CancellationToken.None);
        var ms = sw.Elapsed.TotalMilliseconds;
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        Console.WriteLine(string.Create(inv, $"{name} round {round + 1}: {ms:F0} ms (this process's CPU {cpuMs:F0} ms)"));
        if (round >= Warmup)
        {
            times.Add(ms);
            cpu.Add(cpuMs);
        }
    }

    times.Sort();
    cpu.Sort();

    // Where the time goes: the database reads of each period (FactQueries) and the breach list, once more after the rounds.
    var contexts = Contexts(database);
    var periods = ReportPeriods.Of(query);
    var parts = new List<string>();
    await using (var db = contexts())
    {
        foreach (var period in periods)
        {
            var sw = Stopwatch.StartNew();
            await FactQueries.LoadAsync(contexts, period, null, CancellationToken.None);
            parts.Add(string.Create(inv, $"{period.Label}{(period == periods[^1] ? " (chosen)" : "")} {sw.Elapsed.TotalMilliseconds:F0} ms"));
        }

        var swb = Stopwatch.StartNew();
        var breaches = await FactQueries.BreachesAsync(db, periods[^1], null, CancellationToken.None);
        parts.Add(string.Create(inv, $"breaches ({breaches.Count:N0}) {swb.Elapsed.TotalMilliseconds:F0} ms"));
    }

    Console.WriteLine($"{name} reads: {string.Join(", ", parts)}");
    breakdown.Add($"{name}: {string.Join(", ", parts)}");
    medians.Add(times[times.Count / 2]);
    var key = result!.Tables.Single(t => t.Key == "key-figures");
    string Figure(string row) => key.Rows.Single(r => r.Key == row).Cells[^1].Display;
    report.AppendLine(inv, $"| {name} | {load:F0} | {times[times.Count / 2]:F0} | {times[^1]:F0} | {cpu[cpu.Count / 2]:F0} | {Figure("cases")} | {Figure("contacts")} |");
}

namespace SocialJour.Benchmarks
{
    /// <summary>A jour of every municipality in Sweden (the core's list), all members since 2015, Nordväst's hours.</summary>
    internal static class BenchmarkJour
    {
        public static JourConfiguration Create()
        {
            var none = new JournalSystemSettings("None", null, null, new Dictionary<string, string>());
            var municipalities = MunicipalityCodes.ShortNames.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new Municipality(MunicipalityCode.Of(kv.Key), kv.Value, new DateOnly(2015, 1, 1), null, none, new Dictionary<int, int>()))
                .ToList();
            var jour = new JourSettings("Nationell jour (benchmark)", municipalities[0].Code, JourSchedule.Stockholm, OpeningHours.Nordvast);
            return new JourConfiguration(jour, municipalities, "benchmark", DateTimeOffset.UtcNow);
        }
    }

    internal sealed class FixedRegistry(JourConfiguration configuration) : IMunicipalityRegistry
    {
        public JourConfiguration Current => configuration;

        public IReadOnlyList<ConfigurationProblem> RejectedProblems => [];

        public DateTimeOffset? RejectedAt => null;

        public IReadOnlyList<PendingChange> RejectedChanges => [];

        public string? StartedOnLastValid => null;

        public event EventHandler<JourConfiguration>? Changed
        {
            add { }
            remove { }
        }

        public IReadOnlyList<Municipality> MembersOn(DateOnly date) => configuration.MembersOn(date);

        public LoadResult Reload() => new(configuration, []);
    }
}
