using System.Globalization;
using System.Text;

namespace SocialJour.Simulator;

/// <summary>Viva: docs/adapters/viva.md. A legacy CGI interface: API key header, key=value and ;-separated text in ISO-8859-1.</summary>
internal static class VivaProfile
{
    private const int PageSize = 2;
    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>Viva API keys: "demo-viva-{tenant}-key".</summary>
    public static string Key(string tenant) => $"demo-viva-{tenant}-key";

    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapGet("/viva/{tenant}/cgi/{resource}", async (HttpContext ctx, string tenant, string resource) =>
        {
            if (!Tenants.Municipalities.TryGetValue(tenant, out var municipality))
            {
                return Results.NotFound();
            }

            var fault = state.FaultFor("viva", tenant);
            if (await FaultGate.ApplyAsync(fault, ctx, () => Text(503, "FEL: Systemet är tillfälligt stängt"), "PNR=1003\nNAMN=Ma", "text/plain; charset=ISO-8859-1") is { } faulty)
            {
                return faulty;
            }

            if (ctx.Request.Headers["X-Viva-Key"] != Key(tenant) || fault?.ExpiredCredentials == true)
            {
                return Text(401, "FEL: Ogiltig nyckel");
            }

            if (fault?.EmptyAnswers == true)
            {
                return Text(403, "FEL: Behörighet saknas för personuppgifter");
            }

            var personId = TwelveDigits(ctx.Request.Query["pnr"].ToString());
            var person = personId is null ? null : Population.Find(personId);
            var record = personId is null ? null : Tenants.RecordOf(personId, municipality);
            if (person is null || record is null)
            {
                return Text(404, "FEL: Klienten finns inte");
            }

            var page = int.TryParse(ctx.Request.Query["sida"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
            var body = resource switch
            {
                "klient" => string.Join('\n', new[]
                {
                    "PNR=" + ctx.Request.Query["pnr"],
                    "NAMN=" + person.Name,
                    "SKYDD=" + (person.Protected switch { true => "J", false => "N", null => "" }),
                    person.Protected == true ? null : "GATA=" + person.Street,
                    person.Protected == true ? null : "POSTNR=" + person.PostalCode,
                    person.Protected == true ? null : "ORT=" + person.City,
                }.OfType<string>()),
                "utredn" => Csv("ID;TYP;FROM;TOM;HANDL;ENHET", record.Investigations.Select(i => $"{i.Id};{i.Type};{Day(i.From)};{Day(i.To)};{i.Caseworker};{i.Organization}"), page),
                "beslut" => Csv("ID;DATUM;FROM;TOM;TYP;SKAL;BESLUTAT_AV;LAGRUM", record.Decisions.Select(d => $"{d.Id};{Day(d.Date)};{Day(d.From)};{Day(d.To)};{d.Type};{d.Reason};{d.DecisionMaker};{d.Paragraph}"), page),
                "placer" => Csv("ID;TYP;FROM;TOM;LAGRUM;PLATS;HANDL", record.Services.Select(s => $"{s.Id};{s.Type};{Day(s.Start)};{Day(s.End)};{s.Paragraph};{s.Location};{s.Caseworker}"), page),
                "handl" => Csv("NAMN;TITEL;ENHET;TELEFON;EPOST", record.Contacts.Select(c => $"{c.Name};{c.Title};{c.Organization};{c.Phone};{c.Email}"), page),
                "varn" => Csv("SLAG;TEXT;FROM;TOM", record.Warnings.Select(w => $"{w.Type};{w.Text};{Day(w.From)};{Day(w.To)}"), page),
                _ => null,
            };
            if (body is null)
            {
                return Text(400, "FEL: Okänd resurs");
            }

            // The wrong-charset fault: Latin-1 bytes that the header claims are UTF-8.
            return Results.Bytes(Latin1.GetBytes(body), fault?.WrongCharset == true ? "text/plain; charset=utf-8" : "text/plain; charset=ISO-8859-1");
        });
    }

    private static string Csv(string header, IEnumerable<string> rows, int page)
    {
        var all = rows.ToList();
        var more = page * PageSize < all.Count;
        return string.Join('\n', new[] { header }.Concat(all.Skip((page - 1) * PageSize).Take(PageSize)).Append("#FLER=" + (more ? "J" : "N")));
    }

    private static IResult Text(int status, string text) => Results.Content(text, "text/plain", Latin1, status);

    private static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

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
