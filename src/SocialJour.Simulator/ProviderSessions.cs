using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace SocialJour.Simulator;

/// <summary>
/// The dev identity provider's sign-ins and its OpenID Connect Back-Channel Logout (ADR 0027, update). OpenIddict does not
/// send logout tokens itself, so this does: when a user logs out at the provider (its end-session endpoint, with the
/// provider's session cookie) or an administrator revokes the user (<c>POST /dev-idp/users/{name}/revoke</c>, as IT
/// disabling an account), it signs a logout token with the provider's signing key and posts it to the host's registered
/// back-channel logout URI, <c>IdentityProvider:BackchannelLogoutUri</c> (not set: nothing is sent). DEMO ONLY, in memory.
/// </summary>
internal sealed class ProviderSessions(IConfiguration configuration, IOptionsMonitor<OpenIddictServerOptions> server, ILogger<ProviderSessions> log)
{
    /// <summary>The provider's own session cookie: which sign-in a logout at the provider ends.</summary>
    public const string Cookie = "dev_idp_session";

    public const string Setting = "IdentityProvider:BackchannelLogoutUri";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Provider session id (sid) → user name.</summary>
    private readonly ConcurrentDictionary<string, string> _sessions = new(StringComparer.Ordinal);

    public Uri? BackchannelLogoutUri { get; } = configuration[Setting] is { Length: > 0 } uri
        ? new Uri(uri, UriKind.Absolute)
        : null;

    /// <summary>A new provider session for a sign-in; its id goes into the ID token as <c>sid</c>.</summary>
    public string Start(string userName)
    {
        var sid = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _sessions[sid] = userName;
        return sid;
    }

    /// <summary>The user logged out at the provider: that sign-in ends, and the client is told (sid and sub).</summary>
    public async Task<string> EndSessionAsync(string sid, string issuer)
    {
        if (!_sessions.TryRemove(sid, out var user))
        {
            return "ingen sådan session";
        }

        return await DeliverAsync(CreateLogoutToken(issuer, user, sid));
    }

    /// <summary>The account is disabled: every sign-in of the user ends, and the client is told (sub only: all its sessions).</summary>
    public async Task<string> RevokeAsync(string userName, string issuer)
    {
        foreach (var (sid, _) in _sessions.Where(s => s.Value == userName).ToList())
        {
            _sessions.TryRemove(sid, out _);
        }

        return await DeliverAsync(CreateLogoutToken(issuer, userName, null));
    }

    /// <summary>
    /// A logout token as the specification defines it (typ logout+jwt; iss, aud, iat, exp, jti, events, sub and/or sid, no
    /// nonce), signed with the provider's signing key. <paramref name="edit"/> lets tests spoil one claim.
    /// </summary>
    public string CreateLogoutToken(string issuer, string? subject, string? sid, Action<Dictionary<string, object>>? edit = null, string audience = IdentityProvider.HostClientId)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(2).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/backchannel-logout"] = new Dictionary<string, object>() },
        };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        if (sid is not null)
        {
            claims["sid"] = sid;
        }

        edit?.Invoke(claims);
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            TokenType = "logout+jwt",
            SigningCredentials = server.CurrentValue.SigningCredentials.First(),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private async Task<string> DeliverAsync(string token)
    {
        if (BackchannelLogoutUri is null)
        {
            return $"inte skickad ({Setting} är inte satt)";
        }

        try
        {
            using var response = await Http.PostAsync(BackchannelLogoutUri, new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = token }));
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            log.LogWarning("Utloggningstoken nådde inte {Uri}: {Error}", BackchannelLogoutUri, e.Message);
            return "nådde inte fram: " + e.Message;
        }
    }
}
