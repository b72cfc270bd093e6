using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using SocialJour.Core.Persistence;

namespace SocialJour.Host.Api;

/// <summary>
/// Database trouble is not an unexpected error (ADR 0034). Sits just inside the exception handler, so that it sees the exception
/// before anything tries to render /Error (which would sign the user in again against the same database and fail too):
/// <list type="bullet">
/// <item>a GET or HEAD that meets an unavailable database before its answer has started is run again, at most twice, after a
/// short pause and in a fresh service scope (the cookie handler keeps a failed session look-up for the rest of its scope);</item>
/// <item>nothing else is run again: a POST, PUT, PATCH or DELETE rolls back (its transaction never committed) and is answered
/// 503 with <c>Retry-After</c>, so the proxy may send it to another host and the user may send it again;</item>
/// <item>an API caller gets problem+json, a browser a Swedish HTML page rendered without the database, with the security headers
/// (set by <see cref="Security.SecurityHeaders"/> when the answer starts);</item>
/// <item>a full disk is 507 with its own message, not "Ett oväntat fel".</item>
/// </list>
/// </summary>
internal sealed class DatabaseTroubleGuard(RequestDelegate next, IServiceScopeFactory scopes, ILogger<DatabaseTroubleGuard> logger)
{
    /// <summary>The pauses before the second and third try of a GET or HEAD (a fast PostgreSQL restart takes well under a second).</summary>
    internal static readonly TimeSpan[] Pauses = [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(1000)];

    private static long _poolsClearedAt;

    public async Task InvokeAsync(HttpContext context)
    {
        var repeatable = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (attempt == 0)
                {
                    await next(context);
                }
                else
                {
                    await RunAgainAsync(context);
                }

                return;
            }
            // (A refusal that carries its own Swedish answer, such as a look-up that could not be logged, keeps it.)
            catch (Exception e) when (!context.Response.HasStarted && e is not (Core.ValidationException or Modules.Lookup.Contracts.LookupRejectedException)
                && DatabaseTrouble.Classify(e) is { } kind)
            {
                ForgetBrokenConnections(e);
                if (kind == DatabaseTroubleKind.Unavailable && repeatable && attempt < Pauses.Length && !context.RequestAborted.IsCancellationRequested)
                {
                    logger.LogWarning("Database unavailable ({Type}) on {Method} {Path}: trying again ({Attempt})",
                        e.GetType().Name, context.Request.Method, context.Request.Path.Value, attempt + 2);
                    try
                    {
                        await Task.Delay(Pauses[attempt], context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return; // the caller has gone
                    }

                    continue;
                }

                // The type only: a provider's message may quote a parameter or a row (identity numbers).
                logger.LogWarning("Database {Kind} ({Type}) on {Method} {Path}: answered {Status}", kind, e.GetType().Name,
                    context.Request.Method, context.Request.Path.Value, DatabaseTroubleAnswer.StatusOf(kind));
                await DatabaseTroubleAnswer.WriteAsync(context, kind);
                return;
            }
        }
    }

    /// <summary>Runs the rest of the pipeline again as for a new request: no endpoint, no user, an empty answer, a fresh scope.</summary>
    private async Task RunAgainAsync(HttpContext context)
    {
        context.Response.Clear();
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        var original = context.RequestServices;
        await using var scope = scopes.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        try
        {
            await next(context);
        }
        finally
        {
            context.RequestServices = original;
        }
    }

    /// <summary>
    /// After a PostgreSQL restart every idle pooled connection is dead and fails the next request that takes it: empty the pools
    /// (at most once a second) so that the requests after this one open new connections.
    /// </summary>
    private static void ForgetBrokenConnections(Exception e)
    {
        var npgsql = false;
        for (var x = e; x is not null; x = x.InnerException)
        {
            npgsql |= x is NpgsqlException;
        }

        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _poolsClearedAt);
        if (npgsql && Stopwatch.GetElapsedTime(last, now) > TimeSpan.FromSeconds(1) && Interlocked.CompareExchange(ref _poolsClearedAt, now, last) == last)
        {
            NpgsqlConnection.ClearAllPools();
        }
    }
}

/// <summary>The answer to database trouble: 503 with <c>Retry-After</c> (unavailable) or 507 (full disk), in Swedish.</summary>
internal static class DatabaseTroubleAnswer
{
    /// <summary>Seconds a caller (and the proxy's user) should wait before sending the request again.</summary>
    public const int RetryAfterSeconds = 5;

    public const string UnavailableTitle = "Databasen svarar inte";
    public const string UnavailableDetail = "Databasen svarar inte just nu. Inget har sparats; försök igen om en stund.";
    public const string DiskFullTitle = "Disken är full";
    public const string DiskFullDetail = "Servern har fullt på disken, så inget kunde sparas. Inget har ändrats; kontakta IT.";

    public static int StatusOf(DatabaseTroubleKind kind) =>
        kind == DatabaseTroubleKind.DiskFull ? StatusCodes.Status507InsufficientStorage : StatusCodes.Status503ServiceUnavailable;

    public static async Task WriteAsync(HttpContext context, DatabaseTroubleKind kind)
    {
        var (title, detail) = kind == DatabaseTroubleKind.DiskFull ? (DiskFullTitle, DiskFullDetail) : (UnavailableTitle, UnavailableDetail);
        context.Response.Clear();
        context.Response.StatusCode = StatusOf(kind);
        if (kind == DatabaseTroubleKind.Unavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var path = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value ?? "";
        if (WantsPage(context.Request, path))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await context.Response.WriteAsync(Page(title, detail, context.TraceIdentifier), context.RequestAborted);
            }

            return;
        }

        await Results.Problem(new ProblemDetails { Status = StatusOf(kind), Title = title, Detail = detail }).ExecuteAsync(context);
    }

    /// <summary>The API (and a caller that asks for JSON only) gets problem+json; a page, the HTML page.</summary>
    private static bool WantsPage(HttpRequest request, string path)
    {
        if (path.StartsWith("/api/", StringComparison.Ordinal) || path == "/api" || path.StartsWith("/openapi/", StringComparison.Ordinal))
        {
            return false;
        }

        var accept = request.Headers.Accept.ToString();
        return accept.Length == 0 || accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) || !accept.Contains("json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The error page, without the layout's user and navigation (both come from the session, in the database).</summary>
    private static string Page(string title, string detail, string traceId) => $"""
        <!DOCTYPE html>
        <html lang="sv">
        <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{WebUtility.HtmlEncode(title)} – SocialJour</title>
            <link rel="stylesheet" href="/site.css" />
        </head>
        <body>
        <header><a class="brand" href="/">SocialJour</a></header>
        <main id="innehall">
            <h1>{WebUtility.HtmlEncode(title)}</h1>
            <p>{WebUtility.HtmlEncode(detail)}</p>
            <p>Ladda om sidan om en stund. Om felet kvarstår, kontakta IT och ange felkoden <code>{WebUtility.HtmlEncode(traceId)}</code>.</p>
        </main>
        </body>
        </html>
        """;
}
