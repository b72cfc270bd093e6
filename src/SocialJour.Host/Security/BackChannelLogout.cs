using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SocialJour.Core.Audit;
using SocialJour.Core.Sessions;

namespace SocialJour.Host.Security;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0 (ADR 0027, update): the identity provider posts a signed logout token when a
/// user's session there ends (logout elsewhere, an account disabled by IT). Every SocialJour session of that provider
/// session (<c>sid</c>), or of that user (<c>sub</c> only), ends at once, on every host: the sessions are in the database.
/// Server to server: no cookie, no antiforgery token, no Origin (the cross-origin check skips exactly this endpoint).
/// </summary>
internal static class BackChannelLogout
{
    public const string Path = "/signin-oidc/backchannel-logout";

    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>How old a logout token may be (its <c>iat</c>), and how far the provider's clock may be ahead of ours.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    public const string Reason = "utloggad hos identitetsleverantören";

    public static void MapBackChannelLogout(this WebApplication app) =>
        app.MapPost(Path, HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithMetadata(new ServerToServerEndpoint())
            .ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(
        HttpContext ctx, IOptionsMonitor<OpenIdConnectOptions> oidc, SignInSettings settings, ISessionStore sessions, IAuditLog audit,
        TimeProvider time, ILoggerFactory logs)
    {
        var log = logs.CreateLogger(typeof(BackChannelLogout));
        ctx.Response.Headers.CacheControl = "no-store";
        ctx.Response.Headers.Pragma = "no-cache";
        string? token = null;
        if (ctx.Request.HasFormContentType)
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            token = form["logout_token"].Count == 1 ? form["logout_token"].ToString() : null;
        }

        if (string.IsNullOrEmpty(token))
        {
            return Refuse(log, "logout_token saknas");
        }

        var configurationManager = oidc.Get(SignIn.OidcScheme).ConfigurationManager!;
        var validated = await ValidateAsync(token, configurationManager, settings, time, ctx.RequestAborted);
        if (validated.Error is { } error)
        {
            return Refuse(log, error);
        }

        var logout = validated.Token!;
        var ended = await sessions.EndForProviderLogoutAsync(logout.Issuer + "\n" + logout.Jti, logout.KeepUntil, logout.Subject, logout.SessionId, CancellationToken.None);
        if (ended is null)
        {
            return Refuse(log, "utloggningstoken har redan använts (jti)");
        }

        foreach (var user in ended.GroupBy(u => u, StringComparer.Ordinal))
        {
            await audit.AppendAsync(user.Key, "logout", "", $"{Reason}; {user.Count()} {(user.Count() == 1 ? "session" : "sessioner")}", CancellationToken.None);
        }

        log.LogInformation("Utloggning från identitetsleverantören: sessioner avslutade: {Count}", ended.Count);
        return Results.Ok();
    }

    /// <summary>400 with no detail for the caller; the reason (never the token) goes to the log.</summary>
    private static IResult Refuse(ILogger log, string reason)
    {
        log.LogWarning("Utloggningstoken från identitetsleverantören avvisades: {Reason}", reason);
        return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_request" }, statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// Validates a logout token as the specification requires: signed with one of the provider's published keys (the OpenID
    /// Connect handler's own metadata, refreshed once when the key is unknown), <c>iss</c> the provider's issuer, <c>aud</c>
    /// our client id, <c>iat</c> recent, <c>exp</c> (when given) not passed, a <c>jti</c>, the back-channel logout event,
    /// <c>sid</c> and/or <c>sub</c>, and no <c>nonce</c>.
    /// </summary>
    internal static async Task<(LogoutToken? Token, string? Error)> ValidateAsync(
        string token, Microsoft.IdentityModel.Protocols.IConfigurationManager<OpenIdConnectConfiguration> configurationManager, SignInSettings settings,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var handler = new JsonWebTokenHandler { MapInboundClaims = false };
        if (!handler.CanReadToken(token))
        {
            return (null, "inte en JWT");
        }

        TokenValidationResult result;
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await configurationManager.GetConfigurationAsync(cancellationToken);
            result = await handler.ValidateTokenAsync(token, Parameters(configuration, settings));
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // The provider may have rolled its keys: read its metadata again once (the manager limits how often).
                configurationManager.RequestRefresh();
                configuration = await configurationManager.GetConfigurationAsync(cancellationToken);
                result = await handler.ValidateTokenAsync(token, Parameters(configuration, settings));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException)
        {
            return (null, "identitetsleverantörens nycklar kunde inte läsas: " + e.GetType().Name);
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return (null, "ogiltig signatur, utfärdare eller mottagare (" + (result.Exception?.GetType().Name ?? "okänt") + ")");
        }

        JsonElement payload;
        try
        {
            payload = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload)).RootElement;
        }
        catch (JsonException)
        {
            return (null, "oläslig nyttolast");
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            return (null, "oläslig nyttolast");
        }

        if (payload.TryGetProperty("nonce", out _))
        {
            return (null, "nonce finns (förbjudet i en utloggningstoken)");
        }

        if (!payload.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object
            || !events.TryGetProperty(LogoutEvent, out var logoutEvent) || logoutEvent.ValueKind != JsonValueKind.Object)
        {
            return (null, "events saknar " + LogoutEvent);
        }

        var now = time.GetUtcNow();
        if (!payload.TryGetProperty("iat", out var iatValue) || !iatValue.TryGetInt64(out var iatSeconds))
        {
            return (null, "iat saknas");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(iatSeconds);
        if (issuedAt < now - MaxAge || issuedAt > now + ClockSkew)
        {
            return (null, "iat är inte aktuell");
        }

        DateTimeOffset? expires = null;
        if (payload.TryGetProperty("exp", out var expValue))
        {
            if (!expValue.TryGetInt64(out var expSeconds))
            {
                return (null, "exp är inget tal");
            }

            expires = DateTimeOffset.FromUnixTimeSeconds(expSeconds);
            if (expires < now - ClockSkew)
            {
                return (null, "exp har passerats");
            }
        }

        var jti = Text(payload, "jti");
        if (jti is null)
        {
            return (null, "jti saknas");
        }

        var subject = Text(payload, "sub");
        var sessionId = Text(payload, "sid");
        if (subject is null && sessionId is null)
        {
            return (null, "varken sid eller sub");
        }

        // Kept while the token could still pass the iat check (or until its exp, if later): a replay is refused until then.
        var keepUntil = issuedAt + MaxAge + ClockSkew;
        if (expires > keepUntil)
        {
            keepUntil = expires.Value + ClockSkew;
        }

        return (new LogoutToken(configuration.Issuer, jti, subject, sessionId, keepUntil), null);
    }

    private static TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration, SignInSettings settings) => new()
    {
        ValidIssuer = configuration.Issuer,
        ValidAudience = settings.ClientId,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        ValidateLifetime = false, // iat and exp are checked above, against the injected clock
        RequireExpirationTime = false,
    };

    private static string? Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}

/// <summary>A validated logout token: what it names, and until when its id is kept against replay.</summary>
internal sealed record LogoutToken(string Issuer, string Jti, string? Subject, string? SessionId, DateTimeOffset KeepUntil);

/// <summary>An endpoint another server calls (no browser, no cookie): the cross-origin check does not apply to it.</summary>
internal sealed class ServerToServerEndpoint;
