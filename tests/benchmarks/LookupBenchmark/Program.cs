using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialJour.Adapters.Contract;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;
using SocialJour.Core.Persistence;
using SocialJour.Core.Plugins;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Simulator;

// The look-up benchmark of issue 4. Usage: dotnet run -c Release --project tests/benchmarks/LookupBenchmark [-- <output.md>]
// 1. 8 simulated sources, 100 ms added per request: our overhead above the slowest source (target ≤ 30 ms, median and p99).
// 2. One source hangs: the answer comes at its deadline with that source timed out.
// 3. Instant in-memory sources: our own overhead (target p99 < 20 ms) and throughput (target ≥ 200 look-ups/s), durable log write included.
var output = args.Length > 0 ? args[0] : null;
var repo = FindRepoRoot();
var report = new StringBuilder();
var inv = CultureInfo.InvariantCulture;
report.AppendLine(inv, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, SQLite WAL synchronous=FULL.");
report.AppendLine();

var simulator = SimulatorApp.Create(["--urls", "http://127.0.0.1:0", "--CombineHttpsPort", "0", "--SmtpPort", "0", "--Logging:LogLevel:Default", "Warning"]);
await simulator.StartAsync();
var addresses = simulator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
var http = new Uri(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal)) + "/");
var https = new Uri(addresses.First(a => a.StartsWith("https:", StringComparison.Ordinal)) + "/");
using var control = new HttpClient { BaseAddress = http };
var tenants = new Dictionary<string, string>
{
    ["ekero"] = "lifecare", ["sigtuna"] = "lifecare", ["solna"] = "lifecare", ["jarfalla"] = "lifecare",
    ["sollentuna"] = "procapita", ["sundbyberg"] = "treserva", ["upplandsbro"] = "combine", ["upplandsvasby"] = "viva",
};
var people = new[] { "201107222380", "201003152384", "198511302385", "199203172383" };

// 1. Eight sources at 100 ms.
foreach (var (tenant, profile) in tenants)
{
    (await control.PutAsJsonAsync($"_sim/faults/{profile}/{tenant}", new { LatencyMs = 100 })).EnsureSuccessStatusCode();
}

await using (var c = Build(null))
{
    var lookup = c.Resolve<IClientLookup>();
    await Run(lookup, people, 10);
    var samples = await Run(lookup, people, 200);
    var overhead = samples.Select(s => s.Total - s.Slowest).ToList();
    report.AppendLine("### 1. Eight sources at 100 ms per request (simulator over loopback HTTP)");
    report.AppendLine();
    report.AppendLine("200 sequential look-ups after 10 warm-up. *Overhead* = answer time minus the slowest source's own time (target ≤ 30 ms).");
    report.AppendLine();
    report.AppendLine("| | median | p99 | max |");
    report.AppendLine("|---|---|---|---|");
    report.AppendLine(inv, $"| answer time (ms) | {P(samples.Select(s => s.Total), 50):0.0} | {P(samples.Select(s => s.Total), 99):0.0} | {samples.Max(s => s.Total):0.0} |");
    report.AppendLine(inv, $"| slowest source (ms) | {P(samples.Select(s => s.Slowest), 50):0.0} | {P(samples.Select(s => s.Slowest), 99):0.0} | {samples.Max(s => s.Slowest):0.0} |");
    report.AppendLine(inv, $"| **overhead (ms)** | **{P(overhead, 50):0.0}** | **{P(overhead, 99):0.0}** | {overhead.Max():0.0} |");
    report.AppendLine(inv, $"| incomplete answers | {samples.Count(s => !s.Complete)} of {samples.Count} | | |");
    report.AppendLine();

    // 2. One source hangs.
    (await control.PutAsJsonAsync("_sim/faults/lifecare/ekero", new { Hang = true })).EnsureSuccessStatusCode();
    var hung = await Run(lookup, people, 10);
    var options = c.Resolve<LookupOptions>();
    report.AppendLine(inv, $"### 2. One hanging source (Ekerö), the others at 100 ms; per-source limit {options.SourceTimeout.TotalSeconds:0} s, overall {options.OverallDeadline.TotalSeconds:0} s");
    report.AppendLine();
    report.AppendLine(inv, $"10 look-ups: answer time median {P(hung.Select(s => s.Total), 50):0} ms, max {hung.Max(s => s.Total):0} ms; Ekerö timed out in {hung.Count(s => s.HangTimedOut)} of 10; all marked incomplete: {hung.All(s => !s.Complete)}.");
    report.AppendLine();
}

