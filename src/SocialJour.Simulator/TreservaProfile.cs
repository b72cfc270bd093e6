using System.Collections.Concurrent;
using System.Globalization;
using System.Xml.Linq;

namespace SocialJour.Simulator;

/// <summary>Treserva: docs/adapters/treserva.md. Session login with a cookie that expires, SOAP-style XML, offset/limit.</summary>
internal static class TreservaProfile
{
    private const string CookieName = "TRESERVASESSION";
    private static readonly ConcurrentDictionary<string, (string Tenant, DateTimeOffset Expires)> Sessions = new(StringComparer.Ordinal);

    /// <summary>Treserva accounts: user "socialjour", password "demo-treserva-{tenant}-password".</summary>
    public static string Password(string tenant) => $"demo-treserva-{tenant}-password";

    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapPost("/treserva/{tenant}/login", async (HttpContext ctx, string tenant) =>
        {
            var form = ctx.Request.HasFormContentType ? await ctx.Request.ReadFormAsync() : null;
            var fault = state.FaultFor("treserva", tenant);
            if (!Tenants.Municipalities.ContainsKey(tenant) || form is null || form["username"] != "socialjour" || form["password"] != Password(tenant) || fault?.ExpiredCredentials == true)
            {
                return Results.Content("<html><body><h1>Inloggningen misslyckades</h1></body></html>", "text/html", System.Text.Encoding.UTF8, 401);
            }

            var lifetime = fault?.TokenLifetimeSeconds is > 0 ? fault.TokenLifetimeSeconds : 300;
            var session = Guid.NewGuid().ToString("N");
            Sessions[session] = (tenant, DateTimeOffset.UtcNow.AddSeconds(lifetime));
            ctx.Response.Cookies.Append(CookieName, session, new CookieOptions { Path = $"/treserva/{tenant}", HttpOnly = true });
            return Results.Content("<html><body>OK</body></html>", "text/html");
        });

        app.MapGet("/treserva/{tenant}/services/{resource}", async (HttpContext ctx, string tenant, string resource) =>
        {
            if (!Tenants.Municipalities.TryGetValue(tenant, out var municipality))
            {
                return Results.NotFound();
            }

            var fault = state.FaultFor("treserva", tenant);
            if (await FaultGate.ApplyAsync(fault, ctx, () => Fault("soap:Server", "Internt fel i Treserva"), "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><Klient><Namn>Ann", "text/xml") is { } faulty)
            {
                return faulty;
            }

            // An absent or expired session is sent to the login page, as a browser would be.
            if (!ctx.Request.Cookies.TryGetValue(CookieName, out var session) || !Sessions.TryGetValue(session, out var s) || s.Tenant != tenant
                || s.Expires < DateTimeOffset.UtcNow || fault?.ExpiredCredentials == true)
            {
                return Results.Redirect($"/treserva/{tenant}/login.html");
            }

            var pnr = ctx.Request.Query["pnr"].ToString();
            var person = Population.Find(pnr);
            var record = Tenants.RecordOf(pnr, municipality);
            if (person is null || record is null || fault?.EmptyAnswers == true)
            {
                return Fault("soap:Client.NotFound", "Klienten finns inte");
            }

            var offset = int.TryParse(ctx.Request.Query["offset"], CultureInfo.InvariantCulture, out var o) && o >= 0 ? o : 0;
            var limit = int.TryParse(ctx.Request.Query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, 2) : 2;
            return resource switch
            {
                "klient" => Envelope(new XElement("Klient",
                    new XElement("Personnummer", person.PersonId),
                    new XElement("Namn", person.Name),
                    person.Protected is { } p ? new XElement("SkyddadIdentitet", p ? "J" : "N") : null,
                    person.Protected == true ? null : new XElement("Adress", new XElement("Gata", person.Street), new XElement("Postnummer", person.PostalCode), new XElement("Ort", person.City)))),
                "utredningar" => List(record.Investigations.Select(i => new XElement("Utredning", new XElement("Id", i.Id), new XElement("Typ", i.Type), Day("Fran", i.From), Day("Till", i.To), new XElement("Handlaggare", i.Caseworker), new XElement("Enhet", i.Organization))), offset, limit),
                "beslut" => List(record.Decisions.Select(d => new XElement("Beslut", new XElement("Id", d.Id), Day("Beslutsdatum", d.Date), Day("Fran", d.From), Day("Till", d.To), new XElement("Typ", d.Type), new XElement("Motivering", d.Reason), new XElement("Beslutsfattare", d.DecisionMaker), new XElement("Lagrum", d.Paragraph))), offset, limit),
                "placeringar" => List(record.Services.Select(v => new XElement("Placering", new XElement("Id", v.Id), new XElement("Typ", v.Type), Day("Fran", v.Start), Day("Till", v.End), new XElement("Lagrum", v.Paragraph), new XElement("Plats", v.Location), new XElement("Handlaggare", v.Caseworker))), offset, limit),
                "handlaggare" => List(record.Contacts.Select(c => new XElement("Handlaggare", new XElement("Namn", c.Name), new XElement("Titel", c.Title), new XElement("Enhet", c.Organization), new XElement("Telefon", c.Phone), new XElement("Epost", c.Email))), offset, limit),
                "varningar" => List(record.Warnings.Select(w => new XElement("Varning", new XElement("Slag", w.Type), new XElement("Text", w.Text), Day("Fran", w.From), Day("Till", w.To))), offset, limit),
                _ => Fault("soap:Client.UnknownResource", "Okänd tjänst"),
            };
        });
    }

    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";

    private static IResult Envelope(XElement body, int status = 200) =>
        Results.Content(new XDocument(new XElement(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", Soap), new XElement(Soap + "Body", body))).ToString(), "text/xml; charset=utf-8", System.Text.Encoding.UTF8, status);

    private static IResult List(IEnumerable<XElement> items, int offset, int limit)
    {
        var all = items.ToList();
        return Envelope(new XElement("Lista", new XAttribute("total", all.Count), new XAttribute("offset", offset), new XAttribute("limit", limit), all.Skip(offset).Take(limit)));
    }

    /// <summary>SOAP 1.1: a fault travels with HTTP 500.</summary>
    private static IResult Fault(string code, string text) =>
        Envelope(new XElement(Soap + "Fault", new XElement("faultcode", code), new XElement("faultstring", text)), 500);

    /// <summary>Treserva writes dates as yyyyMMdd.</summary>
    private static XElement? Day(string name, DateOnly? date) =>
        date is { } d ? new XElement(name, d.ToString("yyyyMMdd", CultureInfo.InvariantCulture)) : null;
}
