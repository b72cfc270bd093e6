using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace SocialJour.Tests.Operations;

/// <summary>
/// PostgreSQL restarted and stopped under load (issue 25 §4, ADR 0034): a real host process on a throwaway cluster, contacts
/// registered and cases read through the API while the cluster is restarted (<c>pg_ctl restart -m fast</c>) and then stopped for
/// a few seconds. No answer is a 500: each is a success or 503 with Retry-After and the Swedish message; every registration
/// answered 201 is stored exactly once and none answered 503 is stored; and while the database is down a page renders the
/// Swedish error page with the security headers.
/// </summary>
[Collection(TwoHostCollection.Name)]
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private readonly SimulatorFixture _simulator = new();
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _host;

    public async Task InitializeAsync() => await Task.WhenAll(_postgres.InitializeAsync(), _simulator.InitializeAsync());

    public async Task DisposeAsync()
    {
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _host?.Dispose();
        await _simulator.DisposeAsync();
        await _postgres.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_restart_and_a_stop_of_PostgreSQL_under_load_give_503_never_500_lose_nothing_and_pages_still_render()
    {
        var database = _postgres.ConnectionString.Replace("Pooling=false", "Pooling=true;Maximum Pool Size=30;Timeout=5", StringComparison.Ordinal);
        var port = HostProcesses.FreePort();
        _host = HostProcesses.Start(port, new Dictionary<string, string>
        {
            ["HOME"] = Directory.CreateDirectory(_dir.File("home")).FullName,
            ["SocialJour__ConfigurationPath"] = _simulator.WriteDemoConfig(_dir),
            ["SocialJour__PluginsDirectory"] = TestPaths.Plugins,
            ["SocialJour__Database__Provider"] = "PostgreSQL",
            ["SocialJour__Database__ConnectionString"] = database,
            ["SocialJour__Database__MigrateAtStartup"] = "true",
            ["SocialJour__Transparency__PublicationDirectory"] = _dir.File("published"),
        }, line => _log.Enqueue(line));
        using var anna = await HostProcesses.LoggedInClientAsync(port, wait: TimeSpan.FromSeconds(120));

        // Load: registrations (never retried by the host) and reads of the case list (retried), until stopped.
        var answers = new ConcurrentBag<(string Kind, string Situation, HttpStatusCode Status, string? RetryAfter, string? Detail, int Phase)>();
        var phase = 0; // 0 before the restart, 1 after it, 2 stopped, 3 started again
        var failures = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var situation = $"Omstartstest {w}-{i}";
                var sentIn = Volatile.Read(ref phase);
                try
                {
                    using var response = w < 4
                        ? await anna.PostAsJsonAsync("/api/contacts", new
                        {
                            channel = "Police",
                            situation,
                            persons = new[] { new { name = "Barn", approximateAge = 8, municipalityCode = "0191", category = "ChildrenAndYouth" } },
                            duplicateReason = "Samma barn i lasttestet",
                        })
                        : await anna.GetAsync("/api/cases");
                    var body = await response.Content.ReadAsStringAsync();
                    string? detail = null;
                    if (!response.IsSuccessStatusCode)
                    {
                        try
                        {
                            detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString();
                        }
                        catch (JsonException)
                        {
                            detail = body.Length > 200 ? body[..200] : body;
                        }
                    }

                    answers.Add((w < 4 ? "write" : "read", situation, response.StatusCode, response.Headers.RetryAfter?.ToString(), detail, sentIn));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failures.Add($"{situation}: {e.GetType().Name} {e.Message}");
                }

                await Task.Delay(20);
            }
        })).ToList();

        // Some work before, a fast restart, some work after; then a stop of a few seconds.
        var warming = Stopwatch.StartNew();
        while (answers.Count(a => a.Kind == "write" && a.Status == HttpStatusCode.Created) < 8)
        {
            Assert.True(warming.Elapsed < TimeSpan.FromSeconds(90), "no registrations before the restart: " +
                string.Join("; ", answers.Where(a => a.Kind == "write").Take(5).Select(a => $"{(int)a.Status} {a.Detail}")) + string.Join("; ", failures.Take(3)));
            await Task.Delay(200);
        }
        await _postgres.RestartAsync();
        Volatile.Write(ref phase, 1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _postgres.StopAsync();
        Volatile.Write(ref phase, 2);
        try
        {
            // While the database is down: the pages render the Swedish error page, with the security headers, without a trace.
            await Task.Delay(TimeSpan.FromSeconds(1));
            await AssertErrorPageAsync(anna, "/");
            await AssertErrorPageAsync(anna, "/Arenden");
            using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
            // The login form needs no database; logging in does, and gets the same page.
            using var login = await GetPageAsync(anonymous, "/Login");
            var form = await login.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.False(string.IsNullOrEmpty(login.Headers.GetValues("Content-Security-Policy").Single()));
            using var logIn = new HttpRequestMessage(HttpMethod.Post, "/Login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["UserName"] = "anna",
                    ["Password"] = "jour2026",
                    ["__RequestVerificationToken"] = HostTests.TokenPattern().Match(form).Groups[1].Value,
                }),
            };
            logIn.Headers.Accept.ParseAdd("text/html");
            await AssertErrorPageAsync(anonymous, logIn);
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        finally
        {
            await _postgres.StartAsync();
            Volatile.Write(ref phase, 3);
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(120));

        // Never a 500, never a dropped connection: a success, or 503 with Retry-After and the Swedish message.
        Assert.Empty(failures);
        var unexpected = answers.Where(a => a.Status is not (HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable)).ToList();
        Assert.True(unexpected.Count == 0, "unexpected answers: " + string.Join("; ", unexpected.Take(10).Select(a => $"{a.Kind} {(int)a.Status} {a.Detail}")));
        var refused = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        var byPhase = string.Join(", ", answers.GroupBy(a => (a.Kind, a.Phase, a.Status)).OrderBy(g => g.Key.Phase).Select(g => $"{g.Key.Kind} phase {g.Key.Phase} {(int)g.Key.Status}: {g.Count()}"));
        Assert.True(refused.Count > 0, "the stop was not felt: " + byPhase);
        Assert.All(refused, a =>
        {
            Assert.Equal("5", a.RetryAfter);
            Assert.Equal("Databasen svarar inte just nu. Inget har sparats; försök igen om en stund.", a.Detail);
        });
        Assert.Contains(answers, a => a.Kind == "write" && a.Status == HttpStatusCode.Created && a.Phase >= 1); // back after the restart
        Assert.True(answers.Any(a => a.Kind == "write" && a.Status == HttpStatusCode.Created && a.Phase == 3), "no registration after the stop: " + byPhase);

        // Every registration answered 201 is stored once, none answered 503 is stored.
        var stored = await StoredSituationsAsync(database);
        var writes = answers.Where(a => a.Kind == "write").ToList();
        foreach (var write in writes)
        {
            var copies = stored.GetValueOrDefault(write.Situation);
            Assert.True(write.Status == HttpStatusCode.Created ? copies == 1 : copies == 0,
                $"{write.Situation} answered {(int)write.Status} and is stored {copies} times");
        }

        Assert.Equal(writes.Count(w => w.Status == HttpStatusCode.Created), stored.Values.Sum());
        Assert.DoesNotContain(_log, l => l.Contains("Unhandled", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> GetPageAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        return await client.SendAsync(request);
    }

    private static async Task AssertErrorPageAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        await AssertErrorPageAsync(client, request);
    }

    private static async Task AssertErrorPageAsync(HttpClient client, HttpRequestMessage request)
    {
        var path = request.RequestUri?.ToString();
        using var page = await client.SendAsync(request);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path} answered {(int)page.StatusCode}: {html}");
        Assert.Equal("5", page.Headers.RetryAfter?.ToString());
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"sv\">", html, StringComparison.Ordinal);
        Assert.Contains("Databasen svarar inte just nu", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
    }

    private static async Task<Dictionary<string, long>> StoredSituationsAsync(string database)
    {
        var result = new Dictionary<string, long>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Situation\", count(*) FROM intake.contacts WHERE \"Situation\" LIKE 'Omstartstest %' GROUP BY \"Situation\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }
}
