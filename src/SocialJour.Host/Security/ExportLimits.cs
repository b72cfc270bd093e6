using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SocialJour.Core.Security;

namespace SocialJour.Host.Security;

/// <summary>
/// How many expensive exports (<see cref="ExpensiveExport"/>) one user (a person or a machine client, by the name the audit
/// log records) may start: <see cref="PerWindow"/> within any <see cref="Window"/> (a sliding window on the host's
/// <see cref="TimeProvider"/>) and <see cref="InFlight"/> at a time. Settings <c>SocialJour:RateLimits:ExportsPerUser</c>
/// (default 30), <c>ExportWindowMinutes</c> (default 10) and <c>ExportsInFlightPerUser</c> (default 2).
/// </summary>
internal sealed record ExportLimitOptions(int PerWindow, TimeSpan Window, int InFlight)
{
    public static ExportLimitOptions Read(IConfiguration configuration)
    {
        int Positive(string key, int standard) => configuration[key] is not { } text ? standard
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
            : throw new InvalidOperationException($"Inställningen {key} ska vara ett positivt heltal, inte '{text}'");
        return new ExportLimitOptions(
            Positive("SocialJour:RateLimits:ExportsPerUser", 30),
            TimeSpan.FromMinutes(Positive("SocialJour:RateLimits:ExportWindowMinutes", 10)),
            Positive("SocialJour:RateLimits:ExportsInFlightPerUser", 2));
    }
}

/// <summary>
/// The per-user export limit (<see cref="ExportLimitOptions"/>). Kept in this host's memory: with several hosts behind one
/// proxy a user may start up to the limit on each host (docs/security.md).
/// </summary>
internal sealed class ExportLimiter(ExportLimitOptions options, TimeProvider time)
{
    private readonly Dictionary<string, UserExports> _users = new(StringComparer.Ordinal);

    /// <summary>A lease to release when the export is done, or null (and when the user may try again) when over the limit.</summary>
    public (IDisposable? Lease, TimeSpan RetryAfter) TryStart(string user)
    {
        var now = time.GetUtcNow();
        lock (_users)
        {
            if (!_users.TryGetValue(user, out var exports))
            {
                _users[user] = exports = new UserExports();
            }

            while (exports.Started.Count > 0 && exports.Started.Peek() <= now - options.Window)
            {
                exports.Started.Dequeue();
            }

            if (exports.InFlight >= options.InFlight)
            {
                return (null, TimeSpan.FromSeconds(5));
            }

            if (exports.Started.Count >= options.PerWindow)
            {
                return (null, exports.Started.Peek() + options.Window - now);
            }

            exports.Started.Enqueue(now);
            exports.InFlight++;
            return (new Lease(this, user), TimeSpan.Zero);
        }
    }

    private void Release(string user)
    {
        lock (_users)
        {
            if (_users.TryGetValue(user, out var exports))
            {
                exports.InFlight--;
                if (exports.InFlight == 0 && exports.Started.Count == 0)
                {
                    _users.Remove(user);
                }
            }
        }
    }

    private sealed class UserExports
    {
        public Queue<DateTimeOffset> Started { get; } = new();

        public int InFlight { get; set; }
    }

    private sealed class Lease(ExportLimiter limiter, string user) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limiter.Release(user);
            }
        }
    }
}

/// <summary>Applies <see cref="ExportLimiter"/> to the endpoints marked <see cref="ExpensiveExport"/>, after authorization.</summary>
internal sealed class ExportLimit(RequestDelegate next, ExportLimiter limiter)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<ExpensiveExport>() is null || http.User.Identity?.IsAuthenticated != true)
        {
            await next(http);
            return;
        }

        var (lease, retryAfter) = limiter.TryStart(http.User.Identity.Name ?? "okänd");
        if (lease is null)
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Results.Problem(new ProblemDetails
            {
                Status = 429,
                Title = "För många exporter",
                Detail = "Du har tagit ut många filer eller diagram på kort tid. Vänta en stund och försök igen; gränsen gäller per användare och skyddar jourens server.",
            }).ExecuteAsync(http);
            return;
        }

        using (lease)
        {
            await next(http);
        }
    }
}