(await control.DeleteAsync("_sim/faults")).EnsureSuccessStatusCode();

// 3. Instant sources.
await using (var c = Build(r => new InstantSources(r)))
{
    var lookup = c.Resolve<IClientLookup>();
    await Run(lookup, people, 200);
    var sequential = await Run(lookup, people, 2000);
    var duration = TimeSpan.FromSeconds(10);
    var loads = new List<(int Concurrency, List<Sample> Samples, double Seconds)>();
    foreach (var concurrency in new[] { 4, 16 })
    {
        var loaded = new List<Sample>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = new List<Sample>();
            var i = w;
            while (watch.Elapsed < duration)
            {
                mine.Add(await One(lookup, people[i++ % people.Length]));
            }

            lock (loaded)
            {
                loaded.AddRange(mine);
            }
        }));
        loads.Add((concurrency, loaded, watch.Elapsed.TotalSeconds));
    }

    report.AppendLine("### 3. Instant in-memory sources: our own overhead and throughput");
    report.AppendLine();
    report.AppendLine("Eight adapters that answer at once (one Found, seven NotFound), so the time is all ours: need-to-know check, fan-out, merge, the jour's own cases, and the durable access-log write.");
    report.AppendLine();
    report.AppendLine("| | median | p99 | max | look-ups/s |");
    report.AppendLine("|---|---|---|---|---|");
    report.AppendLine(inv, $"| one at a time, 2000 look-ups (ms) | {P(sequential.Select(s => s.Total), 50):0.00} | **{P(sequential.Select(s => s.Total), 99):0.00}** | {sequential.Max(s => s.Total):0.00} | {sequential.Count / (sequential.Sum(s => s.Total) / 1000):0} |");
    foreach (var (concurrency, loaded, seconds) in loads)
    {
        report.AppendLine(inv, $"| {concurrency} concurrent for {duration.TotalSeconds:0} s (ms) | {P(loaded.Select(s => s.Total), 50):0.00} | {P(loaded.Select(s => s.Total), 99):0.00} | {loaded.Max(s => s.Total):0.00} | **{loaded.Count / seconds:0}** |");
    }
    var verification = await c.Resolve<IAccessLog>().VerifyAsync();
    report.AppendLine();
    report.AppendLine(inv, $"Access log afterwards: {verification.EntriesChecked} entries, chain intact: {verification.Intact}.");
}

await simulator.StopAsync();
Console.WriteLine(report);
if (output is not null)
{
    await File.WriteAllTextAsync(output, report.ToString());
}

return 0;

IContainer Build(Func<IMunicipalityRegistry, IJournalSources>? sources)
{
    var dir = Directory.CreateTempSubdirectory("socialjour-bench-").FullName;
    Directory.CreateDirectory(Path.Combine(dir, "secrets"));
    foreach (var f in Directory.GetFiles(Path.Combine(repo, "config", "demo", "secrets")))
    {
        File.Copy(f, Path.Combine(dir, "secrets", Path.GetFileName(f)));
    }

    var config = Path.Combine(dir, "jour.json");
    var json = File.ReadAllText(Path.Combine(repo, "config", "demo", "jour.json"))
        .Replace("http://127.0.0.1:5080/", http.ToString(), StringComparison.Ordinal)
        .Replace("https://127.0.0.1:5443/", https.ToString(), StringComparison.Ordinal);
    if (sources is not null)
    {
        // Instant sources: leave out the population register too, so that what is measured is only ours.
        json = System.Text.RegularExpressions.Regex.Replace(json, "\"PopulationRegister\": \\{[^}]*\\{[^}]*\\}\\s*\\},", "");
    }

    File.WriteAllText(config, json);
    var services = new ServiceCollection();
    services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error).AddConsole());
    services.AddSingleton(TimeProvider.System);
    var builder = new ContainerBuilder();
    builder.Populate(services);
    builder.RegisterModule(new CoreAutofacModule(new CoreOptions(config, Path.Combine(repo, "artifacts", "plugins"),
        new DatabaseOptions(DatabaseProvider.Sqlite, Path.Combine(dir, "data"), null), WatchConfiguration: false)));
    builder.RegisterModule(new IntakeAutofacModule());
    builder.RegisterModule(new SocialJour.Modules.Lookup.LookupAutofacModule());
    if (sources is not null)
    {
        builder.Register(ctx => sources(ctx.Resolve<IMunicipalityRegistry>())).As<IJournalSources>().SingleInstance();
    }

    var container = builder.Build();
    CoreStartup.InitializeDatabasesAsync(container, CancellationToken.None).GetAwaiter().GetResult();

    // Look-ups are bound to an open jour case, as at the jour (an emergency opening also writes its follow-up row).
    CaseOf.Id = container.Resolve<IIntakeModule>().RegisterContactAsync(new SocialJour.Modules.Intake.Contracts.ContactRegistration(
        SocialJour.Modules.Intake.Contracts.ContactChannel.Police, null, "Benchmark", null,
        // Need-to-know: every person looked up is a person of the same contact (one case each).
        people.Select(p => new SocialJour.Modules.Intake.Contracts.PersonConcerned(p, null, null, "0191", SocialJour.Modules.Intake.Contracts.CaseCategory.Other)).ToList()),
        "bench", CancellationToken.None).GetAwaiter().GetResult().Cases[0].Id;
    return container;
}

