using System.Collections.Concurrent;
using System.Text.Json;

namespace SocialJour.Simulator;

/// <summary>
/// A municipality's e-service endpoint that receives the jour's reports (not a journal system: the jour writes here).
/// Answers 201 with a receipt; faults per tenant under the profile name "eservice". Received reports: GET /_sim/eservice/{tenant}.
/// </summary>
internal static class EServiceProfile
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<JsonElement>> Received = new(StringComparer.Ordinal);

    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapPost("/eservice/{tenant}/reports", async (HttpContext ctx, string tenant) =>
        {
            if (!Tenants.Municipalities.ContainsKey(tenant))
            {
                return Results.NotFound();
            }

            var fault = state.FaultFor("eservice", tenant);
            if (await FaultGate.ApplyAsync(fault, ctx, () => Results.StatusCode(503), "<html>", "text/html") is { } faulty)
            {
                return faulty;
            }

            var body = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body);
            Received.GetOrAdd(tenant, _ => new ConcurrentQueue<JsonElement>()).Enqueue(body);
            return Results.Json(new { receipt = $"ES-{tenant}-{Guid.NewGuid():N}" }, statusCode: 201);
        });
        app.MapGet("/_sim/eservice/{tenant}", (string tenant) =>
            Results.Json(Received.TryGetValue(tenant, out var q) ? q.ToArray() : []));
    }
}
