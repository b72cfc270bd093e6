using System.Diagnostics;
using System.Net;

namespace SocialJour.Tests.Security;

/// <summary>
/// The host as published: without <c>SocialJour:SignIn:DevelopmentPasswords</c> there is no password login at all, /Login
/// sends the user to the identity provider; and unusable sign-in settings stop the host with every field named in
/// Swedish, never a stack trace (ADR 0027).
/// </summary>
public sealed class SignInConfigurationTests
{
    private static string HostDll => Path.Combine(TestPaths.RepoRoot, "src", "SocialJour.Host", "bin",
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "SocialJour.Host.dll");

    [Fact]
    public async Task Without_development_passwords_the_demo_password_does_not_log_in_and_Login_goes_to_the_provider()
    {
        var simulator = new SimulatorFixture();
        await simulator.InitializeAsync();
        using var dir = new TempDir();
        var port = HostProcesses.FreePort();
        using var host = Start(port, new Dictionary<string, string>
        {
            ["SocialJour__ConfigurationPath"] = simulator.WriteDemoConfig(dir),
            ["SocialJour__Database__DataDirectory"] = dir.File("data"),
            ["SocialJour__SignIn__Authority"] = simulator.BaseUrl.ToString(),
        });
        try
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            };
            await WaitForHealth(client, host);

            var login = await client.GetAsync("/Login");
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.StartsWith(simulator.BaseUrl + "connect/authorize", login.Headers.Location!.ToString(), StringComparison.Ordinal);

            var attempt = await client.PostAsync("/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "anna", ["Password"] = "jour2026" }));
            Assert.NotEqual(HttpStatusCode.OK, attempt.StatusCode);
            Assert.DoesNotContain(attempt.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("socialjour=", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/cases")).StatusCode);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await simulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task Unusable_sign_in_settings_stop_the_host_naming_every_field_in_Swedish()
    {
        using var dir = new TempDir();
        var port = HostProcesses.FreePort();
        using var host = Start(port, new Dictionary<string, string>
        {
            ["SocialJour__ConfigurationPath"] = Path.Combine(TestPaths.RepoRoot, "config", "demo", "jour.json"),
            ["SocialJour__Database__DataDirectory"] = dir.File("data"),
            ["SocialJour__SignIn__Authority"] = "http://idp.kommun.example/",
            ["SocialJour__SignIn__ClientSecret"] = "file:finns-inte.secret",
            ["SocialJour__SignIn__Roles__Chef__0"] = "chefer",
            ["SocialJour__SignIn__RequiredAcr"] = "",
            ["SocialJour__SignIn__DevelopmentPasswords"] = "ja",
            ["SocialJour__Users__0__UserName"] = "anna", // password users without the development flag
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stderr = await host.StandardError.ReadToEndAsync(timeout.Token);
        await host.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, host.ExitCode);
        Assert.Contains("SocialJour:SignIn:Authority 'http://idp.kommun.example/' ska vara https", stderr, StringComparison.Ordinal);
        Assert.Contains("SocialJour:SignIn:ClientSecret: hemlighetsfilen finns-inte.secret finns inte", stderr, StringComparison.Ordinal);
        Assert.Contains("SocialJour:SignIn:Roles:Chef är ingen roll", stderr, StringComparison.Ordinal);
        Assert.Contains("SocialJour:SignIn:RequiredAcr saknas", stderr, StringComparison.Ordinal);
        Assert.Contains("SocialJour:SignIn:DevelopmentPasswords ska vara true eller false, inte 'ja'", stderr, StringComparison.Ordinal);
        Assert.Contains("SocialJour:Users anger lösenordsanvändare", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SocialJour__Telemetry__OtlpEndpoint", "inte-en-adress", "SocialJour:Telemetry:OtlpEndpoint")]
    [InlineData("SocialJour__Logging__Format", "xml", "SocialJour:Logging:Format")]
    [InlineData("SocialJour__Lookup__SourceTimeoutSeconds", "snabbt", "SocialJour:Lookup:SourceTimeoutSeconds")]
    public async Task An_unusable_operations_setting_stops_the_host_with_its_name_and_no_stack_trace(string key, string value, string named)
    {
        using var dir = new TempDir();
        using var host = Start(HostProcesses.FreePort(), new Dictionary<string, string>
        {
            ["SocialJour__ConfigurationPath"] = Path.Combine(TestPaths.RepoRoot, "config", "demo", "jour.json"),
            ["SocialJour__Database__DataDirectory"] = dir.File("data"),
            ["SocialJour__SignIn__DevelopmentPasswords"] = "true",
            [key] = value,
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stderr = await host.StandardError.ReadToEndAsync(timeout.Token);
        await host.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, host.ExitCode);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
        Assert.Contains(value, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    private static Process Start(int port, Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(HostDll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { HostDll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", Path.Combine(TestPaths.RepoRoot, "src", "SocialJour.Host") })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["SocialJour__AdapterChecks__IntervalSeconds"] = "3600";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task WaitForHealth(HttpClient client, Process host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(host.HasExited, "värden avslutades: " + (host.HasExited ? await host.StandardError.ReadToEndAsync() : ""));
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("värden svarade inte på /health inom 90 s");
    }
}
