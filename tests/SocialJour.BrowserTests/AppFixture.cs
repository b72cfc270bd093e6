using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SocialJour.Simulator;

namespace SocialJour.BrowserTests;

/// <summary>
/// The whole product as a user meets it: the simulator on loopback, the host as its own process on a
/// temp database, and Debian's Chromium driven by Playwright.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "socialjour-browser", Guid.NewGuid().ToString("N"));
    private WebApplication? _simulator;
    private Process? _host;
    private IPlaywright? _playwright;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public Uri SimulatorUrl { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser { get; private set; } = null!;

    public static string RepoRoot { get; } = FindRepoRoot();

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        // The dev identity provider tells the host when a sign-in ends there (back-channel logout, ADR 0027).
        _simulator = SimulatorApp.Create(["--urls", "http://127.0.0.1:0", "--CombineHttpsPort", "0", "--SmtpPort", "0",
            "--IdentityProvider:BackchannelLogoutUri", BaseUrl + "signin-oidc/backchannel-logout"]);
        await _simulator.StartAsync();
        var addresses = _simulator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        SimulatorUrl = new Uri(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal)) + "/");
        var simulatorHttps = new Uri(addresses.First(a => a.StartsWith("https:", StringComparison.Ordinal)) + "/");

        Directory.CreateDirectory(Path.Combine(_temp, "secrets"));
        foreach (var f in Directory.GetFiles(Path.Combine(RepoRoot, "config", "demo", "secrets")))
        {
            File.Copy(f, Path.Combine(_temp, "secrets", Path.GetFileName(f)));
        }

        var config = Path.Combine(_temp, "jour.json");
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(Path.Combine(RepoRoot, "config", "demo", "jour.json")))
            .Replace("http://127.0.0.1:5080/", SimulatorUrl.ToString(), StringComparison.Ordinal)
            .Replace("https://127.0.0.1:5443/", simulatorHttps.ToString(), StringComparison.Ordinal));

        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var hostDll = Path.Combine(RepoRoot, "src", "SocialJour.Host", "bin", configuration, "net10.0", "SocialJour.Host.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(RepoRoot, "src", "SocialJour.Host"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { hostDll, "--urls", BaseUrl.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["SocialJour__ConfigurationPath"] = config;
        start.Environment["SocialJour__Database__DataDirectory"] = Path.Combine(_temp, "data");
        start.Environment["SocialJour__Transparency__PublicationDirectory"] = Path.Combine(_temp, "data", "published");
        start.Environment["SocialJour__AdapterChecks__IntervalSeconds"] = "2";
        // Most tests log in with the demo passwords; SignInTests go through the simulator's dev identity provider (ADR 0027).
        start.Environment["SocialJour__SignIn__DevelopmentPasswords"] = "true";
        start.Environment["SocialJour__Intake__RegisterCheckWaitSeconds"] = "30"; // the register's answer on the page after saving, however busy the machine
        // Every test logs in from 127.0.0.1 as fast as the machine allows: no practical per-minute limit here, or a fast
        // machine fails the suite (the limits themselves are proved by SocialJour.Tests' RateLimitTests on a host of their own).
        start.Environment["SocialJour__RateLimits__LoginPerMinute"] = "1000000";
        start.Environment["SocialJour__RateLimits__AnonymousPerMinute"] = "1000000";
        start.Environment["SocialJour__RateLimits__ExportsPerUser"] = "1000000";
        start.Environment["SocialJour__RateLimits__ExportsInFlightPerUser"] = "1000";
        start.Environment["SocialJour__SignIn__Authority"] = SimulatorUrl.ToString();
        // Billing's demo history (modules/Billing/Demo): time and commissions 2020–2021, the 2021 budget approved.
        start.Environment["SocialJour__Billing__DemoHistory"] = "true";
        _host = Process.Start(start)!;
        _host.OutputDataReceived += (_, e) => Capture(e.Data);
        _host.ErrorDataReceived += (_, e) => Capture(e.Data);
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();
        await WaitUntilHealthy();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }

        _host?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.StopAsync();
            await _simulator.DisposeAsync();
        }

        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Everything the host process has written to its console log so far.</summary>
    public IReadOnlyList<string> HostOutput
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    private readonly List<string> _output = [];

    private void Capture(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    public async Task ClearFaultsAsync()
    {
        using var http = new HttpClient { BaseAddress = SimulatorUrl };
        using var r = await http.DeleteAsync("_sim/faults");
        r.EnsureSuccessStatusCode();
    }

    public async Task SetFaultAsync(string tenant, object fault)
    {
        using var http = new HttpClient { BaseAddress = SimulatorUrl };
        using var r = await http.PutAsJsonAsync($"_sim/faults/lifecare/{tenant}", fault);
        r.EnsureSuccessStatusCode();
    }

    /// <summary>A page in a fresh browser context, logged in as <paramref name="user"/>.</summary>
    public async Task<IPage> LoggedInPage(string user)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl.ToString(), Locale = "sv-SE" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Login");
        await page.GetByLabel("Användarnamn").FillAsync(user);
        await page.GetByLabel("Lösenord").FillAsync("jour2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();

        // Poll what the user sees (the start page, their name in the header) rather than wait for a load
        // event that a fast redirect may already have fired.
        await Assertions.Expect(page).ToHaveURLAsync(BaseUrl.ToString());
        await Assertions.Expect(page.GetByTestId("current-user")).ToBeVisibleAsync();
        return page;
    }

    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(RepoRoot, "TestResults", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }

    private async Task WaitUntilHealthy()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_host!.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {_host.ExitCode}");
            }

            try
            {
                if ((await http.GetAsync("health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The host did not become healthy within 90 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SocialJour.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SocialJour.sln not found");
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
