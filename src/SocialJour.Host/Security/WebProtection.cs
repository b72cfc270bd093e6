using Microsoft.AspNetCore.Mvc;

namespace SocialJour.Host.Security;

/// <summary>
/// Refuses state-changing requests that a browser sends on behalf of a page on another origin (ADR 0014). The session
/// cookie is SameSite=Strict, but "same site" includes every port and sub-domain of the same registrable domain: a page
/// there can still post with the user's cookie. Browsers mark such requests (<c>Sec-Fetch-Site</c>, <c>Origin</c>); a
/// request with neither header did not come from a modern browser and carries no one else's intent, so it passes.
/// Razor forms also carry an antiforgery token; this check covers the JSON API and the logout endpoint. It does not apply to
/// the identity provider's back-channel logout (<see cref="ServerToServerEndpoint"/>), which carries no cookie and a signed token.
/// </summary>
internal sealed class CrossOriginCheck(RequestDelegate next, IConfiguration configuration)
{
    private readonly HashSet<string> _trusted = new(
        configuration.GetSection("SocialJour:TrustedOrigins").GetChildren().Select(c => c.Value).OfType<string>().Select(o => o.TrimEnd('/')),
        StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<ServerToServerEndpoint>() is not null // the provider's back-channel logout
            || Allowed(context.Request))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(new ProblemDetails
        {
            Status = 403,
            Title = "Begäran kommer från en annan webbplats",
            Detail = "Ändringar tas bara emot från SocialJours egna sidor. Öppna SocialJour direkt och försök igen.",
        }).ExecuteAsync(context);
    }

    private bool Allowed(HttpRequest request)
    {
        var own = $"{request.Scheme}://{request.Host}";
        var origin = request.Headers.Origin.ToString();
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        bool OwnOrTrusted(string o) => string.Equals(o, own, StringComparison.OrdinalIgnoreCase) || _trusted.Contains(o);

        if (fetchSite.Length > 0)
        {
            // "none": typed or bookmarked by the user. Anything else than same-origin needs a trusted Origin.
            return fetchSite is "same-origin" or "none" || (origin.Length > 0 && _trusted.Contains(origin));
        }

        if (origin.Length > 0)
        {
            return OwnOrTrusted(origin); // "null" (sandboxed or privacy-redirected) is neither
        }

        var referer = request.Headers.Referer.ToString();
        if (referer.Length > 0)
        {
            return Uri.TryCreate(referer, UriKind.Absolute, out var r) && OwnOrTrusted(r.GetLeftPart(UriPartial.Authority));
        }

        return true;
    }
}

/// <summary>Security headers on every response, and no caching of anything but the static style sheet and scripts.</summary>
internal sealed class SecurityHeaders(RequestDelegate next, SignInSettings signIn)
{
    /// <summary>
    /// <see cref="ContentSecurityPolicy"/> with the identity provider's origin allowed as a form target: the logout form's
    /// redirect continues to the provider's end-session endpoint, and browsers apply form-action to redirects (ADR 0027).
    /// </summary>
    private readonly string _policy = ContentSecurityPolicy.Replace("form-action 'self'",
        $"form-action 'self' {signIn.Authority.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal);

    /// <summary>No inline script or style anywhere: everything comes from wwwroot.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] StaticExtensions = [".css", ".js", ".ico", ".png", ".svg", ".woff2"];

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = _policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            var path = context.Request.Path.Value ?? "";
            if (context.Response.StatusCode >= 400 || !StaticExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                // Pages and API answers hold personal data: never in a shared or browser cache.
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
