using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace SocialJour.Simulator;

internal static class SimulatorMain
{
    public static async Task Main(string[] args) => await SimulatorApp.Create(args).RunAsync();
}

/// <summary>Builds the simulator; tests start it in-process on a loopback port.</summary>
public static class SimulatorApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // Plain HTTP for most profiles; HTTPS that asks for a client certificate for Combine (mutual TLS).
        var httpPort = new Uri((builder.Configuration["urls"] ?? "http://127.0.0.1:5080").Split(';')[0]).Port;
        var httpsPort = int.Parse(builder.Configuration["CombineHttpsPort"] ?? "5443", System.Globalization.CultureInfo.InvariantCulture);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, httpPort);
            k.Listen(IPAddress.Loopback, httpsPort, l => l.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(AppContext.BaseDirectory, "certs", "server.pfx"), "demo-simulator-server"),
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (_, _, _) => true, // checked per request against the demo CA (CombineProfile)
            }));
        });
        builder.Services.AddSingleton<SmtpSink>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SmtpSink>());
        builder.Services.AddIdentityProvider(); // the dev identity provider (demo users only, ADR 0027)
        var app = builder.Build();
        var state = new SimulatorState();
        app.MapGet("/_sim/smtp", (SmtpSink smtp) => Results.Json(smtp.Received.ToArray()));

        app.Use(async (ctx, next) =>
        {
            // The read-only monitor covers the systems the jour reads (journals, register); the e-service is where it delivers reports.
            // The identity provider (/connect, /.well-known) is where staff sign in, not a system the jour reads.
            if (!ctx.Request.Path.StartsWithSegments("/_sim", StringComparison.Ordinal) && !ctx.Request.Path.StartsWithSegments("/eservice", StringComparison.Ordinal)
                && !ctx.Request.Path.StartsWithSegments("/connect", StringComparison.Ordinal) && !ctx.Request.Path.StartsWithSegments("/.well-known", StringComparison.Ordinal)
                && !ctx.Request.Path.StartsWithSegments("/dev-idp", StringComparison.Ordinal))
            {
                state.Methods.AddOrUpdate(ctx.Request.Method, 1, (_, n) => n + 1);
                if (!HttpMethods.IsGet(ctx.Request.Method))
                {
                    state.NonGets.Enqueue($"{ctx.Request.Method} {ctx.Request.Path}");
                }

                // How many requests for the same path (one resource of one person) were in flight at once: parallel paging shows here.
                var path = ctx.Request.Path.Value ?? "";
                var now = state.InFlight.AddOrUpdate(path, 1, (_, n) => n + 1);
                state.MostInFlight.AddOrUpdate(path, now, (_, n) => Math.Max(n, now));
                try
                {
                    await next();
                }
                finally
                {
                    state.InFlight.AddOrUpdate(path, 0, (_, n) => n - 1);
                }

                return;
            }

            await next();
        });

        app.UseAuthentication();
        app.MapIdentityProvider();
        app.MapGet("/_sim/requests", () => Results.Json(state.Methods));
        app.MapGet("/_sim/requests/non-get", () => Results.Json(state.NonGets.ToArray()));
        app.MapGet("/_sim/requests/most-in-flight", () => Results.Json(state.MostInFlight));
        app.MapDelete("/_sim/requests", () =>
        {
            state.Methods.Clear();
            state.MostInFlight.Clear();
            return Results.NoContent();
        });
        app.MapGet("/_sim/people", () => Results.Json(Population.All.Select(p => new { p.PersonId, p.Name, p.Protected, Municipalities = p.Records.Select(r => r.MunicipalityCode) })));
        app.MapPut("/_sim/faults/{profile}/{tenant}", (string profile, string tenant, Fault fault) =>
        {
            state.Faults[profile + "/" + tenant] = fault;
            return Results.NoContent();
        });
        app.MapDelete("/_sim/faults/{profile}/{tenant}", (string profile, string tenant) =>
        {
            state.Faults.TryRemove(profile + "/" + tenant, out _);
            return Results.NoContent();
        });
        app.MapDelete("/_sim/faults", () =>
        {
            state.Faults.Clear();
            return Results.NoContent();
        });

        LifecareProfile.Map(app, state);
        ProcapitaProfile.Map(app, state);
        TreservaProfile.Map(app, state);
        VivaProfile.Map(app, state);
        CombineProfile.Map(app, state);
        NavetProfile.Map(app, state);
        EServiceProfile.Map(app, state);
        return app;
    }
}

