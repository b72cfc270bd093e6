using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialJour.Tests;

/// <summary>Idempotency-Key across a SIGKILL (ADR 0035): what was cut off by the kill is retried with its key after the restart.</summary>
public sealed partial class CrashTests
{
    [Fact]
    public async Task Contacts_cut_off_by_a_kill_and_retried_with_their_keys_after_the_restart_are_each_registered_once()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var port = HostProcesses.FreePort();
        var sent = new ConcurrentBag<(string Key, string Name)>();
        var confirmed = new ConcurrentDictionary<string, long>();

        using (var host = Start(config, dir.File("data"), port))
        {
            using var client = await HostProcesses.LoggedInClientAsync(port, wait: TimeSpan.FromSeconds(60));
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var (key, name) = (Guid.NewGuid().ToString(), IdempotencyTests.Unique("Krock"));
                    sent.Add((key, name)); // before it is sent: the kill may cut it anywhere
                    try
                    {
                        using var response = await Send(client, key, name);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            confirmed[key] = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("contactId").GetInt64();
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the host is gone
                    }
                }
            })).ToList();

            while (confirmed.Count < 20)
            {
                await Task.Delay(20);
            }

            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        using (var host = Start(config, dir.File("data"), port))
        {
            using var client = await HostProcesses.LoggedInClientAsync(port, wait: TimeSpan.FromSeconds(60));
            foreach (var (key, name) in sent)
            {
                // The user sends again what they are not sure of, with the same key, on a new session.
                using var retry = await Send(client, key, name);
                Assert.True(retry.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{retry.StatusCode}: {await retry.Content.ReadAsStringAsync()}");
                if (confirmed.TryGetValue(key, out var contact))
                {
                    // What the client had confirmed is answered again, the same contact, marked replayed.
                    Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
                    Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
                    Assert.Equal(contact, JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement.GetProperty("contactId").GetInt64());
                }

                Assert.Equal(1, await IdempotencyTests.CasesNamed(client, name));
            }

            host.Kill(entireProcessTree: true);
        }
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string key, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/contacts")
        {
            Content = JsonContent.Create(new
            {
                channel = "SosAlarm",
                situation = "Krocktest med nyckel",
                persons = new object[] { new { name, approximateAge = 7, municipalityCode = "0184", category = "ChildrenAndYouth" } },
            }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }
}
