using System.Security.Authentication;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SocialJour.Adapters.Contract;

/// <summary>Thrown inside an adapter to report what the source answered; <see cref="AdapterCalls"/> turns it into the result.</summary>
public sealed class SourceFailureException(SourceStatus status, string message) : Exception(message)
{
    public SourceStatus Status { get; } = status;
}

/// <summary>
/// What every adapter does the same way: time a call, turn failures into a <see cref="SourceStatus"/> with a
/// Swedish detail (never a stack trace, never a partial answer), check the canary, merge caseworkers.
/// </summary>
public static class AdapterCalls
{
    /// <summary>Runs one read; a caller's cancellation propagates, every other failure becomes a status.</summary>
    public static async Task<AdapterResult<T>> RunAsync<T>(Func<CancellationToken, Task<T>> read, ILogger logger, string municipalityCode, TimeProvider time, CancellationToken cancellationToken)
        where T : class
    {
        var started = time.GetTimestamp();
        try
        {
            return AdapterResult<T>.Found(await read(cancellationToken), time.GetElapsedTime(started));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Classify(e, logger, municipalityCode) is { } failure)
        {
            return AdapterResult<T>.Failed(failure.Status, failure.Detail, time.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Awaits a history's parallel reads. When the person read failed, its failure decides the status (an unknown
    /// person is "not found" even if a list endpoint answered 404 first); otherwise the first failure does.
    /// </summary>
    public static async Task AwaitAllAsync(Task person, params Task[] others)
    {
        try
        {
            await Task.WhenAll([person, .. others]);
        }
        catch when (person.IsFaulted)
        {
            await person;
            throw;
        }
    }

    /// <summary>
    /// Looks through wrapped exceptions (HTTP client libraries wrap transport failures) for the cause.
    /// Null for an unexpected exception: a bug in the adapter, which the host reports as such.
    /// </summary>
    public static (SourceStatus Status, string Detail)? Classify(Exception exception, ILogger logger, string municipalityCode)
    {
        var chain = new List<Exception>();
        for (Exception? x = exception; x is not null; x = x.InnerException)
        {
            chain.Add(x);
        }

        if (chain.OfType<SourceFailureException>().FirstOrDefault() is { } source)
        {
            return (source.Status, source.Message);
        }

        if (chain.OfType<AuthenticationException>().Any())
        {
            logger.LogWarning("Journal system of {Municipality}: TLS handshake failed", municipalityCode);
            return (SourceStatus.NoAccess, "TLS-handskakningen misslyckades: klientcertifikatet nekades eller serverns certifikat kunde inte verifieras");
        }

        if (chain.OfType<HttpRequestException>().FirstOrDefault() is { } request)
        {
            logger.LogWarning("Journal system of {Municipality} unreachable: {Error}", municipalityCode, request.HttpRequestError);
            return (SourceStatus.Unavailable, $"Systemet kan inte nås ({request.HttpRequestError})");
        }

        return chain.Any(x => x is OperationCanceledException or TimeoutException)
            ? (SourceStatus.TimedOut, "Systemet svarade inte i tid")
            : null;
    }

    /// <summary>
    /// The canary check: the configured test person must be found. "Not found" for the canary means the login
    /// works but grants no data (a lost licence), so it is reported as <see cref="SourceStatus.NoAccess"/>.
    /// </summary>
    public static async Task<AdapterHealth> CheckCanaryAsync(IJournalAdapter adapter, string? canaryPersonId, CancellationToken cancellationToken)
    {
        if (canaryPersonId is null)
        {
            return new AdapterHealth(SourceStatus.Disabled, TimeSpan.Zero, "Ingen testperson (CanaryPersonId) är konfigurerad");
        }

        var result = await adapter.FindPersonAsync(new PersonId(canaryPersonId), LookupContext.HealthCheck, cancellationToken);
        return result.Status switch
        {
            SourceStatus.Found => new AdapterHealth(SourceStatus.Found, result.Latency, null),
            SourceStatus.NotFound => new AdapterHealth(SourceStatus.NoAccess, result.Latency,
                "Inloggningen fungerar men testpersonen hittas inte: behörigheten ger inga uppgifter"),
            _ => new AdapterHealth(result.Status, result.Latency, result.Detail),
        };
    }

    /// <summary>
    /// The status an unsuccessful HTTP answer means, the same for every system: 404 for a person read → not found;
    /// 401/403 → no access (<paramref name="noAccess"/> says how this system authenticates); 408/504 → timed out;
    /// other 5xx, a proxy's error page included → unavailable; anything else → invalid response.
    /// </summary>
    public static SourceFailureException HttpFailure(int status, string what, string detail, string noAccess, bool notFoundMeansNone = false) => status switch
    {
        404 when notFoundMeansNone => new SourceFailureException(SourceStatus.NotFound, "Personen finns inte i systemet"),
        401 or 403 => new SourceFailureException(SourceStatus.NoAccess, $"{noAccess} (HTTP {status}){detail}"),
        408 or 504 => new SourceFailureException(SourceStatus.TimedOut, $"Systemet svarade inte i tid (HTTP {status})"),
        >= 500 => new SourceFailureException(SourceStatus.Unavailable, $"Systemet svarade med fel (HTTP {status}){detail} för {what}"),
        _ => new SourceFailureException(SourceStatus.InvalidResponse, $"Oväntat svar HTTP {status}{detail} för {what}"),
    };

    /// <summary>": detail" (or ": title") from an RFC 7807 problem+json body, or "" for any other body.</summary>
    public static string ProblemDetail(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return "";
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            foreach (var name in new[] { "detail", "title" })
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v)
                    && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } text)
                {
                    return ": " + text;
                }
            }

            return "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    /// <summary>The caseworkers a system lists, plus any named only on a case or placement (name only).</summary>
    public static List<Caseworker> MergeCaseworkers(IEnumerable<Caseworker> listed, IEnumerable<string?> namedOnRecords)
    {
        var result = listed.ToList();
        foreach (var name in namedOnRecords.OfType<string>().Distinct())
        {
            if (result.All(c => c.Name != name))
            {
                result.Add(new Caseworker(name, null, null, null, null));
            }
        }

        return result;
    }
}
