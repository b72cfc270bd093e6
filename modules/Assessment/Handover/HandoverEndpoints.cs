using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Assessment.Contracts;
using static SocialJour.Modules.Assessment.AssessmentEndpoints;

namespace SocialJour.Modules.Assessment;

internal static class HandoverEndpoints
{
    /// <summary>The dates the API accepts (as the host's other date parameters): 2000-01-01 to 2100-12-31.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static readonly DateOnly Latest = new(2100, 12, 31);

    public static void Map(RouteGroupBuilder work) =>
        work.MapGet("/handover", async (string? municipality, string? date, IAssessmentModule assessment, IMunicipalityRegistry registry, JourClock clock, CancellationToken ct) =>
        {
            if (!string.IsNullOrWhiteSpace(municipality) && !MunicipalityCode.TryParse(municipality, out _))
            {
                return Problem(400, "Ogiltig kommunkod", MunicipalityCode.Malformed("municipality", municipality), "municipality");
            }

            if (string.IsNullOrWhiteSpace(municipality) || registry.Current.Find(municipality) is null)
            {
                return Problem(400, "Okänd kommun", "Ange kommunkod för en av jourens kommuner.");
            }

            var day = clock.Today;
            if (date is not null && !TryDate(date, out day))
            {
                return Problem(400, "Ogiltigt datum", $"date: '{date}' är inget datum på formen ÅÅÅÅ-MM-DD mellan 2000-01-01 och 2100-12-31.", "date");
            }

            return Results.Ok(await assessment.HandoverAsync(municipality, day, ct));
        }).WithName("getHandover").Produces<HandoverReport>()
            .WithSummary("The morning handover to a municipality (08:00 on a date, default today): the cases since the previous weekday's 08:00, reports, open follow-ups");

    /// <summary>A date yyyy-MM-dd within [<see cref="Earliest"/>, <see cref="Latest"/>].</summary>
    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date >= Earliest && date <= Latest;
}
