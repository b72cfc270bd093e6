using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace SocialJour.Tests;

/// <summary>
/// Idempotency-Key across hosts (ADR 0035, 0028): two host processes on one throwaway PostgreSQL; a contact sent with a key to
/// host A and again to host B is registered once, and B answers with A's answer. The key is in the module's schema, not in
/// a host's memory.
/// </summary>
[Collection(TwoHostCollection.Name)]
public sealed partial class IdempotencyTwoHostTests : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private readonly SimulatorFixture _simulator = new();
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly List<Process> _hosts = [];

    public async Task InitializeAsync() => await Task.WhenAll(_postgres.InitializeAsync(), _simulator.InitializeAsync());

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Where(h => !h.HasExited))
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        await _simulator.DisposeAsync();
        await _postgres.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_contact_sent_with_a_key_to_host_A_and_again_to_host_B_is_registered_once_and_B_replays_As_answer()
    {
        var config = _simulator.WriteDemoConfig(_dir);
        var database = _postgres.ConnectionString;
        var portA = HostProcesses.FreePort();
        var hostA = Start("A", config, database, portA, migrate: true);
        await WaitUntilHealthy(portA, hostA);
        var portB = HostProcesses.FreePort();
        var hostB = Start("B", config, database, portB, migrate: false);
        await WaitUntilHealthy(portB, hostB);
        var cookies = new CookieContainer();
        using var a = Client(cookies, new Uri($"http://127.0.0.1:{portA}/"));
        using var b = Client(cookies, new Uri($"http://127.0.0.1:{portB}/"));
        Assert.Equal(HttpStatusCode.Redirect, await LogIn(a, "anna"));
        var name = IdempotencyTests.Unique("Tvavardar");
        var key = Guid.NewGuid().ToString();

        using var first = await IdempotencyTests.Post(a, "/api/contacts", IdempotencyTests.Contact(name), key);
        using var second = await IdempotencyTests.Post(b, "/api/contacts", IdempotencyTests.Contact(name), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await IdempotencyTests.CasesNamed(b, name));
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM intake.idempotent_requests WHERE principal = 'anna' AND key = @key AND status_code = 201", db);
        cmd.Parameters.AddWithValue("key", key);
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
    }

    private Process Start(string name, string config, string database, int port, bool migrate)
    {
        var process = HostProcesses.Start(port, new Dictionary<string, string>
        {
            ["HOME"] = Directory.CreateDirectory(_dir.File("home-" + name)).FullName,
            ["SocialJour__ConfigurationPath"] = config,
            ["SocialJour__PluginsDirectory"] = TestPaths.Plugins,
            ["SocialJour__Database__Provider"] = "PostgreSQL",
            ["SocialJour__Database__ConnectionString"] = database,
            ["SocialJour__Database__MigrateAtStartup"] = migrate ? "true" : "false",
            ["SocialJour__Transparency__PublicationDirectory"] = _dir.File("published"),
        }, line => _log.Enqueue(name + ": " + line));
        _hosts.Add(process);
        return process;
    }

    private Task WaitUntilHealthy(int port, Process host) => HostProcesses.WaitUntilHealthyAsync(port, host, _log);

    private static HttpClient Client(CookieContainer cookies, Uri host) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies }) { BaseAddress = host, Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<HttpStatusCode> LogIn(HttpClient client, string user)
    {
        var token = TokenPattern().Match(await client.GetStringAsync("/Login")).Groups[1].Value;
        using var response = await client.PostAsync("/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = "jour2026",
            ["__RequestVerificationToken"] = token,
        }));
        return response.StatusCode;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
