using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace SocialJour.Simulator;

/// <summary>Procapita: docs/adapters/procapita.md. OAuth2 client credentials, camelCase, Link-header paging.</summary>
internal static class ProcapitaProfile
{
    private const int PageSize = 2; // small, so that paging is exercised by real data
    private static readonly JsonSerializerOptions Camel = new(JsonSerializerDefaults.Web);
    private static readonly ConcurrentDictionary<string, (string Tenant, DateTimeOffset Expires)> Tokens = new(StringComparer.Ordinal);

    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapPost("/procapita/{tenant}/oauth/token", async (HttpContext ctx, string tenant) =>
        {
            var form = ctx.Request.HasFormContentType ? await ctx.Request.ReadFormAsync() : null;
            var fault = state.FaultFor("procapita", tenant);
            if (!Tenants.Municipalities.ContainsKey(tenant) || form is null || form["grant_type"] != "client_credentials"
                || form["client_id"] != "socialjour-" + tenant || form["client_secret"] != Tenants.ProcapitaSecret(tenant) || fault?.ExpiredCredentials == true)
            {
                return Results.Json(new { error = "invalid_client", error_description = "Client authentication failed" }, Camel, statusCode: 401);
            }

            var lifetime = fault?.TokenLifetimeSeconds is > 0 ? fault.TokenLifetimeSeconds : 300;
            var token = Convert.ToHexString(Guid.NewGuid().ToByteArray());
            Tokens[token] = (tenant, DateTimeOffset.UtcNow.AddSeconds(lifetime));
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = lifetime }, Camel);
        });

        app.MapGet("/procapita/{tenant}/api/v2/clients/{pnr}/{resource?}", async (HttpContext ctx, string tenant, string pnr, string? resource) =>
        {
            if (!Tenants.Municipalities.TryGetValue(tenant, out var municipality))
            {
                return Results.NotFound();
            }

            var fault = state.FaultFor("procapita", tenant);
            if (await FaultGate.ApplyAsync(fault, ctx, () => Error("SERVICE_UNAVAILABLE", "Tjänsten är tillfälligt otillgänglig"), "{\"personalIdentityNumber\": \"19", "application/json") is { } faulty)
            {
                return faulty;
            }

            var auth = ctx.Request.Headers.Authorization.ToString();
            if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !Tokens.TryGetValue(auth[7..], out var grant) || grant.Tenant != tenant
                || grant.Expires < DateTimeOffset.UtcNow || fault?.ExpiredCredentials == true)
            {
                ctx.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                return Results.Json(new { error = "invalid_token" }, Camel, statusCode: 401);
            }

            // The 10-digit form with separator; the century follows from '-' or '+'.
            var personId = TwelveDigits(pnr);
            var person = personId is null ? null : Population.Find(personId);
            var record = personId is null ? null : Tenants.RecordOf(personId, municipality);
            if (person is null || record is null || fault?.EmptyAnswers == true)
            {
                // Procapita reports errors in a 200 body; without the licence every client looks unknown.
                return resource is null ? Error("CLIENT_NOT_FOUND", "Klienten finns inte") : Results.Json(Array.Empty<object>(), Camel);
            }

            var page = int.TryParse(ctx.Request.Query["page"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
            switch (resource)
            {
                case null:
                    var space = person.Name.IndexOf(' ', StringComparison.Ordinal);
                    return Results.Json(new
                    {
                        personalIdentityNumber = pnr,
                        firstName = person.Name[..space],
                        lastName = person.Name[(space + 1)..],
                        protectedIdentity = person.Protected,
                        address = person.Protected == true ? null : new { street = person.Street, postalCode = person.PostalCode, city = person.City },
                    }, Camel);
                case "investigations":
                    return Paged(ctx, record.Investigations.Select(i => (object)new { id = i.Id.ToString(CultureInfo.InvariantCulture), type = i.Type, startDate = Local(i.From), endDate = Local(i.To), handlaggare = i.Caseworker, unit = i.Organization }), page);
                case "decisions":
                    return Paged(ctx, record.Decisions.Select(d => (object)new { id = d.Id.ToString(CultureInfo.InvariantCulture), decisionDate = Local(d.Date), validFrom = Local(d.From), validTo = Local(d.To), type = d.Type, reason = d.Reason, decidedBy = d.DecisionMaker, lagrum = d.Paragraph }), page);
                case "placements":
                    return Paged(ctx, record.Services.Select(s => (object)new { id = s.Id.ToString(CultureInfo.InvariantCulture), type = s.Type, startDate = Local(s.Start), endDate = Local(s.End), lagrum = s.Paragraph, location = s.Location, handlaggare = s.Caseworker }), page);
                case "caseworkers":
                    return Results.Json(record.Contacts.Select(c => new { name = c.Name, title = c.Title, unit = c.Organization, phone = c.Phone, email = c.Email }), Camel);
                case "warnings":
                    return Results.Json(record.Warnings.Select(w => new { kind = w.Type, text = w.Text, validFrom = Local(w.From), validTo = Local(w.To) }), Camel);
                default:
                    return Error("UNKNOWN_RESOURCE", "Okänd resurs");
            }
        });
    }

    private static IResult Paged(HttpContext ctx, IEnumerable<object> items, int page)
    {
        var list = items.ToList();
        if (page * PageSize < list.Count)
        {
            // rel="next", and rel="last" so that a client may fetch the remaining pages in parallel.
            var path = $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.Path}";
            var last = (list.Count + PageSize - 1) / PageSize;
            ctx.Response.Headers.Link = $"<{path}?page={page + 1}>; rel=\"next\", <{path}?page={last}>; rel=\"last\"";
        }

        return Results.Json(list.Skip((page - 1) * PageSize).Take(PageSize), Camel);
    }

    private static IResult Error(string code, string message) => Results.Json(new { error = new { code, message } }, Camel);

    /// <summary>Procapita writes local wall-clock time without a zone.</summary>
    private static string? Local(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static string? TwelveDigits(string pnr)
    {
        if (pnr.Length != 11 || (pnr[6] != '-' && pnr[6] != '+'))
        {
            return null;
        }

        var yy = int.Parse(pnr[..2], CultureInfo.InvariantCulture);
        var baseYear = DateTime.UtcNow.Year - (pnr[6] == '+' ? 100 : 0);
        var year = baseYear - ((baseYear - yy) % 100 + 100) % 100;
        return year.ToString("0000", CultureInfo.InvariantCulture)[..2] + pnr[..6] + pnr[7..];
    }
}
