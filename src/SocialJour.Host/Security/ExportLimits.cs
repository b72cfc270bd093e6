using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SocialJour.Core.Operations;
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
/// The per-user export limit (<see cref="ExportLimitOptions"/>). The count in the window is in the operations database
/// (<see cref="IExportStarts"/>), so it holds on every host behind the proxy and across restarts (two hosts starting at
/// the same instant may each let one more through); how many run at once is this host's own (it protects its CPU).
/// </summary>
internal sealed class ExportLimiter(ExportLimitOptions options, IExportStarts starts)
{
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    /// <summary>A lease to release when the export is done, or null (and when the user may try again) when over the limit.</summary>
    public async Task<(IDisposable? Lease, TimeSpan RetryAfter)> TryStartAsync(string user, CancellationToken cancellationToken)
    {
        lock (_inFlight)
        {
            if (_inFlight.GetValueOrDefault(user) >= options.InFlight)
            {
                return (null, TimeSpan.FromSeconds(5));
            }

            _inFlight[user] = _inFlight.GetValueOrDefault(user) + 1;
        }

        var lease = new Lease(this, user);
        try
        {
            if (await starts.TryStartAsync(user, options.PerWindow, options.Window, cancellationToken) is { } retryAfter)
            {
                lease.Dispose();
                return (null, retryAfter);
            }
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        return (lease, TimeSpan.Zero);
    }

    private void Release(string user)
    {
        lock (_inFlight)
        {
            if (_inFlight.TryGetValue(user, out var count))
            {
                if (count <= 1)
                {
                    _inFlight.Remove(user);
                }
                else
                {
                    _inFlight[user] = count - 1;
                }
            }
        }
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

        var (lease, retryAfter) = await limiter.TryStartAsync(http.User.Identity.Name ?? "okänd", http.RequestAborted);
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