static async Task<List<Sample>> Run(IClientLookup lookup, string[] people, int count)
{
    var samples = new List<Sample>(count);
    for (var i = 0; i < count; i++)
    {
        samples.Add(await One(lookup, people[i % people.Length]));
    }

    return samples;
}

static async Task<Sample> One(IClientLookup lookup, string person)
{
    var started = Stopwatch.GetTimestamp();
    var r = await lookup.LookupAsync(new LookupRequest("bench", person, CaseOf.Id, "Skyddsbedömning", null, PurposeText: "benchmark"), CancellationToken.None);
    var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    return new Sample(total, r.Sources.Max(s => s.LatencyMs), r.Complete, r.Sources.Any(s => s.MunicipalityCode == "0125" && s.Status == SourceStatus.TimedOut));
}

static double P(IEnumerable<double> values, int percentile)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

static string FindRepoRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
    {
        if (File.Exists(Path.Combine(d.FullName, "SocialJour.sln")))
        {
            return d.FullName;
        }
    }

    throw new InvalidOperationException("SocialJour.sln not found above " + AppContext.BaseDirectory);
}

internal static class CaseOf
{
    public static string Id { get; set; } = "";
}

internal sealed record Sample(double Total, double Slowest, bool Complete, bool HangTimedOut);

/// <summary>Journal sources that answer at once from memory: one municipality knows the person, the others do not.</summary>
internal sealed class InstantSources(IMunicipalityRegistry registry) : IJournalSources
{
    private readonly Dictionary<string, JournalSource> _sources = registry.Current.Municipalities
        .ToDictionary(m => m.Code.Value, m => new JournalSource(m, new InstantAdapter(m.Code == "0191"), null));

    public IReadOnlyList<JournalSource> All => [.. _sources.Values];

    public JournalSource? Get(string municipalityCode) => _sources.GetValueOrDefault(municipalityCode);

    public IReadOnlyList<string> RefreshChangedSecrets() => [];
}

internal sealed class InstantAdapter(bool knows) : IJournalAdapter
{
    public Task<AdapterResult<PersonRecord>> FindPersonAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        Task.FromResult(knows
            ? AdapterResult<PersonRecord>.Found(Person(personId), TimeSpan.Zero)
            : AdapterResult<PersonRecord>.Failed(SourceStatus.NotFound, "Personen finns inte i systemet", TimeSpan.Zero));

    public Task<AdapterResult<ClientHistory>> GetClientHistoryAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        Task.FromResult(knows
            ? AdapterResult<ClientHistory>.Found(new ClientHistory(Person(personId),
                [new OpenCase("1", "Utredning barn och unga", new DateOnly(2026, 2, 1), null, "Karin Ek", "IFO")],
                [new Decision("2", "Vård enligt LVU", null, LegalBasis.LVU, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2), null, "Socialnämnden")],
                [new Placement("3", "Placering HVB", LegalBasis.LVU, new DateOnly(2026, 3, 3), null, "HVB Björken")],
                [new Caseworker("Karin Ek", "Socialsekreterare", "IFO", "08-591 260 00", null)],
                [new Warning("Rymningsrisk", "Har avvikit", new DateOnly(2026, 6, 1), null)]), TimeSpan.Zero)
            : AdapterResult<ClientHistory>.Failed(SourceStatus.NotFound, "Personen finns inte i systemet", TimeSpan.Zero));

    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new AdapterHealth(SourceStatus.Found, TimeSpan.Zero, null));

    private static PersonRecord Person(PersonId id) => new(id.TwelveDigits, "Test Testsson", ProtectedIdentity.No, new PostalAddress("Gatan 1", "19000", "Sigtuna"));
}
