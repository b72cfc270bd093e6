using System.Net;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Treserva;

/// <summary>
/// Keeps a Treserva session: logs in before the first request, and again (once) when the system answers
/// a request by redirecting to its login page or with 401 — the session cookie expired mid-use.
/// </summary>
internal sealed class SessionHandler(ITreservaLoginApi login, string userName, string password) : DelegatingHandler
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _generation;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _generation);
        if (generation == 0)
        {
            generation = await LogInAsync(0, cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (!IsSessionGone(response))
        {
            return response;
        }

        response.Dispose();
        await LogInAsync(generation, cancellationToken);
        response = await base.SendAsync(request, cancellationToken);
        return IsSessionGone(response)
            ? throw new SourceFailureException(SourceStatus.NoAccess, "Inloggningen lyckades men sessionen nekades direkt")
            : response;
    }

    private static bool IsSessionGone(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized
        || (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect
            && response.Headers.Location?.OriginalString.Contains("login", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Logs in unless another request already did so since <paramref name="seen"/>.</summary>
    private async Task<int> LogInAsync(int seen, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_generation != seen)
            {
                return _generation;
            }

            using var response = await login.LogIn(new Dictionary<string, string> { ["username"] = userName, ["password"] = password }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw status is 401 or 403 ? new SourceFailureException(SourceStatus.NoAccess, $"Inloggningen nekades (HTTP {status})")
                    : status >= 500 ? new SourceFailureException(SourceStatus.Unavailable, $"Inloggningen svarade med fel (HTTP {status})")
                    : new SourceFailureException(SourceStatus.InvalidResponse, $"Oväntat svar vid inloggning (HTTP {status})");
            }

            return ++_generation;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }
}
