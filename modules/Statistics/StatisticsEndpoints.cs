using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core;
using SocialJour.Core.Security;
using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics;

/// <summary>
/// /api/statistics (unit managers, policy Statistics): GET ?from=&amp;to=[&amp;compare=&amp;municipality=&amp;suppress=] the report as
/// JSON; GET /api/statistics/export.{xlsx|csv|pdf}?… the files (always suppressed: they leave the jour); GET
/// /api/statistics/charts/{key}.svg?… a chart. A bad or missing date, comparison or flag is a 400 naming the field, an unknown
/// municipality, chart or format a 404. The figures are read only by the jour's own pages or by a client that is not a
/// browser: a browser request from another origin (Sec-Fetch-Site, Origin) is refused even for GET (<see cref="SameOrigin"/>).
/// </summary>
internal static class StatisticsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var statistics = routes.MapGroup("/api/statistics").RequireAuthorization(Policies.Statistics).WithTags("Statistics")
            .AddEndpointFilter(SameOrigin);

        statistics.MapGet("", async (HttpRequest request, ClaimsPrincipal user, IStatisticsModule module, CancellationToken ct) =>
            Results.Ok(await module.ReportAsync(Disclosed(Query(request.Query), user, file: false), ct)))
            .WithName("getStatisticsReport").Produces<StatisticsReport>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The report for a period (from, to: local dates, both included, at most 366 days), compared with the same dates 0–4 years before (compare, default 2), for the whole jour or one municipality (municipality: always suppressed); suppress=true hides small counts");

        statistics.MapGet("/export.{format}", async (string format, HttpRequest request, ClaimsPrincipal user, IStatisticsModule module, CancellationToken ct) =>
        {
            var kind = Format(format);
            var file = await module.ExportAsync(Disclosed(Query(request.Query), user, file: true), kind, ct);
            return Results.File(file.Content, file.ContentType, file.FileName);
        })
            .WithMetadata(ExpensiveExport.Instance).WithName("exportStatistics").Produces<byte[]>(StatusCodes.Status200OK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv", "application/pdf").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The report as a file to send out of the jour (xlsx, csv or pdf: the appendix 'Bilaga 2'); small counts always suppressed");

        statistics.MapGet("/internal-export.{format}", async (string format, HttpRequest request, ClaimsPrincipal user, IStatisticsModule module, CancellationToken ct) =>
        {
            var kind = Format(format);
            var query = Query(request.Query);
            if (!DisclosurePolicy.MayExportInternalStatistics(Audience.Of(user), query.MunicipalityCode))
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Bara enhetschefens interna underlag",
                    detail: "Den interna filen (små tal visas) ges bara till en inloggad enhetschef och bara för hela jouren. Filer som lämnar jouren hämtas under export (små tal dolda).");
            }

            var file = await module.InternalExportAsync(query, kind, ct);
            return Results.File(file.Content, file.ContentType, file.FileName);
        })
            .WithMetadata(ExpensiveExport.Instance).WithName("exportStatisticsInternal").Produces<byte[]>(StatusCodes.Status200OK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv", "application/pdf").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("The unit manager's internal file for the annual report (whole jour, small counts shown, marked internal on every page); a signed-in unit manager only");

        statistics.MapGet("/charts/{key}.svg", async (string key, HttpRequest request, ClaimsPrincipal user, IStatisticsModule module, CancellationToken ct) =>
        {
            var report = await module.ReportAsync(Disclosed(Query(request.Query), user, file: false), ct);
            var svg = module.ChartSvg(report, key)
                ?? throw new ValidationException("key", $"Diagrammet '{key}' finns inte: välj {string.Join(", ", report.Charts.Select(c => c.Key))}.", notFound: true);
            return Results.Text(svg, "image/svg+xml; charset=utf-8");
        })
            .WithName("getStatisticsChart").Produces<string>(StatusCodes.Status200OK, "image/svg+xml").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("One chart of the report as SVG (cases-by-period, cases-by-municipality, cases-by-category, jour-mode), with the same query as the report");
    }

    /// <summary>The query of a request: from and to required (yyyy-MM-dd), compare 0–4 (default 2), municipality, suppress true/false.</summary>
    public static StatisticsQuery Query(IQueryCollection query)
    {
        var from = Date(query, "from", "Startdatum");
        var to = Date(query, "to", "Slutdatum");
        var compare = 2;
        if (Value(query, "compare") is { } c
            && (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out compare) || compare > 4))
        {
            throw new ValidationException("compare", $"Antal jämförelseår '{c}' ska vara ett heltal från 0 till 4.");
        }

        var suppress = Value(query, "suppress") switch
        {
            null or "false" or "0" => false,
            "true" or "1" or "on" => true,
            var s => throw new ValidationException("suppress", $"suppress '{s}' ska vara true eller false."),
        };
        return new StatisticsQuery(from, to, compare, Value(query, "municipality"), suppress);
    }

    /// <summary>
    /// The query in the form the disclosure policy gives this audience: a machine client, a municipality view and every file
    /// get the released form (small counts suppressed, no breach list, release periods only), whatever they asked for.
    /// </summary>
    public static StatisticsQuery Disclosed(StatisticsQuery query, ClaimsPrincipal user, bool file) =>
        query with { Suppress = DisclosurePolicy.Statistics(Audience.Of(user), query.Suppress, query.MunicipalityCode, file) == FigureForm.Released };

    /// <summary>xlsx, csv or pdf; anything else is not a file this API has (404).</summary>
    public static StatisticsFormat Format(string? text) => (text ?? "").ToLowerInvariant() switch
    {
        "xlsx" => StatisticsFormat.Xlsx,
        "csv" => StatisticsFormat.Csv,
        "pdf" => StatisticsFormat.Pdf,
        _ => throw new ValidationException("format", $"Formatet '{text}' finns inte: välj xlsx, csv eller pdf.", notFound: true),
    };

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

    private static DateOnly Date(IQueryCollection query, string field, string name)
    {
        var text = Value(query, field);
        if (text is null)
        {
            throw new ValidationException(field, $"{name} saknas: ange {field}=ÅÅÅÅ-MM-DD, t.ex. {(field == "from" ? "2021-01-01" : "2021-12-10")}.");
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 2000 and <= 2100
            ? date
            : throw new ValidationException(field, $"{name} '{text}' är inget datum på formen ÅÅÅÅ-MM-DD mellan 2000-01-01 och 2100-12-31.");
    }

    /// <summary>
    /// The report is personal-data-adjacent (small municipalities, breaches by case): a browser may read it only from the jour's
    /// own pages. The rule of the host's cross-origin check (ADR 0014), applied to reads: Sec-Fetch-Site same-origin or none
    /// (typed), else a trusted Origin; without Sec-Fetch-Site an Origin must be the host's own or trusted; a client that sends
    /// neither is not a browser and passes.
    /// </summary>
    private static async ValueTask<object?> SameOrigin(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var origin = request.Headers.Origin.ToString().TrimEnd('/');
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        var trusted = context.HttpContext.RequestServices.GetRequiredService<IConfiguration>()
            .GetSection("SocialJour:TrustedOrigins").GetChildren().Select(c => c.Value?.TrimEnd('/')).OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var own = $"{request.Scheme}://{request.Host}";
        var allowed = fetchSite.Length > 0
            ? fetchSite is "same-origin" or "none" || (origin.Length > 0 && trusted.Contains(origin))
            : origin.Length == 0 || string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) || trusted.Contains(origin);
        if (!allowed)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Begäran kommer från en annan webbplats",
                detail: "Statistiken lämnas bara ut till SocialJours egna sidor. Öppna SocialJour direkt och försök igen.");
        }

        return await next(context);
    }
}
