using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SocialJour.Tests;

/// <summary>
/// Replays recorded Lifecare exchanges (shared/reference/lifecare-fc, WireMock mappings) on a loopback port:
/// a request matching a mapping's path and query gets its recorded status, headers and body.
/// </summary>
internal sealed class FixtureReplayServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FixtureReplayServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The base URL an adapter is configured with (the recordings live under /lifecare-fc).</summary>
    public Uri BaseUrl { get; }

    public static async Task<FixtureReplayServer> StartAsync(params string[] fixtureNames)
    {
        var mappings = fixtureNames.Select(n => JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.Shared, "reference", "lifecare-fc", n)))!).ToList();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async ctx =>
        {
            foreach (var m in mappings)
            {
                var request = m["request"]!;
                if (request["urlPath"]!.GetValue<string>() != ctx.Request.Path.Value || request["method"]!.GetValue<string>() != ctx.Request.Method)
                {
                    continue;
                }

                var query = request["queryParameters"]?.AsObject() ?? [];
                if (query.Any(q => ctx.Request.Query[q.Key].ToString() != q.Value!["equalTo"]!.GetValue<string>()))
                {
                    continue;
                }

                var response = m["response"]!;
                ctx.Response.StatusCode = response["status"]!.GetValue<int>();
                ctx.Response.ContentType = response["headers"]?["Content-Type"]?.GetValue<string>() ?? "application/json";
                var body = response["jsonBody"];
                await ctx.Response.WriteAsync(body is null ? "" : body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                return;
            }

            ctx.Response.StatusCode = 404;
            ctx.Response.ContentType = "application/problem+json";
            await ctx.Response.WriteAsync("{\"title\":\"Not Found\",\"status\":404,\"detail\":\"No recording\"}");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FixtureReplayServer(app, new Uri(address + "/lifecare-fc/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
