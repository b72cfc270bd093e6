using System.Collections.Concurrent;
using System.Text.Json;

namespace SocialJour.Simulator;

/// <summary>
/// A municipality's e-service endpoint that receives the jour's reports (not a journal system: the jour writes here).
/// Answers 201 with a receipt. A report whose Idempotency-Key (header, or idempotencyKey in the body) it has already
/// accepted is not taken again: 200 with the original receipt and duplicate=true. Faults per tenant under the profile name
/// "eservice". Received reports (duplicates marked): GET /_sim/eservice/{tenant}; every request as it began: …/attempts.
/// </summary>
internal static class EServiceProfile
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<Received>> Inbox = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<Attempt>> Attempts = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Receipts = new(StringComparer.Ordinal);

    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapPost("/eservice/{tenant}/reports", async (HttpContext ctx, string tenant) =>
        {
            if (!Tenants.Municipalities.ContainsKey(tenant))
            {
                return Results.NotFound();
            }

            var header = ctx.Request.Headers["Idempotency-Key"].ToString();
            Attempts.GetOrAdd(tenant, _ => new ConcurrentQueue<Attempt>()).Enqueue(new Attempt(DateTimeOffset.UtcNow, header.Length > 0 ? header : null));
            var fault = state.FaultFor("eservice", tenant);
            if (await FaultGate.ApplyAsync(fault, ctx, () => Results.StatusCode(503), "<html>", "text/html") is { } faulty)
            {
                return faulty;
            }

            var body = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body);
            var key = header.Length > 0 ? header
                : body.ValueKind == JsonValueKind.Object && body.TryGetProperty("idempotencyKey", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            var inbox = Inbox.GetOrAdd(tenant, _ => new ConcurrentQueue<Received>());
            var fresh = $"ES-{tenant}-{Guid.NewGuid():N}";
            var receipt = key is null ? fresh : Receipts.GetOrAdd(tenant + "/" + key, fresh);
            var duplicate = !ReferenceEquals(receipt, fresh);
            inbox.Enqueue(new Received(DateTimeOffset.UtcNow, key, receipt, duplicate, body));
            return duplicate
                ? Results.Json(new { receipt, duplicate = true }, statusCode: 200)
                : Results.Json(new { receipt, duplicate = false }, statusCode: 201);
        });
        app.MapGet("/_sim/eservice/{tenant}", (string tenant) =>
            Results.Json(Inbox.TryGetValue(tenant, out var q) ? q.ToArray() : []));
        app.MapGet("/_sim/eservice/{tenant}/attempts", (string tenant) =>
            Results.Json(Attempts.TryGetValue(tenant, out var q) ? q.ToArray() : []));
    }

    private sealed record Received(DateTimeOffset ReceivedAt, string? IdempotencyKey, string Receipt, bool Duplicate, JsonElement Report);

    private sealed record Attempt(DateTimeOffset StartedAt, string? IdempotencyKey);
}
