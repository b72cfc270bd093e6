using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Procapita;

/// <summary>
/// OAuth2 client credentials: adds a cached bearer token to every API request, fetches a new one shortly
/// before it expires, and once more when the API says the token is no longer valid (tokens can be revoked
/// or expire early; the vendor's clock is not ours).
/// </summary>
internal sealed class BearerTokenHandler(IProcapitaAuthApi auth, string clientId, string clientSecret, TimeProvider time) : DelegatingHandler
{
    private static readonly JsonSerializerOptions Snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expires;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(null, cancellationToken));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var rejected = request.Headers.Authorization.Parameter;
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(rejected, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> TokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && _token != rejected && time.GetUtcNow() < _expires - Skew)
            {
                return _token;
            }

            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
            };
            using var response = await auth.GetToken(form, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw status is 400 or 401 or 403
                    ? new SourceFailureException(SourceStatus.NoAccess, $"Klientuppgifterna nekades av token-tjänsten (HTTP {status})")
                    : status >= 500 ? new SourceFailureException(SourceStatus.Unavailable, $"Token-tjänsten svarade med fel (HTTP {status})")
                    : new SourceFailureException(SourceStatus.InvalidResponse, $"Oväntat svar från token-tjänsten (HTTP {status})");
            }

            PcToken? token;
            try
            {
                token = JsonSerializer.Deserialize<PcToken>(body, Snake);
            }
            catch (JsonException)
            {
                token = null;
            }

            if (token?.AccessToken is not { Length: > 0 } value || token.ExpiresIn <= 0)
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, "Token-tjänsten svarade utan token");
            }

            _token = value;
            _expires = time.GetUtcNow().AddSeconds(token.ExpiresIn);
            return value;
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
