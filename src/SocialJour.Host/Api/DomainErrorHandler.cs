using Microsoft.AspNetCore.Diagnostics;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host.Api;

/// <summary>
/// Turns the domain's validation errors into 400/404 problem details with the Swedish message and the field;
/// anything else on /api becomes a 500 without a stack trace (pages go to /Error).
/// </summary>
internal sealed class DomainErrorHandler(IProblemDetailsService problems, ILogger<DomainErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, field) = exception switch
        {
            LookupRejectedException l => (l.NotFound ? 404 : l.Unavailable ? 503 : 400, "Uppslaget kan inte göras", l.Message, l.Field),
            IntakeValidationException i => (i.NotFound ? 404 : 400, "Uppgifterna kan inte tas emot", i.Message, i.Field),
            SocialJour.Modules.Assessment.Contracts.AssessmentValidationException a => (a.NotFound ? 404 : 400, "Uppgifterna kan inte registreras", a.Message, a.Field),
            BadHttpRequestException b => (b.StatusCode, "Felaktig begäran", "Begäran kunde inte läsas (ogiltig JSON eller fel fälttyp).", (string?)null),
            _ when httpContext.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) =>
                (500, "Internt fel", "Ett oväntat fel inträffade. Inget har ändrats; försök igen eller kontakta IT.", null),
            _ => (0, "", "", null),
        };
        if (status == 0)
        {
            return false;
        }

        if (status == 500)
        {
            logger.LogError("Unhandled {Type} on {Path}", exception.GetType().Name, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }
}
