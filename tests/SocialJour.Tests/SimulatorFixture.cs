using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Simulator;

namespace SocialJour.Tests;

/// <summary>The journal-system simulator, in-process on a real loopback port.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The HTTPS endpoint that asks for client certificates (the Combine profile).</summary>
    public Uri HttpsUrl { get; private set; } = new("https://127.0.0.1/");

    public HttpClient Control { get; } = new();

    /// <summary>The port of the simulated municipal mail server (STARTTLS required).</summary>
    public int SmtpPort { get; private set; }

    /// <summary>Where the dev identity provider posts back-channel logout tokens (a host's URL); not set: nowhere.</summary>
    public string? BackchannelLogoutUri { get; init; }

    /// <summary>The dev identity provider's sign-ins and logout tokens (tests sign their own, spoiled ones).</summary>
    internal ProviderSessions ProviderSessions => _app!.Services.GetRequiredService<ProviderSessions>();

    public async Task InitializeAsync()
    {
        _app = SimulatorApp.Create(["--urls", "http://127.0.0.1:0", "--CombineHttpsPort", "0", "--SmtpPort", "0",
            .. BackchannelLogoutUri is null ? Array.Empty<string>() : ["--" + ProviderSessions.Setting, BackchannelLogoutUri]]);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = new Uri(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal)) + "/");
        HttpsUrl = new Uri(addresses.First(a => a.StartsWith("https:", StringComparison.Ordinal)) + "/");
        Control.BaseAddress = BaseUrl;
        SmtpPort = await _app.Services.GetRequiredService<SmtpSink>().Port;
    }

    public async Task DisposeAsync()
    {
        Control.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public Task SetFaultAsync(string tenant, object fault) => SetFaultAsync("lifecare", tenant, fault);

    public async Task SetFaultAsync(string profile, string tenant, object fault)
    {
        using var r = await Control.PutAsJsonAsync($"_sim/faults/{profile}/{tenant}", fault);
        r.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var r = await Control.DeleteAsync("_sim/faults");
        r.EnsureSuccessStatusCode();
    }

    public async Task<string[]> NonGetRequestsAsync() =>
        (await Control.GetFromJsonAsync<string[]>("_sim/requests/non-get"))!;

    public async Task<Dictionary<string, int>> RequestMethodsAsync() =>
        (await Control.GetFromJsonAsync<Dictionary<string, int>>("_sim/requests"))!;

    /// <summary>For each path the journal systems were asked for, the most requests in flight at once.</summary>
    public async Task<Dictionary<string, int>> MostInFlightAsync() =>
        (await Control.GetFromJsonAsync<Dictionary<string, int>>("_sim/requests/most-in-flight"))!;

    /// <summary>The demo configuration with every journal-system URL pointed at this simulator, written to <paramref name="dir"/>.</summary>
    internal string WriteDemoConfig(TempDir dir, Func<string, string>? edit = null) => DemoConfig.CopyTo(dir, BaseUrl, edit, HttpsUrl);
}

/// <summary>
/// The look-up and adapter tests against the simulator. They measure deadlines (a source's own limit, the overall one), so
/// they run on their own, after the other collections, not beside the tests that start hosts, PostgreSQL clusters and the
/// CLI in other processes (the full suite on 2 cores pushed a 1 s deadline past its bound when they ran side by side).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SimulatorCollection : ICollectionFixture<SimulatorFixture>
{
    public const string Name = "simulator";
}
