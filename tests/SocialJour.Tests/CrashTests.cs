using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialJour.Tests;

/// <summary>Kills the host (SIGKILL) while contacts are being registered, restarts it, and checks that nothing was lost or left half-written.</summary>
public sealed partial class CrashTests
{
    [Fact]
    public async Task Killing_the_host_in_the_middle_of_registrations_loses_no_confirmed_contact_and_leaves_no_half_contact()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var port = HostProcesses.FreePort();
        var confirmed = new System.Collections.Concurrent.ConcurrentBag<(long Contact, string[] Cases)>();

        using (var host = Start(config, dir.File("data"), port))
        {
            using var client = await HostProcesses.LoggedInClientAsync(port, wait: TimeSpan.FromSeconds(60));
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        using var response = await client.PostAsJsonAsync("/api/contacts", new
                        {
                            channel = "SosAlarm",
                            duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
                            situation = $"Krocktest {w}-{i}",
                            persons = new object[]
                            {
                                new { identityNumber = "19851130-2385", municipalityCode = "0184", category = "DomesticViolence" },
                                new { identityNumber = "20100315-2384", municipalityCode = "0184", category = "DomesticViolence" },
                                new { name = "Lillebror", approximateAge = 3, municipalityCode = "0184", category = "ChildrenAndYouth" },
                            },
                        });
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                            confirmed.Add((body.GetProperty("contactId").GetInt64(), body.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray()));
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the host is gone
                    }
                }
            })).ToList();

            // Let registrations run, then kill the process without warning while they are in flight.
            while (confirmed.Count < 20)
            {
                await Task.Delay(20);
            }

            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2)); // a lost SIGCHLD fails the test instead of hanging the run
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.True(confirmed.Count >= 20);
        using (var host = Start(config, dir.File("data"), port))
        {
            using var client = await HostProcesses.LoggedInClientAsync(port, wait: TimeSpan.FromSeconds(60));
            var open = JsonDocument.Parse(await client.GetStringAsync("/api/cases")).RootElement.EnumerateArray()
                .Select(c => (Contact: c.GetProperty("contactId").GetInt64(), Case: c.GetProperty("id").GetString()!)).ToList();

            // Every confirmed contact is there with all its cases …
            foreach (var (contact, cases) in confirmed)
            {
                Assert.Equal(cases.Order(), open.Where(o => o.Contact == contact).Select(o => o.Case).Order());
            }

            // … and no contact was stored with only some of its persons.
            Assert.All(open.GroupBy(o => o.Contact), g => Assert.Equal(3, g.Count()));
            host.Kill(entireProcessTree: true);
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.File("data"), "intake.db")};Pooling=False");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar());
    }

    [Fact]
    public async Task A_host_restarted_with_a_rejected_edit_on_disk_serves_on_the_last_valid_configuration_and_health_reports_it_and_a_full_disk()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var port = HostProcesses.FreePort();
        using (var host = Start(config, dir.File("data"), port))
        {
            using var client = await HostProcesses.LoggedInClientAsync(port, wait: TimeSpan.FromSeconds(60));
            var health = JsonDocument.Parse(await client.GetStringAsync("/health")).RootElement;
            Assert.Equal("Healthy", health.GetProperty("status").GetString());
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2)); // a lost SIGCHLD fails the test instead of hanging the run
        }

        // An edit that validation rejects is left on disk, and the disk fills up; then the host is restarted (at 02:00, say).
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"Name\": \"Sigtuna\"", "\"Name\": \"Sigtuna kommun\"", StringComparison.Ordinal));
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using (var host = Start(config, dir.File("data"), port, new Dictionary<string, string> { ["SocialJour__Health__MinimumFreeDiskMegabytes"] = "1000000000000" }, log))
        {
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            HttpResponseMessage? answer = null;
            for (var waited = Stopwatch.StartNew(); answer is null; await Task.Delay(100))
            {
                try
                {
                    answer = await probe.GetAsync("/health");
                }
                catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(60) && !host.HasExited)
                {
                }
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal("Unhealthy", JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
            using var staff = await HostProcesses.LoggedInClientAsync(port); // the reasons are for the jour's staff
            var detailed = await staff.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, detailed.StatusCode);
            var health = JsonDocument.Parse(await detailed.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Unhealthy", health.GetProperty("status").GetString());
            var problems = health.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
            Assert.Contains(problems, p => p.StartsWith("Disken för datamappen", StringComparison.Ordinal) && p.Contains("är full", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("Konfigurationsfilen på disk är avvisad", StringComparison.Ordinal)
                && p.Contains("Kommun 0191 (Sigtuna kommun), fältet 'Name'", StringComparison.Ordinal) && p.Contains("senast giltiga", StringComparison.Ordinal));
            Assert.True(health.GetProperty("configuration").GetProperty("startedOnLastValid").GetBoolean());
            Assert.Contains(log, l => l.Contains("is REJECTED; started on the last valid configuration", StringComparison.Ordinal));

            // It serves, on the last valid configuration, and says so on the start page.
            using var client = await HostProcesses.LoggedInClientAsync(port);
            var start = await client.GetStringAsync("/");
            Assert.Contains("data-testid=\"configuration-rejected\"", start, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"disk-full\"", start, StringComparison.Ordinal);
            var sigtuna = JsonDocument.Parse(await client.GetStringAsync("/api/municipalities")).RootElement.EnumerateArray().Single(m => m.GetProperty("code").GetString() == "0191");
            Assert.Equal("Sigtuna", sigtuna.GetProperty("name").GetString());
            host.Kill(entireProcessTree: true);
        }
    }

    private static Process Start(string config, string data, int port, IDictionary<string, string>? settings = null, System.Collections.Concurrent.ConcurrentQueue<string>? log = null) =>
        HostProcesses.Start(port, new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["SocialJour__ConfigurationPath"] = config,
            ["SocialJour__Database__DataDirectory"] = data,
        }, line => log?.Enqueue(line));
}
