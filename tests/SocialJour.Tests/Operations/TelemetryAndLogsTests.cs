using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SocialJour.Tests.Operations;

/// <summary>
/// The host as a separate process with JSON logs and OTLP export to a receiver on loopback (ADR 0029): a real look-up
/// against the simulator produces the look-up latency per source and its spans at the receiver; every log line is JSON
/// with a UTC timestamp; and neither the logs nor the exported telemetry carry the identity number looked up.
/// </summary>
public sealed partial class TelemetryAndLogsTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const string Person = "20100315-2384";

    [Fact]
    public async Task A_look_up_is_exported_as_metrics_and_traces_over_OTLP_and_logged_as_JSON_without_the_identity_number()
    {
        using var dir = new TempDir();
        var config = simulator.WriteDemoConfig(dir);
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        await using var receiver = await StartReceiver(received);
        var port = HostProcesses.FreePort();
        var log = new ConcurrentQueue<string>();
        using var host = Start(config, dir.File("data"), port, log, new Dictionary<string, string>
        {
            ["SocialJour__Logging__Format"] = "json",
            ["SocialJour__Telemetry__OtlpEndpoint"] = receiver.Url,
            ["SocialJour__Telemetry__OtlpProtocol"] = "http/protobuf",
            ["SocialJour__Telemetry__ExportIntervalSeconds"] = "1",
            // A slow shared test machine: the look-up must not hit its deadline here (time limits are tested elsewhere).
            ["SocialJour__Lookup__SourceTimeoutSeconds"] = "20",
            ["SocialJour__Lookup__OverallDeadlineSeconds"] = "30",
        });
        try
        {
            using var client = await HostProcesses.LoggedInClientAsync(port, "/health/live", TimeSpan.FromSeconds(90));
            using var lookup = await client.PostAsJsonAsync("/api/lookups", new { identityNumber = Person, emergencyReason = "Akut, polisen på plats" });
            Assert.True(lookup.StatusCode == HttpStatusCode.OK, $"{lookup.StatusCode}: {await lookup.Content.ReadAsStringAsync()}\n{string.Join('\n', log.TakeLast(20))}");

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!(Text(received, "/v1/metrics").Contains("socialjour.lookup.source.duration", StringComparison.Ordinal)
                && Text(received, "/v1/traces").Contains("lookup.source", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }

        var metrics = Text(received, "/v1/metrics");
        var traces = Text(received, "/v1/traces");
        Assert.Contains("socialjour.lookup.source.duration", metrics, StringComparison.Ordinal);
        Assert.Contains("socialjour.lookup.source.answers", metrics, StringComparison.Ordinal);
        Assert.Contains("Lifecare", metrics, StringComparison.Ordinal); // per source: municipality and system
        Assert.Contains("0191", metrics, StringComparison.Ordinal);
        Assert.Contains("lookup.source", traces, StringComparison.Ordinal);
        Assert.DoesNotMatch(LookedUp(), metrics + traces);

        var lines = log.Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var entry = JsonDocument.Parse(line).RootElement; // every line is one JSON object
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", entry.GetProperty("Timestamp").GetString());
            Assert.True(entry.TryGetProperty("LogLevel", out _) && entry.TryGetProperty("Category", out _) && entry.TryGetProperty("Message", out _), line);
        }

        Assert.DoesNotMatch(LookedUp(), string.Join('\n', lines));
        Assert.DoesNotContain("jour2026", string.Join('\n', lines), StringComparison.Ordinal);
    }

    private static string Text(ConcurrentQueue<(string Path, byte[] Body)> received, string path) =>
        string.Join('\n', received.Where(r => r.Path == path).Select(r => Encoding.Latin1.GetString(r.Body)));

    /// <summary>The person looked up, in any of its forms (with or without century and hyphen).</summary>
    [GeneratedRegex(@"(20)?100315-?2384")]
    private static partial Regex LookedUp();

    private sealed record Receiver(WebApplication App, string Url) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    /// <summary>An OTLP/HTTP receiver: keeps every request body (protobuf; names and attribute values are plain UTF-8 in it).</summary>
    private static async Task<Receiver> StartReceiver(ConcurrentQueue<(string Path, byte[] Body)> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/{signal}", async (HttpContext ctx) =>
        {
            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body);
            received.Enqueue((ctx.Request.Path.Value!, body.ToArray()));
            ctx.Response.ContentType = "application/x-protobuf";
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Receiver(app, address + "/");
    }

    private static Process Start(string config, string data, int port, ConcurrentQueue<string> log, IDictionary<string, string> settings) =>
        HostProcesses.Start(port, new Dictionary<string, string>(settings)
        {
            ["SocialJour__ConfigurationPath"] = config,
            ["SocialJour__Database__DataDirectory"] = data,
        }, log.Enqueue);
}
