using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace SocialJour.Host.Security;

/// <summary>Rate limits and reverse-proxy settings (ADR 0014).</summary>
internal static class WebSecurity
{
    public const string LoginPolicy = "login";

    /// <summary>
    /// Login attempts (POST /Login) per client address and minute, and requests per anonymous client address and minute.
    /// Settings <c>SocialJour:RateLimits:LoginPerMinute</c> and <c>AnonymousPerMinute</c>.
    /// </summary>
    public static void AddRateLimits(IServiceCollection services, IConfiguration configuration)
    {
        int Positive(string key) => configuration.GetValue<int?>(key) is int v && v > 0 ? v
            : throw new InvalidOperationException($"Inställningen {key} saknas eller är inte ett positivt heltal");
        var loginPerMinute = Positive("SocialJour:RateLimits:LoginPerMinute");
        var anonymousPerMinute = Positive("SocialJour:RateLimits:AnonymousPerMinute");
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http), _ => PerMinute(loginPerMinute))
                : RateLimitPartition.GetNoLimiter(""));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => http.User.Identity?.IsAuthenticated == true
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http), _ => PerMinute(anonymousPerMinute)));
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                const string detail = "För många försök på kort tid från din adress. Vänta en minut och försök igen.";
                if (!http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
                {
                    http.Response.ContentType = "text/plain; charset=utf-8"; // a person at the login page
                    await http.Response.WriteAsync(detail, ct);
                    return;
                }

                await Results.Problem(new ProblemDetails { Status = 429, Title = "För många förfrågningar", Detail = detail }).ExecuteAsync(http);
            };
        });
    }

    /// <summary>
    /// Behind a reverse proxy: the client's address and scheme (https) from X-Forwarded-For/-Proto, trusted only from the
    /// proxies in <c>SocialJour:ReverseProxy:KnownProxies</c>. Loopback is not trusted unless it is listed there (127.0.0.1 or
    /// ::1, for a proxy on the same machine): otherwise a local client could name any address in X-Forwarded-For and escape
    /// the per-address limits (issue 23, 2j).
    /// </summary>
    public static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear(); // the framework's defaults trust ::1 and 127.0.0.0/8
        options.KnownIPNetworks.Clear();
        foreach (var proxy in configuration.GetSection("SocialJour:ReverseProxy:KnownProxies").GetChildren().Select(c => c.Value))
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var ip)
                ? ip
                : throw new InvalidOperationException($"SocialJour:ReverseProxy:KnownProxies: '{proxy}' är ingen IP-adress"));
        }

        if (options.KnownProxies.Count == 0)
        {
            // With both lists empty the middleware would trust every sender: no proxy configured means no forwarded headers read.
            options.ForwardedHeaders = ForwardedHeaders.None;
        }
    }

    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "okänd";

    private static FixedWindowRateLimiterOptions PerMinute(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };
}
