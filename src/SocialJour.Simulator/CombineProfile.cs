using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace SocialJour.Simulator;

/// <summary>Combine: docs/adapters/combine.md. Mutual TLS, camelCase envelope with offset/limit meta, ISO dates with offset.</summary>
internal static class CombineProfile
{
    private const int MaxLimit = 2;
    private static readonly JsonSerializerOptions Camel = new(JsonSerializerDefaults.Web);
    private static readonly X509Certificate2 Ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(AppContext.BaseDirectory, "certs", "ca.pem"));
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapGet("/combine/{tenant}/api/persons/{pnr}/{resource?}", async (HttpContext ctx, string tenant, string pnr, string? resource) =>
        {
            if (!Tenants.Municipalities.TryGetValue(tenant, out var municipality))
            {
                return Problem(404, "Not Found", "Unknown tenant");
            }

            if (!ctx.Request.IsHttps)
            {
                return Problem(403, "Forbidden", "TLS with a client certificate is required");
            }

            var fault = state.FaultFor("combine", tenant);
            if (await FaultGate.ApplyAsync(fault, ctx, () => Problem(500, "Internal Server Error", null), "{\"data\": {\"personalNumber\": \"19", "application/json") is { } faulty)
            {
                return faulty;
            }

            var certificate = await ctx.Connection.GetClientCertificateAsync();
            if (certificate is null || !IssuedByDemoCa(certificate) || certificate.GetNameInfo(X509NameType.SimpleName, false) != "socialjour-" + tenant || fault?.ExpiredCredentials == true)
            {
                return Problem(403, "Forbidden", "Client certificate not accepted");
            }

            var person = Population.Find(pnr);
            var record = Tenants.RecordOf(pnr, municipality);
            if (fault?.EmptyAnswers == true)
            {
                return Results.Json(new { data = (object?)null }, Camel);
            }

            if (person is null || record is null)
            {
                return Problem(404, "Not Found", "No such person");
            }

            var offset = int.TryParse(ctx.Request.Query["offset"], CultureInfo.InvariantCulture, out var o) && o >= 0 ? o : 0;
            var limit = int.TryParse(ctx.Request.Query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, MaxLimit) : MaxLimit;
            return resource switch
            {
                null => Results.Json(new
                {
                    data = new
                    {
                        personalNumber = person.PersonId,
                        fullName = person.Name,
                        protectedIdentity = person.Protected switch { true => "YES", false => "NO", null => (string?)null },
                        address = person.Protected == true ? null : new { street = person.Street, postalCode = person.PostalCode, city = person.City },
                    },
                }, Camel),
                "investigations" => Page(record.Investigations.Select(i => (object)new { id = i.Id.ToString(CultureInfo.InvariantCulture), type = i.Type, from = At(i.From), to = At(i.To), caseworker = i.Caseworker, unit = i.Organization }), offset, limit),
                "decisions" => Page(record.Decisions.Select(d => (object)new { id = d.Id.ToString(CultureInfo.InvariantCulture), decidedAt = At(d.Date), from = At(d.From), to = At(d.To), type = d.Type, reason = d.Reason, decidedBy = d.DecisionMaker, provision = d.Paragraph }), offset, limit),
                "placements" => Page(record.Services.Select(s => (object)new { id = s.Id.ToString(CultureInfo.InvariantCulture), type = s.Type, from = At(s.Start), to = At(s.End), provision = s.Paragraph, location = s.Location, caseworker = s.Caseworker }), offset, limit),
                "caseworkers" => Page(record.Contacts.Select(c => (object)new { name = c.Name, title = c.Title, unit = c.Organization, phone = c.Phone, email = c.Email }), offset, limit),
                "warnings" => Page(record.Warnings.Select(w => (object)new { kind = w.Type, text = w.Text, from = At(w.From), to = At(w.To) }), offset, limit),
                _ => Problem(404, "Not Found", "Unknown resource"),
            };
        });
    }

    private static bool IssuedByDemoCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static IResult Page(IEnumerable<object> items, int offset, int limit)
    {
        var all = items.ToList();
        return Results.Json(new { data = all.Skip(offset).Take(limit), meta = new { total = all.Count, offset, limit } }, Camel);
    }

    private static IResult Problem(int status, string title, string? detail) =>
        Results.Json(new { type = "https://combine.example/problems/" + status, title, status, detail }, statusCode: status, contentType: "application/problem+json");

    /// <summary>Combine writes instants with the Swedish offset: a calendar day is its local midnight.</summary>
    private static string? At(DateOnly? date)
    {
        if (date is not { } d)
        {
            return null;
        }

        var local = d.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Stockholm.GetUtcOffset(local)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
