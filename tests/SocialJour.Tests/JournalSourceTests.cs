using Autofac;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Health;
using SocialJour.Core.Plugins;

namespace SocialJour.Tests;

/// <summary>Adapters through the simulator over real HTTP: statuses, faults, the canary, the history of checks.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class JournalSourceTests(SimulatorFixture simulator) : IAsyncLifetime
{
    private static readonly LookupContext Context = new("anna", "J-2026-0001", "Test");
    private readonly TempDir _dir = new();
    private IContainer _container = null!;

    public Task InitializeAsync()
    {
        _container = CoreHarness.Build(simulator.WriteDemoConfig(_dir), _dir.File("data"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await simulator.ClearFaultsAsync();
        _container.Dispose();
        _dir.Dispose();
    }

    private IJournalAdapter Adapter(string code) => _container.Resolve<IJournalSources>().Get(code)!.Adapter!;

    private AdapterHealthMonitor Monitor => (AdapterHealthMonitor)_container.Resolve<IAdapterHealthMonitor>();

    [Fact]
    public async Task A_child_placed_under_LVU_shows_the_placement_its_legal_basis_caseworker_and_warning()
    {
        var result = await Adapter("0191").GetClientHistoryAsync(new PersonId("201003152384"), Context, CancellationToken.None);

        Assert.Equal(SourceStatus.Found, result.Status);
        var placement = Assert.Single(result.Value!.Placements);
        Assert.Equal(LegalBasis.LVU, placement.LegalBasis);
        Assert.Contains(result.Value.Caseworkers, c => c.Name == "Karin Ek" && c.Phone == "08-591 260 00");
        Assert.Contains(result.Value.Warnings, w => w.Kind == "Rymningsrisk");
    }

    [Fact]
    public async Task A_child_placed_under_SoL_is_not_reported_as_LVU()
    {
        var result = await Adapter("0123").GetClientHistoryAsync(new PersonId("201107222380"), Context, CancellationToken.None);

        Assert.Equal(LegalBasis.SoL, Assert.Single(result.Value!.Placements).LegalBasis);
    }

    [Fact]
    public async Task Protected_identity_is_reported_and_no_address_is_given()
    {
        var result = await Adapter("0184").FindPersonAsync(new PersonId("198511302385"), Context, CancellationToken.None);

        Assert.Equal(ProtectedIdentity.Yes, result.Value!.ProtectedIdentity);
        Assert.Null(result.Value.Address);
    }

    [Fact]
    public async Task Missing_protection_flag_is_unknown_not_unprotected()
    {
        var result = await Adapter("0125").FindPersonAsync(new PersonId("200604082388"), Context, CancellationToken.None);

        Assert.Equal(ProtectedIdentity.Unknown, result.Value!.ProtectedIdentity);
    }

    [Fact]
    public async Task A_person_unknown_to_the_municipality_is_not_found()
    {
        var result = await Adapter("0125").FindPersonAsync(new PersonId("201107222380"), Context, CancellationToken.None);

        Assert.Equal(SourceStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Healthy_source_finds_its_canary_and_the_check_is_kept_in_the_history()
    {
        var status = await Monitor.CheckAsync("0191", CancellationToken.None);

        Assert.Equal(SourceStatus.Found, status.Status);
        Assert.Same(status, Monitor.Latest("0191"));

        // A new process (a new container on the same database) sees the history.
        using var again = CoreHarness.Build(simulator.WriteDemoConfig(_dir), _dir.File("data"));
        var history = await again.Resolve<IAdapterHealthMonitor>().HistoryAsync("0191", 10, CancellationToken.None);
        Assert.Contains(history, h => h.Status == SourceStatus.Found);
    }

    [Fact]
    public async Task A_key_without_the_person_licence_is_no_access_not_no_records()
    {
        // The vendor answers 200 with an empty body: the canary proves the difference.
        await simulator.SetFaultAsync("sigtuna", new { EmptyAnswers = true });

        var status = await Monitor.CheckAsync("0191", CancellationToken.None);
        var lookup = await Adapter("0191").FindPersonAsync(new PersonId("201003152384"), Context, CancellationToken.None);

        Assert.Equal(SourceStatus.NoAccess, status.Status);
        Assert.Equal(SourceStatus.NoAccess, lookup.Status);
    }

    [Theory]
    [InlineData("{\"ErrorRate\":1.0}", SourceStatus.Unavailable)]
    [InlineData("{\"Html\":true}", SourceStatus.Unavailable)]
    [InlineData("{\"Garbage\":true}", SourceStatus.InvalidResponse)]
    [InlineData("{\"ExpiredCredentials\":true}", SourceStatus.NoAccess)]
    public async Task Each_fault_gets_its_own_status(string fault, SourceStatus expected)
    {
        await simulator.SetFaultAsync("jarfalla", System.Text.Json.JsonDocument.Parse(fault).RootElement);

        var status = await Monitor.CheckAsync("0123", CancellationToken.None);

        Assert.Equal(expected, status.Status);
        Assert.False(string.IsNullOrWhiteSpace(status.Error));
    }

    [Fact]
    public async Task A_hanging_source_is_reported_as_timed_out_at_the_deadline()
    {
        await simulator.SetFaultAsync("ekero", new { Hang = true });
        Monitor.CheckTimeout = TimeSpan.FromMilliseconds(500);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var status = await Monitor.CheckAsync("0125", CancellationToken.None);

        Assert.Equal(SourceStatus.TimedOut, status.Status);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_unreachable_system_is_unavailable()
    {
        using var dir = new TempDir();
        var path = simulator.WriteDemoConfig(dir, json => json.Replace(simulator.BaseUrl + "lifecare/solna/", "http://127.0.0.1:9/lifecare/solna/", StringComparison.Ordinal));
        using var container = CoreHarness.Build(path, dir.File("data"));

        var status = await container.Resolve<IAdapterHealthMonitor>().CheckAsync("0184", CancellationToken.None);

        Assert.True(status.Status == SourceStatus.Unavailable, status.Error);
    }

    [Fact]
    public async Task A_municipality_whose_installed_adapter_cannot_be_loaded_is_disabled_with_the_reason_and_the_others_work()
    {
        // An unknown adapter name is a configuration error (ConfigurationTests); an installed plugin that is broken
        // (here its assembly is missing) disables only its municipalities, with the reason.
        using var dir = new TempDir();
        var plugins = dir.File("plugins");
        foreach (var file in Directory.GetFiles(TestPaths.Plugins, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(plugins, Path.GetRelativePath(TestPaths.Plugins, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.Delete(Path.Combine(plugins, "Combine", "SocialJour.Adapters.Combine.dll"));
        var path = simulator.WriteDemoConfig(dir);
        using var container = CoreHarness.Build(path, dir.File("data"), pluginsDirectory: plugins);

        var all = await container.Resolve<IAdapterHealthMonitor>().CheckAllAsync(new DateOnly(2026, 11, 22), CancellationToken.None);

        var upplandsBro = Assert.Single(all, s => s.MunicipalityCode == "0139");
        Assert.Equal(SourceStatus.Disabled, upplandsBro.Status);
        Assert.Contains("Adaptern Combine kunde inte laddas: SocialJour.Adapters.Combine.dll saknas i mappen", upplandsBro.Error, StringComparison.Ordinal);
        Assert.All(all.Where(s => s.MunicipalityCode != "0139"), s => Assert.True(s.Status == SourceStatus.Found, $"{s.MunicipalityCode}: {s.Error}"));
        Assert.Equal(SourceStatus.Found, Assert.Single(all, s => s.MunicipalityCode == "0191").Status);
    }

    [Fact]
    public async Task Identity_numbers_and_keys_never_reach_the_log_even_when_sources_fail()
    {
        var logs = new CapturingLoggerProvider();
        using var dir = new TempDir();
        using var container = CoreHarness.Build(simulator.WriteDemoConfig(dir), dir.File("data"), logs: logs);
        var sources = container.Resolve<IJournalSources>();
        await simulator.SetFaultAsync("solna", new { ErrorRate = 1.0 });
        await simulator.SetFaultAsync("sigtuna", new { ExpiredCredentials = true });

        foreach (var code in new[] { "0184", "0191", "0123" })
        {
            await sources.Get(code)!.Adapter!.GetClientHistoryAsync(new PersonId("201003152384"), Context, CancellationToken.None);
        }

        await container.Resolve<IAdapterHealthMonitor>().CheckAllAsync(new DateOnly(2026, 11, 22), CancellationToken.None);

        Assert.Contains(logs.Lines, l => l.Contains("0184", StringComparison.Ordinal)); // failures are logged...
        Assert.DoesNotContain(logs.Lines, l => l.Contains("201003152384", StringComparison.Ordinal) || l.Contains("1003152384", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("191212121212", StringComparison.Ordinal) || l.Contains("1212121212", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("demo-lifecare", StringComparison.Ordinal) || l.Contains("key=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rotated_secret_behind_an_unchanged_reference_is_used_from_the_next_check_round()
    {
        var keyFile = Path.Combine(_dir.Path, "secrets", "sigtuna-lifecare.key");
        var sources = _container.Resolve<IJournalSources>();
        Assert.Empty(sources.RefreshChangedSecrets());

        File.WriteAllText(keyFile, "a-key-the-vendor-revoked");
        Assert.Equal(["0191"], sources.RefreshChangedSecrets());
        var revoked = await Monitor.CheckAsync("0191", CancellationToken.None);

        // "Kontrollera nu" right after IT replaced the file: the check itself picks up the new secret.
        File.WriteAllText(keyFile, "demo-lifecare-sigtuna-91c2");
        var rotated = await Monitor.CheckAsync("0191", CancellationToken.None);

        Assert.Equal(SourceStatus.NoAccess, revoked.Status);
        Assert.Equal(SourceStatus.Found, rotated.Status);
    }

    [Fact]
    public async Task Adapters_only_ever_read_from_the_journal_systems()
    {
        await Monitor.CheckAllAsync(new DateOnly(2026, 11, 22), CancellationToken.None);
        await Adapter("0191").GetClientHistoryAsync(new PersonId("201003152384"), Context, CancellationToken.None);

        var methods = await simulator.RequestMethodsAsync();
        var nonGets = await simulator.NonGetRequestsAsync();

        Assert.True(methods.GetValueOrDefault("GET") > 0);
        Assert.Contains(nonGets, r => r.EndsWith("/oauth/token", StringComparison.Ordinal)); // Procapita (Sollentuna) authenticated
        Assert.All(nonGets, r => Assert.Matches(@"^POST /[a-z]+/[a-z]+/(oauth/token|login)$", r)); // authentication only: Procapita token, Treserva login
    }
}
