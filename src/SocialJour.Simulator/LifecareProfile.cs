using System.Globalization;
using System.Text.Json;

namespace SocialJour.Simulator;

/// <summary>Lifecare FamilyCare: docs/adapters/lifecare.md.</summary>
internal static class LifecareProfile
{
    private static readonly JsonSerializerOptions Pascal = new() { PropertyNamingPolicy = null };

    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapGet("/lifecare/{tenant}/apifc/v1/{resource}", async (HttpContext ctx, string tenant, string resource) =>
        {
            if (!Tenants.Lifecare.TryGetValue(tenant, out var t))
            {
                return Problem(404, "Not Found", "Unknown tenant");
            }

            var fault = state.FaultFor("lifecare", tenant);
            if (await FaultGate.ApplyAsync(fault, ctx, () => Problem(500, "Internal Server Error", null), "{\"PersonId\": \"1990", "application/json") is { } faulty)
            {
                return faulty;
            }

            if (fault?.ExpiredCredentials == true)
            {
                return Problem(401, "Unauthorized", "Key expired");
            }

            var q = ctx.Request.Query;
            if (string.IsNullOrEmpty(q["key"]) || string.IsNullOrEmpty(q["domain"]))
            {
                return Problem(401, "Unauthorized", "domain and key are required");
            }

            if (q["key"] != t.Key || q["domain"] != t.Domain || fault?.EmptyAnswers == true)
            {
                // The vendor's behaviour: a key without the person licence gets 200 with an empty body.
                return Results.Content("", "application/json");
            }

            var personId = q["personId"].ToString();
            var person = Population.Find(personId);
            var record = Tenants.RecordOf(personId, t.Municipality);
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
                    }, Pascal);
                case "Investigations":
                    return Page(record?.Investigations.Select(i => (object)new { i.Id, i.Type, FromDate = Utc(i.From), ToDate = Utc(i.To), i.Caseworker, i.Organization }), pageSize, pageNr);
                case "Decisions":
                    return Page(record?.Decisions.Select(d => (object)new { d.Id, Date = Utc(d.Date), FromDate = Utc(d.From), ToDate = Utc(d.To), d.Type, d.Reason, d.DecisionMaker, Organization = "IFO", d.Paragraph }), pageSize, pageNr);
                case "Services":
                    return Page(record?.Services.Select(s => (object)new { s.Id, s.Type, Organization = "IFO", StartDate = Utc(s.Start), EndDate = Utc(s.End), s.Caseworker, s.Paragraph, s.Location }), pageSize, pageNr);
                case "Contacts":
                    return Results.Json((record?.Contacts ?? []).Select(c => new { c.Id, c.Name, EmploymentTitle = c.Title, OrganizationName = c.Organization, c.Phone, c.Email, c.TypeOfContact }), Pascal);
                default:
                    return Problem(404, "Not Found", $"Unknown resource {resource}");
            }
        });
    }

    private static IResult Page(IEnumerable<object>? items, int size, int nr)
    {
        var list = (items ?? []).ToList();
        var pages = Math.Max(1, (list.Count + size - 1) / size);
        return Results.Json(new { PageNumber = nr, PageSize = size, TotalNumberOfPages = pages, TotalNumberOfRecords = list.Count, Result = list.Skip((nr - 1) * size).Take(size) }, Pascal);
    }

    private static IResult Problem(int status, string title, string? detail) =>
        Results.Json(new { title, status, detail }, statusCode: status, contentType: "application/problem+json");

    /// <summary>A calendar day as Lifecare writes it: midnight UTC.</summary>
    private static string? Utc(DateOnly? date) =>
        date is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null;
}