internal sealed class SimulatorState
{
    public ConcurrentDictionary<string, Fault> Faults { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, int> Methods { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> InFlight { get; } = new(StringComparer.Ordinal);

    /// <summary>The most requests for each path that were in flight at the same time.</summary>
    public ConcurrentDictionary<string, int> MostInFlight { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request that was not a GET: "METHOD path" (the tests prove these are all authentication).</summary>
    public ConcurrentQueue<string> NonGets { get; } = new();

    public Fault? FaultFor(string profile, string tenant) => Faults.TryGetValue(profile + "/" + tenant, out var f) ? f : null;
}

/// <summary>A fault injected into one profile's tenant at run time.</summary>
internal sealed record Fault(
    int LatencyMs = 0,
    double ErrorRate = 0,
    bool Hang = false,
    bool Garbage = false,
    bool EmptyAnswers = false,
    bool Html = false,
    bool ExpiredCredentials = false,
    bool WrongCharset = false,
    int TokenLifetimeSeconds = 0);

/// <summary>The faults every profile applies the same way; the profile-specific ones (credentials, empty answers) are its own.</summary>
internal static class FaultGate
{
    /// <summary>Applies latency/hang, then returns the faulty answer to send instead, or null to go on.</summary>
    public static async Task<IResult?> ApplyAsync(Fault? fault, HttpContext ctx, Func<IResult> serverError, string garbage, string garbageContentType)
    {
        if (fault is null)
        {
            return null;
        }

        if (fault.Hang)
        {
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        }

        if (fault.LatencyMs > 0)
        {
            await Task.Delay(fault.LatencyMs, ctx.RequestAborted);
        }

        if (fault.ErrorRate > 0 && Random.Shared.NextDouble() < fault.ErrorRate)
        {
            return serverError();
        }

        if (fault.Html)
        {
            // What a reverse proxy in front of the system answers when the system is down.
            return Results.Content("<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>", "text/html", System.Text.Encoding.UTF8, 502);
        }

        return fault.Garbage ? Results.Content(garbage, garbageContentType) : null;
    }
}

internal sealed record Tenant(string Domain, string Key, string Municipality);

/// <summary>
/// The simulator's tenants: one per demo municipality, the same in every profile, so a municipality can be
/// moved to any system by configuration. Demo credentials match config/demo/secrets. In code, not in
/// appsettings, so the simulator behaves the same wherever it is hosted (tests host it in-process).
/// </summary>
internal static class Tenants
{
    public static readonly Dictionary<string, string> Municipalities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ekero"] = "0125",
        ["sigtuna"] = "0191",
        ["solna"] = "0184",
        ["sundbyberg"] = "0183",
        ["jarfalla"] = "0123",
        ["sollentuna"] = "0163",
        ["upplandsbro"] = "0139",
        ["upplandsvasby"] = "0114",
    };

    public static readonly Dictionary<string, Tenant> Lifecare = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ekero"] = new("ekero", "demo-lifecare-ekero-7f3a", "0125"),
        ["sigtuna"] = new("sigtuna", "demo-lifecare-sigtuna-91c2", "0191"),
        ["solna"] = new("solna", "demo-lifecare-solna-2b8e", "0184"),
        ["sundbyberg"] = new("sundbyberg", "demo-lifecare-sundbyberg-5d10", "0183"),
        ["jarfalla"] = new("jarfalla", "demo-lifecare-jarfalla-c4e7", "0123"),
        ["sollentuna"] = new("sollentuna", "demo-lifecare-sollentuna-8a61", "0163"),
        ["upplandsbro"] = new("upplandsbro", "demo-lifecare-upplandsbro-3f95", "0139"),
        ["upplandsvasby"] = new("upplandsvasby", "demo-lifecare-upplandsvasby-e02d", "0114"),
    };

    /// <summary>Procapita OAuth2 clients: client id "socialjour-{tenant}", secret "demo-procapita-{tenant}-secret".</summary>
    public static string ProcapitaSecret(string tenant) => $"demo-procapita-{tenant}-secret";

    public static SimRecord? RecordOf(string personId, string municipality) =>
        Population.Find(personId)?.Records.FirstOrDefault(r => r.MunicipalityCode == municipality);
}
