using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;
using SocialJour.Core;

namespace SocialJour.Host.Api;

/// <summary>
/// Turns the domain's validation errors into 400/404 problem details with the Swedish message and the field;
/// anything else on /api becomes a 500 problem without a stack trace (pages go to /Error).
/// </summary>
internal sealed class DomainErrorHandler(ILogger<DomainErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The exception handler has already pointed the request at /Error: the original path is in the feature.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value ?? "";
        var api = path.StartsWith("/api/", StringComparison.Ordinal) || path == "/api";
        var (status, title, detail, field) = exception switch
        {
            LookupRejectedException l => (l.NotFound ? 404 : l.Unavailable ? 503 : 400, "Uppslaget kan inte göras", l.Message, l.Field),
            ValidationException { Conflict: true } c => (409, "Uppgifterna stämmer inte med händelseloggen", c.Message, c.Field),
            ValidationException i => (i.NotFound ? 404 : 400, "Uppgifterna kan inte tas emot", i.Message, i.Field),
            // Our converters' Swedish sentences; never the parser's English text, positions or type names (issue 23, 2j).
            BadHttpRequestException { InnerException: JsonInputException { Path: var p } j } => (400, "Felaktig begäran", j.Message, FieldOf(p)),
            BadHttpRequestException { InnerException: JsonException j } => (400, "Felaktig begäran", Unreadable(j), FieldOf(j.Path)),
            BadHttpRequestException b => (b.StatusCode, "Felaktig begäran", "Begäran kunde inte läsas (ogiltig JSON eller fel fälttyp).", null),
            _ when api => (500, "Internt fel", "Ett oväntat fel inträffade. Inget har ändrats; försök igen eller kontakta IT.", null),
            _ => (0, "", "", null),
        };
        if (status == 0)
        {
            return false;
        }

        if (status == 500)
        {
            logger.LogError("Unhandled {Type} on {Path}", exception.GetType().Name, path);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        // Written as problem+json whatever the Accept header says: an API caller never gets the HTML error page.
        await Results.Problem(problem).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>A Swedish sentence for the parser's refusal, naming the field when the parser knows it.</summary>
    private static string Unreadable(JsonException e)
    {
        var field = FieldOf(e.Path);
        if (e.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("duplicate", StringComparison.Ordinal))
        {
            return field is null
                ? "Begäran anger samma fält mer än en gång: skicka varje fält en gång."
                : $"Fältet '{field}' förekommer mer än en gång: skicka varje fält en gång.";
        }

        return field is null
            ? "Begäran kunde inte läsas: den är inte giltig JSON eller har ett fält av fel typ."
            : $"Fältet '{field}' kunde inte läsas: ogiltig JSON eller fel typ av värde (t.ex. text där ett tal väntas, eller ett värde som inte finns).";
    }

    /// <summary>"$.persons[0].receivedAt" → "persons[0].receivedAt".</summary>
    private static string? FieldOf(string? jsonPath) => jsonPath is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
}

/// <summary>Swedish titles for the problems the framework writes itself (401, 403, 404, 405, 415, 429, …).</summary>
internal static class SwedishProblemTitles
{
    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var english = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        if (problem.Title is null || problem.Title == english || problem.Title.StartsWith("An error occurred", StringComparison.Ordinal) || problem.Title.StartsWith("One or more", StringComparison.Ordinal))
        {
            problem.Title = status switch
            {
                400 => "Felaktig begäran",
                401 => "Inte inloggad",
                403 => "Åtkomst nekad",
                404 => "Finns inte",
                405 => "Metoden stöds inte här",
                406 => "Svarsformatet stöds inte",
                413 => "Begäran är för stor",
                415 => "Formatet stöds inte (skicka JSON)",
                429 => "För många förfrågningar",
                >= 500 => "Internt fel",
                _ => "Fel",
            };
        }

        // Never a stack trace or an exception type in an answer.
        problem.Extensions.Remove("exception");
    }
}
