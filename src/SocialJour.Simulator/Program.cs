using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SocialJour.Simulator;

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
        var app = builder.Build();
        var tenants = Tenants.Lifecare;
        var faults = new ConcurrentDictionary<string, Fault>(StringComparer.OrdinalIgnoreCase);
        var methods = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var pascal = new JsonSerializerOptions { PropertyNamingPolicy = null };

        app.Use(async (ctx, next) =>
        {
            if (!ctx.Request.Path.StartsWithSegments("/_sim", StringComparison.Ordinal))
            {
                methods.AddOrUpdate(ctx.Request.Method, 1, (_, n) => n + 1);
            }

            await next();
        });

        app.MapGet("/_sim/requests", () => Results.Json(methods));
        app.MapDelete("/_sim/requests", () => { methods.Clear(); return Results.NoContent(); });
        app.MapGet("/_sim/people", () => Results.Json(Population.All.Select(p => new { p.PersonId, p.Name, p.Protected, Municipalities = p.Records.Select(r => r.MunicipalityCode) })));
        app.MapPut("/_sim/faults/{profile}/{tenant}", (string profile, string tenant, Fault fault) => { faults[profile + "/" + tenant] = fault; return Results.NoContent(); });
        app.MapDelete("/_sim/faults/{profile}/{tenant}", (string profile, string tenant) => { faults.TryRemove(profile + "/" + tenant, out _); return Results.NoContent(); });
        app.MapDelete("/_sim/faults", () => { faults.Clear(); return Results.NoContent(); });

        // Lifecare FamilyCare profile: docs/adapters/lifecare.md.
        app.MapGet("/lifecare/{tenant}/apifc/v1/{resource}", async (HttpContext ctx, string tenant, string resource) =>
        {
            if (!tenants.TryGetValue(tenant, out var t))
            {
                return Problem(404, "Not Found", "Unknown tenant");
            }

            var q = ctx.Request.Query;
            if (faults.TryGetValue("lifecare/" + tenant, out var fault))
            {
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
                    return Problem(500, "Internal Server Error", null);
                }

                if (fault.Html)
                {
                    return Results.Content("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html", Encoding.UTF8, 502);
                }

                if (fault.Garbage)
                {
                    return Results.Content("{\"PersonId\": \"1990", "application/json");
                }

                if (fault.ExpiredCredentials)
                {
                    return Problem(401, "Unauthorized", "Key expired");
                }
            }

            if (string.IsNullOrEmpty(q["key"]) || string.IsNullOrEmpty(q["domain"]))
            {
                return Problem(401, "Unauthorized", "domain and key are required");
            }

            var licensed = q["key"] == t.Key && q["domain"] == t.Domain && fault?.EmptyAnswers != true;
            if (!licensed)
            {
                // The vendor's behaviour: a key without the person licence gets 200 with an empty body.
                return Results.Content("", "application/json");
            }

            var personId = q["personId"].ToString();
            var person = Population.Find(personId);
            var record = person?.Records.FirstOrDefault(r => r.MunicipalityCode == t.Municipality);
            var pageSize = int.TryParse(q["pageSize"], CultureInfo.InvariantCulture, out var ps) && ps > 0 ? ps : 20;
            var pageNr = int.TryParse(q["pageNr"], CultureInfo.InvariantCulture, out var pn) && pn > 0 ? pn : 1;
            switch (resource)
            {
                case "Persons":
                    if (person is null || record is null)
                    {
                        return Problem(404, "Not Found", "Person not found");
                    }

                    return Results.Json(new
                    {
                        person.PersonId,
                        CustomerNumber = 100,
                        person.Name,
                        StreetAddress = person.Protected == true ? null : person.Street,
                        PostalCode = person.Protected == true ? null : person.PostalCode,
                        PostalAddress = person.Protected == true ? null : person.City,
                        ProtectedIdentity = person.Protected,
                        Warnings = record.Warnings.Select(w => new { w.Type, w.Text, FromDate = Utc(w.From), ToDate = Utc(w.To) }),
                    }, pascal);
                case "Investigations":
                    return Page(record?.Investigations.Select(i => (object)new { i.Id, i.Type, FromDate = Utc(i.From), ToDate = Utc(i.To), i.Caseworker, i.Organization }), pageSize, pageNr);
                case "Decisions":
                    return Page(record?.Decisions.Select(d => (object)new { d.Id, Date = Utc(d.Date), FromDate = Utc(d.From), ToDate = Utc(d.To), d.Type, d.Reason, d.DecisionMaker, Organization = "IFO", d.Paragraph }), pageSize, pageNr);
                case "Services":
                    return Page(record?.Services.Select(s => (object)new { s.Id, s.Type, Organization = "IFO", StartDate = Utc(s.Start), EndDate = Utc(s.End), s.Caseworker, s.Paragraph, s.Location }), pageSize, pageNr);
                case "Contacts":
                    return Results.Json((record?.Contacts ?? []).Select(c => new { c.Id, c.Name, EmploymentTitle = c.Title, OrganizationName = c.Organization, c.Phone, c.Email, c.TypeOfContact }), pascal);
                default:
                    return Problem(404, "Not Found", $"Unknown resource {resource}");
            }

            IResult Page(IEnumerable<object>? items, int size, int nr)
            {
                var list = (items ?? []).ToList();
                var pages = Math.Max(1, (list.Count + size - 1) / size);
                return Results.Json(new { PageNumber = nr, PageSize = size, TotalNumberOfPages = pages, TotalNumberOfRecords = list.Count, Result = list.Skip((nr - 1) * size).Take(size) }, pascal);
            }
        });

        return app;
    }

    static IResult Problem(int status, string title, string? detail) =>
        Results.Json(new { title, status, detail }, statusCode: status, contentType: "application/problem+json");

    static string? Utc(DateOnly? date) =>
        date is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null;

    internal sealed record Tenant(string Domain, string Key, string Municipality);

/// <summary>
/// The simulator's tenants and their demo keys (the same as config/demo/secrets). In code, not in
/// appsettings, so the simulator behaves the same wherever it is hosted (tests host it in-process).
/// </summary>
internal static class Tenants
{
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
}

    /// <summary>A fault injected into one profile's tenant at run time.</summary>
    internal sealed record Fault(int LatencyMs = 0, double ErrorRate = 0, bool Hang = false, bool Garbage = false, bool EmptyAnswers = false, bool Html = false, bool ExpiredCredentials = false);
}
