using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SocialJour.Tests;

/// <summary>What the tests that start the host as a separate process share: a free loopback port, and a client logged in as anna.</summary>
internal static class HostProcesses
{
    /// <summary>
    /// Starts the Release host (<c>dotnet SocialJour.Host.dll</c>) on <paramref name="port"/> in Production, with development
    /// passwords on (the tests log in as the demo users, ADR 0027) and adapter checks hourly unless
    /// <paramref name="settings"/> says otherwise; every output line goes to <paramref name="log"/>.
    /// </summary>
    public static Process Start(int port, IDictionary<string, string> settings, Action<string> log)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(CommandLineTests.HostDll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "exec", CommandLineTests.HostDll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", Path.Combine(TestPaths.RepoRoot, "src", "SocialJour.Host") })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["SocialJour__AdapterChecks__IntervalSeconds"] = "3600";
        start.Environment["SocialJour__SignIn__DevelopmentPasswords"] = "true";
        start.Environment["SocialJour__Intake__RegisterCheckWaitSeconds"] = "30"; // the register's answer in the registration's answer, however busy the machine
        // No practical rate limit unless a test sets one: the suite must not trip a per-minute limit because it ran fast.
        start.Environment["SocialJour__RateLimits__LoginPerMinute"] = "1000000";
        start.Environment["SocialJour__RateLimits__AnonymousPerMinute"] = "1000000";
        start.Environment["SocialJour__RateLimits__ExportsPerUser"] = "1000000";
        start.Environment["SocialJour__RateLimits__ExportsInFlightPerUser"] = "1000";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => log(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => log(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits (up to <paramref name="wait"/>, unless null) until <paramref name="healthPath"/> answers, then logs in as anna with
    /// the demo password (the host must run with SocialJour:SignIn:DevelopmentPasswords) and returns the client with its cookie.
    /// </summary>
    public static async Task<HttpClient> LoggedInClientAsync(int port, string healthPath = "/health", TimeSpan? wait = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        };
        if (wait is { } limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (true)
            {
                try
                {
                    if ((await client.GetAsync(healthPath)).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                }

                await Task.Delay(100);
            }
        }

        var page = await client.GetStringAsync("/Login");
        var token = HostTests.TokenPattern().Match(page).Groups[1].Value;
        using var login = await client.PostAsync("/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "anna",
            ["Password"] = "jour2026",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    /// <summary>Waits (at most 120 s) until the host process answers /health, failing with its last log lines if it exits or never does.</summary>
    public static async Task WaitUntilHealthyAsync(int port, Process host, IEnumerable<string> log)
    {
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(host.HasExited, "the host exited: " + string.Join('\n', log.TakeLast(30)));
            try
            {
                if ((await probe.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(120), "the host did not become healthy in 120 s: " + string.Join('\n', log.TakeLast(30)));
            await Task.Delay(200);
        }
    }
}
