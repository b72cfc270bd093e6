using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace SocialJour.Tests;

/// <summary>Two host processes on one PostgreSQL: run alone, never beside another test class (CPU and timing).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TwoHostCollection
{
    public const string Name = "Two hosts";
}

/// <summary>
/// Several hosts on one PostgreSQL (ADR 0028): two real host processes (the built SocialJour.Host.dll) on one throwaway
/// PostgreSQL and the simulator, mixed traffic through both, and one host killed with SIGKILL while reports are being
/// delivered to a slow e-service and contacts registered. Nothing is lost, no report reaches the e-service twice, every
/// scheduled job runs once across the hosts and goes on on the survivor, and a user logged in on the dead host carries on.
/// </summary>
[Collection(TwoHostCollection.Name)]
public sealed partial class TwoHostTests : IAsyncLifetime
{
    private const int AdapterCheckSeconds = 3;

    /// <summary>Enough reports to have some in flight at the kill; a slow e-service takes 1.5 s each, so not more.</summary>
    private const int MaxReports = 16;
    private readonly PostgresFixture _postgres = new();
    private readonly SimulatorFixture _simulator = new();
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly List<Process> _hosts = [];

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_postgres.InitializeAsync(), _simulator.InitializeAsync());
    }

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
    public async Task Two_hosts_share_logins_look_ups_and_jobs_and_a_host_killed_mid_delivery_loses_nothing_and_delivers_nothing_twice()
    {
        var config = _simulator.WriteDemoConfig(_dir);
        var database = _postgres.ConnectionString.Replace("Pooling=false", "Pooling=true;Maximum Pool Size=30", StringComparison.Ordinal);

        // Host A migrates the database (the owner's job); host B starts on it as a second host would, migrating nothing.
        var portA = HostProcesses.FreePort();
        var hostA = Start("A", config, database, portA, migrate: true);
        await WaitUntilHealthy(portA, hostA);
        var portB = HostProcesses.FreePort();
        var hostB = Start("B", config, database, portB, migrate: false);
        await WaitUntilHealthy(portB, hostB);
        var a = new Uri($"http://127.0.0.1:{portA}/");
        var b = new Uri($"http://127.0.0.1:{portB}/");

        // The e-services of Sigtuna and Järfälla answer slowly: deliveries are in flight when host A dies.
        await _simulator.SetFaultAsync("eservice", "sigtuna", new { latencyMs = 1500 });
        await _simulator.SetFaultAsync("eservice", "jarfalla", new { latencyMs = 1500 });

        // Log in on A (the login form's antiforgery token comes from B): one browser, its cookies sent to whichever host answers.
        var cookies = new CookieContainer();
        var login = await LogIn(cookies, formFrom: b, postTo: a, "anna");
        Assert.Equal(HttpStatusCode.Redirect, login);
        using var annaA = Client(cookies, a);
        using var annaB = Client(cookies, b);
        Assert.Equal(HttpStatusCode.OK, (await annaB.GetAsync("/api/cases")).StatusCode); // A's cookie is valid on B

        // A look-up on A; the hidden address opened on B, and B's police-assistance check finds A's look-up.
        var liamCase = await RegisterAsync(annaA, "20060408-2388", "0125", "ChildrenAndYouth");
        var liam = await Json(await annaA.PostAsJsonAsync("/api/lookups", new { identityNumber = "20060408-2388", jourCaseId = liamCase, purpose = "Skyddsbedömning" }));
        Assert.True(liam.GetProperty("addressesHidden").GetBoolean());
        var revealed = await annaB.PostAsJsonAsync($"/api/lookups/{liam.GetProperty("lookupId").GetString()}/reveal", new { reason = "Hembesök beslutat av jourchef" });
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        Assert.False((await Json(revealed)).GetProperty("addressesHidden").GetBoolean());
        var ebbaCase = await RegisterAsync(annaB, "20110722-2380", "0123", "ChildrenAndYouth");
        var ebba = await Json(await annaA.PostAsJsonAsync("/api/lookups", new { identityNumber = "20110722-2380", jourCaseId = ebbaCase, purpose = "Handräckning" }));
        var police = await annaB.PostAsJsonAsync($"/api/cases/{ebbaCase}/decisions", new { kind = "PoliceAssistanceLvu", description = "Hämtning", lookupId = ebba.GetProperty("lookupId").GetString() });
        Assert.Equal(HttpStatusCode.BadRequest, police.StatusCode);
        Assert.StartsWith("STOPP: personen är placerad enligt SoL", (await Json(police)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Mixed traffic through both hosts: registrations, and a report on every other case, written on the other host.
        var confirmedCases = new ConcurrentBag<string>();
        var reports = new ConcurrentDictionary<long, string>(); // report id → case
        var aDead = false;
        using var stop = new CancellationTokenSource();
        // Both hosts are in one Quartz cluster (one scheduler, two instances checking in).
        Assert.Equal(2, await ScalarAsync<long>(database, "SELECT count(*) FROM core.qrtz_scheduler_state"));
        Assert.Equal(1, await ScalarAsync<long>(database, "SELECT count(DISTINCT sched_name) FROM core.qrtz_triggers"));
        var firedBefore = await AdapterCheckFiringsAsync(database);
        var windowStart = DateTimeOffset.UtcNow;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var (first, second) = (w + i) % 2 == 0 ? (annaA, annaB) : (annaB, annaA);
                if (Volatile.Read(ref aDead))
                {
                    (first, second) = (annaB, annaB);
                }

                try
                {
                    var municipality = i % 2 == 0 ? "0191" : "0123";
                    var caseId = await RegisterAsync(first, null, municipality, "ChildrenAndYouth");
                    confirmedCases.Add(caseId);
                    if (i % 2 == 0 && reports.Count < MaxReports)
                    {
                        using var written = await second.PostAsJsonAsync($"/api/cases/{caseId}/reports", new { text = $"Barnet omhändertogs av jouren under natten, skrivare {w}, varv {i}." });
                        if (written.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
                        {
                            reports[(await Json(written)).GetProperty("id").GetInt64()] = caseId;
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    await Task.Delay(50); // the host died under this request: not confirmed, so not counted
                }
            }
        })).ToList();

        // Let both hosts work (at least one firing of the adapter check: a fast machine writes 8 reports in less than its
        // interval), then kill A without warning while deliveries to the slow e-services are under way.
        await WaitFor(async () => await AdapterCheckFiringsAsync(database) > firedBefore, TimeSpan.FromSeconds(60), "the adapter check fired while both hosts ran");
        await WaitFor(() => reports.Count >= 8, TimeSpan.FromSeconds(90), "8 reports written");
        await WaitFor(async () => (await EServiceAttempts()).Count >= 3, TimeSpan.FromSeconds(30), "deliveries under way");
        var windowEnd = DateTimeOffset.UtcNow;
        var firedAfter = await AdapterCheckFiringsAsync(database);
        hostA.Kill(entireProcessTree: true);
        await hostA.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var killedAt = DateTimeOffset.UtcNow;
        Volatile.Write(ref aDead, true);
        await Task.Delay(TimeSpan.FromSeconds(5)); // registrations and reports go on, on B only
        await stop.CancelAsync();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));

        // The user logged in on the dead host carries on on the survivor with the same cookie.
        var cases = (await Json(await annaB.GetAsync("/api/cases"))).EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToHashSet();
        Assert.All(confirmedCases, c => Assert.Contains(c, cases)); // no confirmed registration lost

        // Every report is delivered (the dead host's leases lapse, B delivers), and the e-service accepted each exactly once.
        await WaitFor(async () =>
        {
            foreach (var caseId in reports.Values.Distinct())
            {
                var list = await Json(await annaB.GetAsync($"/api/cases/{caseId}/reports"));
                if (list.EnumerateArray().Any(r => r.GetProperty("status").GetString() != "Delivered"))
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(100), "every report delivered");
        var accepted = await EServiceReceived();
        foreach (var (id, caseId) in reports)
        {
            var copies = accepted.Where(r => r.ReportId == id && r.CaseId == caseId).ToList();
            Assert.True(copies.Count(r => !r.Duplicate) == 1, $"report {id} accepted {copies.Count(r => !r.Duplicate)} times ({copies.Count} deliveries)");
        }

        // Each scheduled job ran once across the two hosts: one adapter-check round per firing of its trigger, not one per
        // host (a round writes one row per municipality; a firing just before the window may finish inside it).
        var rounds = await ScalarAsync<long>(database, "SELECT count(*) FROM core.adapter_checks WHERE \"MunicipalityCode\" = '0191' AND \"CheckedAt\" BETWEEN @from AND @to",
            ("from", windowStart.ToUnixTimeMilliseconds()), ("to", windowEnd.ToUnixTimeMilliseconds()));
        Assert.True(firedAfter > firedBefore, "the adapter check did not fire while both hosts ran");
        Assert.True(rounds <= firedAfter - firedBefore + 1, $"{rounds} adapter-check rounds for {firedAfter - firedBefore} firings: more than one host ran the job");

        // Every job still runs, on the survivor: each interval trigger has fired since the kill, none is blocked, and the
        // dead host has left the cluster.
        await WaitFor(async () => await ScalarAsync<long>(database,
            "SELECT count(*) FROM core.qrtz_triggers t JOIN core.qrtz_simple_triggers s USING (sched_name, trigger_name, trigger_group) WHERE coalesce(t.prev_fire_time, 0) < @killed",
            ("killed", killedAt.UtcTicks)) == 0, TimeSpan.FromSeconds(100), "every interval job fired on the survivor");
        // (BLOCKED is normal for a running [DisallowConcurrentExecution] job; nothing may be held by the dead host.)
        Assert.Equal(0, await ScalarAsync<long>(database, "SELECT count(*) FROM core.qrtz_triggers WHERE trigger_state IN ('ERROR', 'PAUSED')"));
        Assert.Equal(1, await ScalarAsync<long>(database, "SELECT count(*) FROM core.qrtz_scheduler_state"));
        Assert.Equal(0, await ScalarAsync<long>(database,
            "SELECT count(*) FROM core.qrtz_fired_triggers WHERE instance_name NOT IN (SELECT instance_name FROM core.qrtz_scheduler_state)"));
        Assert.True(await ScalarAsync<long>(database, "SELECT count(*) FROM core.qrtz_cron_triggers") >= 3); // chain verification, tree heads, 07:30
        Assert.True(await ScalarAsync<long>(database, "SELECT count(*) FROM core.adapter_checks WHERE \"MunicipalityCode\" = '0191' AND \"CheckedAt\" > @killed",
            ("killed", killedAt.ToUnixTimeMilliseconds())) > 0);

        // Both hosts appended to the audit log and the access log at once: both chains verify.
        var erikCookies = new CookieContainer();
        Assert.Equal(HttpStatusCode.Redirect, await LogIn(erikCookies, b, b, "erik"));
        using var erik = Client(erikCookies, b);
        var checks = await Json(await erik.PostAsync("/api/access-log/verify", null));
        Assert.All(checks.EnumerateArray(), c => Assert.True(c.GetProperty("intact").GetBoolean(), c.ToString()));
        Assert.DoesNotContain(_log, l => l.Contains("23505", StringComparison.Ordinal) || l.Contains("duplicate key", StringComparison.OrdinalIgnoreCase));
    }

    private Process Start(string name, string config, string database, int port, bool migrate)
    {
        var process = HostProcesses.Start(port, new Dictionary<string, string>
        {
            // Each host its own home folder, as on two machines: ASP.NET Core's default key ring (~/.aspnet) is not shared.
            ["HOME"] = Directory.CreateDirectory(_dir.File("home-" + name)).FullName,
            ["SocialJour__ConfigurationPath"] = config,
            ["SocialJour__PluginsDirectory"] = TestPaths.Plugins,
            ["SocialJour__Database__Provider"] = "PostgreSQL",
            ["SocialJour__Database__ConnectionString"] = database,
            ["SocialJour__Database__MigrateAtStartup"] = migrate ? "true" : "false",
            ["SocialJour__AdapterChecks__IntervalSeconds"] = AdapterCheckSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SocialJour__Transparency__PublicationDirectory"] = _dir.File("published"),
            ["SocialJour__RateLimits__LoginPerMinute"] = "1000000",
            ["SocialJour__RateLimits__AnonymousPerMinute"] = "1000000",
        }, line => _log.Enqueue(name + ": " + line));
        _hosts.Add(process);
        return process;
    }

    private Task WaitUntilHealthy(int port, Process host) => HostProcesses.WaitUntilHealthyAsync(port, host, _log);

    private static HttpClient Client(CookieContainer cookies, Uri host) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies }) { BaseAddress = host, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Fetches the login form from one host and posts it to another; cookies for 127.0.0.1 go to both ports.</summary>
    private static async Task<HttpStatusCode> LogIn(CookieContainer cookies, Uri formFrom, Uri postTo, string user)
    {
        using var form = Client(cookies, formFrom);
        var token = TokenPattern().Match(await form.GetStringAsync("/Login")).Groups[1].Value;
        using var post = Client(cookies, postTo);
        using var response = await post.PostAsync("/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = "jour2026",
            ["__RequestVerificationToken"] = token,
        }));
        return response.StatusCode;
    }

    private static async Task<string> RegisterAsync(HttpClient client, string? identityNumber, string municipality, string category)
    {
        object person = identityNumber is null
            ? new { name = "Barn", approximateAge = 8, municipalityCode = municipality, category }
            : new { identityNumber, municipalityCode = municipality, category };
        using var response = await client.PostAsJsonAsync("/api/contacts", new { channel = "Police", situation = "Tvåvärdstest", persons = new[] { person }, duplicateReason = "Samma person från båda värdarna (testet)" });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"registration answered {(int)response.StatusCode}");
        }

        return (await Json(response)).GetProperty("cases")[0].GetProperty("id").GetString()!;
    }

    private async Task<List<(long ReportId, string CaseId, bool Duplicate)>> EServiceReceived()
    {
        var all = new List<(long, string, bool)>();
        foreach (var tenant in new[] { "sigtuna", "jarfalla" })
        {
            foreach (var r in (await _simulator.Control.GetFromJsonAsync<JsonElement>($"_sim/eservice/{tenant}")).EnumerateArray())
            {
                var report = r.GetProperty("report");
                all.Add((report.GetProperty("reportId").GetInt64(), report.GetProperty("caseId").GetString()!, r.GetProperty("duplicate").GetBoolean()));
            }
        }

        return all;
    }

    private async Task<List<JsonElement>> EServiceAttempts()
    {
        var all = new List<JsonElement>();
        foreach (var tenant in new[] { "sigtuna", "jarfalla" })
        {
            all.AddRange((await _simulator.Control.GetFromJsonAsync<JsonElement>($"_sim/eservice/{tenant}/attempts")).EnumerateArray());
        }

        return all;
    }

    /// <summary>How often the adapter-check trigger has fired, cluster-wide (Quartz counts it in its table).</summary>
    private static Task<long> AdapterCheckFiringsAsync(string database) => ScalarAsync<long>(database,
        "SELECT coalesce(sum(s.times_triggered), 0)::bigint FROM core.qrtz_triggers t JOIN core.qrtz_simple_triggers s USING (sched_name, trigger_name, trigger_group) WHERE t.job_name = 'adapter-health-check'");

    private static async Task<T> ScalarAsync<T>(string database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static Task WaitFor(Func<bool> condition, TimeSpan limit, string what) => WaitFor(() => Task.FromResult(condition()), limit, what);

    private static async Task WaitFor(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < limit, $"not within {limit.TotalSeconds:0} s: {what}");
            await Task.Delay(250);
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
