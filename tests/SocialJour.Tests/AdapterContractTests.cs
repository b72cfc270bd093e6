using Autofac;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Health;
using SocialJour.Core.Plugins;
using SocialJour.Simulator;

namespace SocialJour.Tests;

/// <summary>
/// One contract suite for every adapter: the same synthetic people, served by each system's simulator
/// profile, must yield the same canonical history; and each fault must give the same source status.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class AdapterContractTests(SimulatorFixture simulator) : IAsyncLifetime
{
    private static readonly LookupContext Context = new("anna", "J-2026-0001", "Kontraktstest");

    public static TheoryData<string, string> AdapterAndMunicipality()
    {
        var data = new TheoryData<string, string>();
        foreach (var adapter in AdapterProfiles.All)
        {
            foreach (var code in new[] { "0191", "0163", "0184" })
            {
                data.Add(adapter, code);
            }
        }

        return data;
    }

    public static TheoryData<string, string, SourceStatus> FaultMatrix()
    {
        var data = new TheoryData<string, string, SourceStatus>();
        foreach (var adapter in AdapterProfiles.All)
        {
            data.Add(adapter, "{\"ErrorRate\":1.0}", SourceStatus.Unavailable);
            data.Add(adapter, "{\"Html\":true}", SourceStatus.Unavailable);
            data.Add(adapter, "{\"Garbage\":true}", SourceStatus.InvalidResponse);
            data.Add(adapter, "{\"ExpiredCredentials\":true}", SourceStatus.NoAccess);
            data.Add(adapter, "{\"EmptyAnswers\":true}", SourceStatus.NoAccess);
        }

        return data;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => simulator.ClearFaultsAsync();

    private (IContainer Container, TempDir Dir) Configure(string code, string adapter)
    {
        var dir = new TempDir();
        return (CoreHarness.Build(AdapterProfiles.ConfigWith(dir, simulator, code, adapter), dir.File("data")), dir);
    }

    [Theory]
    [MemberData(nameof(AdapterAndMunicipality))]
    public async Task Every_person_known_in_the_municipality_yields_the_canonical_history(string adapter, string code)
    {
        var (container, dir) = Configure(code, adapter);
        using var _ = container;
        using var __ = dir;
        var source = container.Resolve<IJournalSources>().Get(code)!;
        Assert.True(source.Enabled, source.DisabledReason);
        var people = Population.All.Where(p => p.Records.Any(r => r.MunicipalityCode == code) && p.PersonId != Population.CanaryPersonId).ToList();
        Assert.NotEmpty(people);

        foreach (var person in people)
        {
            var result = await source.Adapter!.GetClientHistoryAsync(new PersonId(person.PersonId), Context, CancellationToken.None);

            Assert.True(result.Status == SourceStatus.Found, $"{adapter} {code} {person.Name}: {result.Status} {result.Detail}");
            Assert.Equal(Expected(person, code), Canonical(result.Value!));
        }
    }

    [Theory]
    [MemberData(nameof(AdapterAndMunicipality))]
    public async Task A_person_the_municipality_does_not_know_is_not_found(string adapter, string code)
    {
        var (container, dir) = Configure(code, adapter);
        using var _ = container;
        using var __ = dir;
        var stranger = Population.All.First(p => p.Records.All(r => r.MunicipalityCode != code));

        var result = await container.Resolve<IJournalSources>().Get(code)!.Adapter!.FindPersonAsync(new PersonId(stranger.PersonId), Context, CancellationToken.None);

        Assert.Equal(SourceStatus.NotFound, result.Status);
    }

    [Theory]
    [MemberData(nameof(FaultMatrix))]
    public async Task Each_fault_gives_the_same_status_whatever_the_system(string adapter, string fault, SourceStatus expected)
    {
        const string code = "0123";
        var (container, dir) = Configure(code, adapter);
        using var _ = container;
        using var __ = dir;
        await simulator.SetFaultAsync(AdapterProfiles.SimulatorProfile(adapter), "jarfalla", System.Text.Json.JsonDocument.Parse(fault).RootElement);

        var status = await container.Resolve<IAdapterHealthMonitor>().CheckAsync(code, CancellationToken.None);

        Assert.True(status.Status == expected, $"{adapter} {fault}: {status.Status} {status.Error}");
        Assert.False(string.IsNullOrWhiteSpace(status.Error));
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task A_hanging_system_is_timed_out_at_the_deadline(string adapter)
    {
        const string code = "0125";
        var (container, dir) = Configure(code, adapter);
        using var _ = container;
        using var __ = dir;
        await simulator.SetFaultAsync(AdapterProfiles.SimulatorProfile(adapter), "ekero", new { Hang = true });
        var monitor = (AdapterHealthMonitor)container.Resolve<IAdapterHealthMonitor>();
        monitor.CheckTimeout = TimeSpan.FromMilliseconds(500);

        var status = await monitor.CheckAsync(code, CancellationToken.None);

        Assert.Equal(SourceStatus.TimedOut, status.Status);
    }

    public static TheoryData<string> Adapters() => [.. AdapterProfiles.All];

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Added_latency_is_waited_for_and_measured(string adapter)
    {
        const string code = "0184";
        var (container, dir) = Configure(code, adapter);
        using var _ = container;
        using var __ = dir;
        await simulator.SetFaultAsync(AdapterProfiles.SimulatorProfile(adapter), "solna", new { LatencyMs = 300 });

        var status = await container.Resolve<IAdapterHealthMonitor>().CheckAsync(code, CancellationToken.None);

        Assert.Equal(SourceStatus.Found, status.Status);
        Assert.True(status.Latency >= TimeSpan.FromMilliseconds(280), $"{adapter}: {status.Latency.TotalMilliseconds} ms");
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task A_municipality_moves_to_another_system_by_editing_the_configuration_while_running(string adapter)
    {
        // Solna starts on Lifecare in the demo; IT edits only its JournalSystem block and saves.
        using var dir = new TempDir();
        var path = simulator.WriteDemoConfig(dir);
        using var container = CoreHarness.Build(path, dir.File("data"));
        var sources = container.Resolve<IJournalSources>();
        var before = sources.Get("0184")!.Adapter!;

        using var target = new TempDir();
        var edited = AdapterProfiles.ConfigWith(target, simulator, "0184", adapter);
        foreach (var f in Directory.GetFiles(Path.Combine(target.Path, "secrets")))
        {
            File.Copy(f, Path.Combine(dir.Path, "secrets", Path.GetFileName(f)), overwrite: true);
        }

        File.WriteAllText(path, File.ReadAllText(edited));
        Assert.True(container.Resolve<SocialJour.Core.Configuration.IMunicipalityRegistry>().Reload().Ok);
        var status = await container.Resolve<IAdapterHealthMonitor>().CheckAsync("0184", CancellationToken.None);

        Assert.Equal(adapter, container.Resolve<SocialJour.Core.Configuration.IMunicipalityRegistry>().Current.Find("0184")!.JournalSystem.Adapter);
        Assert.StartsWith("LifecareAdapter", before.GetType().Name, StringComparison.Ordinal);
        Assert.Equal(adapter + "Adapter", sources.Get("0184")!.Adapter!.GetType().Name);
        Assert.True(status.Status == SourceStatus.Found, $"{adapter}: {status.Error}");
    }

    private sealed record CanonicalHistory(string Name, ProtectedIdentity Protected, string Address, string Cases, string Decisions, string Placements, string Caseworkers, string Warnings);

    private static CanonicalHistory Canonical(ClientHistory h) => new(
        h.Person.Name,
        h.Person.ProtectedIdentity,
        h.Person.Address is { } a ? $"{a.Street}|{a.PostalCode}|{a.City}" : "",
        Join(h.OpenCases.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => $"{c.Id}:{c.Type}:{c.From}:{c.To}:{c.Caseworker}:{c.Unit}")),
        Join(h.Decisions.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => $"{d.Id}:{d.Type}:{d.Reason}:{d.LegalBasis}:{d.DecidedOn}:{d.From}:{d.To}:{d.DecisionMaker}")),
        Join(h.Placements.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => $"{p.Id}:{p.Type}:{p.LegalBasis}:{p.From}:{p.To}:{p.Location}")),
        Join(h.Caseworkers.Select(c => c.Name).Order(StringComparer.Ordinal)),
        Join(h.Warnings.OrderBy(w => w.Text, StringComparer.Ordinal).Select(w => $"{w.Kind}:{w.Text}:{w.From}:{w.To}")));

    private static CanonicalHistory Expected(SimPerson p, string code)
    {
        var r = p.Records.Single(x => x.MunicipalityCode == code);
        static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new CanonicalHistory(
            p.Name,
            p.Protected switch { true => ProtectedIdentity.Yes, false => ProtectedIdentity.No, null => ProtectedIdentity.Unknown },
            p.Protected == true ? "" : $"{p.Street}|{p.PostalCode}|{p.City}",
            Join(r.Investigations.OrderBy(i => Id(i.Id), StringComparer.Ordinal).Select(i => $"{Id(i.Id)}:{i.Type}:{i.From}:{i.To}:{i.Caseworker}:{i.Organization}")),
            Join(r.Decisions.OrderBy(d => Id(d.Id), StringComparer.Ordinal).Select(d => $"{Id(d.Id)}:{d.Type}:{d.Reason}:{LegalBases.FromProvision(d.Paragraph)}:{d.Date}:{d.From}:{d.To}:{d.DecisionMaker}")),
            Join(r.Services.OrderBy(s => Id(s.Id), StringComparer.Ordinal).Select(s => $"{Id(s.Id)}:{s.Type}:{LegalBases.FromProvision(s.Paragraph)}:{s.Start}:{s.End}:{s.Location}")),
            Join(r.Contacts.Select(c => c.Name).Concat(r.Investigations.Select(i => i.Caseworker)).Concat(r.Services.Select(s => s.Caseworker)).Distinct().Order(StringComparer.Ordinal)),
            Join(r.Warnings.OrderBy(w => w.Text, StringComparer.Ordinal).Select(w => $"{w.Type}:{w.Text}:{w.From}:{w.To}")));
    }

    private static string Join(IEnumerable<string> items) => string.Join(" / ", items);
}
