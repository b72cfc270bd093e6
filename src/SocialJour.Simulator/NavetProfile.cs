using System.Globalization;

namespace SocialJour.Simulator;

/// <summary>
/// The population register (Skatteverket's Navet, simplified): docs/adapters/navet.md. API key in a header, JSON.
/// The home municipality is where the person's first journal record is; the canary Tolvan lives in Sigtuna.
/// </summary>
internal static class NavetProfile
{
    public const string Key = "demo-navet-key";

    /// <summary>People whose protection the register knows but the journals do not yet (Elin Berg).</summary>
    private static readonly HashSet<string> ProtectedOnlyInRegister = ["201205062381"];

    public static void Map(WebApplication app, SimulatorState state)
    {
        app.MapGet("/navet/api/v1/personer/{pnr}", async (HttpContext ctx, string pnr) =>
        {
            var fault = state.FaultFor("navet", "navet");
            if (await FaultGate.ApplyAsync(fault, ctx, () => Results.StatusCode(503), "{\"personnummer\":", "application/json") is { } faulty)
            {
                return faulty;
            }

            if (ctx.Request.Headers["X-Navet-Key"] != Key || fault?.ExpiredCredentials == true)
            {
                return Results.Json(new { fel = "Ogiltig nyckel" }, statusCode: 401);
            }

            var person = Population.Find(pnr);
            if (person is null)
            {
                return Results.Json(new { fel = "Personen finns inte i folkbokföringen" }, statusCode: 404);
            }

            var names = person.Name.Split(' ', 2);
            return Results.Json(new
            {
                personnummer = person.PersonId,
                fornamn = names[0],
                efternamn = names.Length > 1 ? names[1] : "",
                fodelsedatum = DateOnly.ParseExact(person.PersonId[..8], "yyyyMMdd", CultureInfo.InvariantCulture).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                folkbokforingskommun = person.PersonId == Population.CanaryPersonId ? "0191" : person.Records.FirstOrDefault()?.MunicipalityCode,
                // A person whose marking is unknown everywhere (Liam Persson) has none here either: the register answers without it.
                skyddadFolkbokforing = ProtectedOnlyInRegister.Contains(person.PersonId) ? true : person.Protected,
                avliden = false,
            });
        });
    }
}
