using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Autofac;

namespace SocialJour.Tests.Security;

/// <summary>
/// The host as a municipality runs it, as its own process on a real port, with no password users: staff sign in only at the
/// simulator's dev identity provider, whose back-channel logout posts to this host, and the user id is the HSA-id claim
/// (<c>UserIdClaim=hsa_id</c>), not the <c>sub</c> (ADR 0027). The logs are read from the host's database afterwards.
/// </summary>
public sealed class SignInHostFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _host;
    private IContainer? _logs;
    private string _config = "";

    public int Port { get; } = HostProcesses.FreePort();

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public SimulatorFixture Simulator { get; private set; } = null!;

    /// <summary>The issuer the provider puts in its tokens (its discovery document's).</summary>
    public string Issuer => Simulator.BaseUrl.ToString();

    public async Task InitializeAsync()
    {
        Simulator = new SimulatorFixture { BackchannelLogoutUri = $"http://127.0.0.1:{Port}/signin-oidc/backchannel-logout" };
        await Simulator.InitializeAsync();
        _config = Simulator.WriteDemoConfig(_dir);
        var hostDll = Path.Combine(TestPaths.RepoRoot, "src", "SocialJour.Host", "bin",
            AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "SocialJour.Host.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(hostDll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { hostDll, "--urls", $"http://127.0.0.1:{Port}", "--contentRoot", Path.Combine(TestPaths.RepoRoot, "src", "SocialJour.Host") })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["SocialJour__ConfigurationPath"] = _config;
        start.Environment["SocialJour__Database__DataDirectory"] = _dir.File("data");
        start.Environment["SocialJour__AdapterChecks__IntervalSeconds"] = "3600";
        // No practical rate limit: the suite must not trip one because it ran fast (the limits: RateLimitTests).
        start.Environment["SocialJour__RateLimits__LoginPerMinute"] = "1000000";
        start.Environment["SocialJour__RateLimits__AnonymousPerMinute"] = "1000000";
        start.Environment["SocialJour__RateLimits__ExportsPerUser"] = "1000000";
        start.Environment["SocialJour__RateLimits__ExportsInFlightPerUser"] = "1000";
        start.Environment["SocialJour__SignIn__Authority"] = Simulator.BaseUrl.ToString();
        start.Environment["SocialJour__SignIn__UserIdClaim"] = "hsa_id";
        _host = Process.Start(start)!;
        _host.OutputDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        _host.ErrorDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = BaseUrl };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            Assert.False(_host.HasExited, "värden avslutades: " + string.Join('\n', _output));
            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "värden svarade inte inom 90 s");
            await Task.Delay(200);
        }
    }

    /// <summary>Everything the host wrote to standard output and error so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>A browser: its own cookies for the host, following no redirect.</summary>
    public HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = BaseUrl };

    /// <summary>Signs <paramref name="user"/> in through the real redirect flow; returns the browser, its session cookie in it.</summary>
    public async Task<HttpClient> SignedIn(string user, HttpClient? provider = null)
    {
        var browser = Browser();
        var back = await ProviderSignIn.RunAsync(browser, Simulator.BaseUrl, user, provider);
        Assert.Equal("/Inloggad?ReturnUrl=%2F", back.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        return browser;
    }

    /// <summary>Posts a logout token to the host's back-channel logout endpoint, as the provider does.</summary>
    public async Task<HttpResponseMessage> PostLogoutToken(string token, Action<HttpRequestMessage>? edit = null)
    {
        using var client = new HttpClient { BaseAddress = BaseUrl };
        var request = new HttpRequestMessage(HttpMethod.Post, "/signin-oidc/backchannel-logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = token }),
        };
        edit?.Invoke(request);
        return await client.SendAsync(request);
    }

    /// <summary>The host's logs, read from its database (the core container on the same data folder).</summary>
    public T Logs<T>()
        where T : notnull
    {
        _logs ??= CoreHarness.Build(_config, _dir.File("data"));
        return _logs.Resolve<T>();
    }

    public async Task DisposeAsync()
    {
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }

        _host?.Dispose();
        if (_logs is not null)
        {
            await _logs.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>The classes that use the sign-in host run one after another, on one host.</summary>
[CollectionDefinition(Name)]
public sealed class SignInHostCollection : ICollectionFixture<SignInHostFixture>
{
    public const string Name = "SignInHost";
}
