using System.Collections.Immutable;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SocialJour.Simulator;

/// <summary>
/// A small OpenID Connect identity provider for the demo and the tests (ADR 0027), built on OpenIddict: discovery, a Swedish
/// login page at the authorization endpoint (code flow with PKCE), the token endpoint (authorization code and client
/// credentials) and end session. It issues real signed tokens (an ephemeral key per start), so the host's OpenID Connect and
/// JWT bearer handlers validate them exactly as they would a municipality's identity provider's.
/// DEMO ONLY: the users, passwords and client secrets below are published in this repository. Never point a real host at it.
/// Every sign-in asks for the password; the provider remembers only which sign-ins are open (<see cref="ProviderSessions"/>),
/// so that a logout at the provider, or revoking a user, reaches the host through back-channel logout. The login form
/// carries an antiforgery token: a post from another page is refused.
/// </summary>
internal static class IdentityProvider
{
    /// <summary>The authentication level every demo staff user reaches: Swedish assurance level 3 (two factors).</summary>
    public const string Loa3 = "http://id.elegnamnden.se/loa/1.0/loa3";

    /// <summary>Password only: a level the host refuses.</summary>
    public const string Loa2 = "http://id.elegnamnden.se/loa/1.0/loa2";

    /// <summary>The audience of the access tokens for the host's API.</summary>
    public const string ApiAudience = "socialjour-api";

    /// <summary>The host's client; its secret is config/demo/secrets/signin-client.secret.</summary>
    public const string HostClientId = "socialjour-host";

    public const string HostClientSecret = "demo-socialjour-host-secret";

    public const string DemoPassword = "jour2026";

    /// <summary>Demo staff. olle has no role SocialJour maps; pia signs in with a password only (loa2); kim has no HSA-id.</summary>
    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("anna", "Anna Berg", "SE2321000016-1001", ["socialsekreterare"], Loa3),
        new("erik", "Erik Sand", "SE2321000016-1002", ["enhetschef"], Loa3),
        new("ida", "Ida Ström", "SE2321000016-1003", ["it-administrator"], Loa3),
        new("olle", "Olle Ek", "SE2321000016-1004", ["ekonomiassistent"], Loa3),
        new("pia", "Pia Lind", "SE2321000016-1005", ["socialsekreterare"], Loa2),
        new("kim", "Kim Vik", null, ["socialsekreterare"], Loa3),
    ];

    /// <summary>The claim that carries a demo user's HSA-id (SITHS-style; kim, a consultant, has none).</summary>
    public const string HsaIdClaim = "hsa_id";

    /// <summary>The demo jour's member municipalities: each has its own log client, kommunlogg-{code}.</summary>
    public static readonly IReadOnlyList<string> DemoMunicipalities = ["0114", "0123", "0125", "0139", "0163", "0183", "0184", "0191"];

    /// <summary>The claim that binds a machine client to one municipality (the host's default SocialJour:SignIn:Api:MunicipalityClaim).</summary>
    public const string MunicipalityClaim = "socialjour_municipality";

    /// <summary>
    /// Machine clients (client credentials) and the scopes each may ask for. Secret: "demo-{id}-secret". The access log goes
    /// to one client per municipality (kommunlogg-0191 …), whose tokens carry <see cref="MunicipalityClaim"/>; integration
    /// may ask for the access-log scope but carries no municipality, so the host refuses it the access log.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> MachineClients = new Dictionary<string, string[]>(
        new Dictionary<string, string[]>
        {
            ["overvakning"] = ["socialjour.monitoring"],
            ["statistik"] = ["socialjour.statistics"],
            ["ekonomisystem"] = ["socialjour.billing"],
            ["integration"] = ["socialjour.monitoring", "socialjour.statistics", "socialjour.billing", "socialjour.accesslog"],
        }.Concat(DemoMunicipalities.Select(code => KeyValuePair.Create(LogClient(code), new[] { "socialjour.accesslog" })))
            .Concat(DemoMunicipalities.Select(code => KeyValuePair.Create(NoticeClient(code), new[] { "socialjour.notices" }))),
        StringComparer.Ordinal);

    /// <summary>The log client of one municipality.</summary>
    public static string LogClient(string municipalityCode) => "kommunlogg-" + municipalityCode;

    /// <summary>The notices client of one municipality: sends its notices (aviseringar) to the jour and reads them back.</summary>
    public static string NoticeClient(string municipalityCode) => "kommunavisering-" + municipalityCode;

    public static string MachineSecret(string clientId) => $"demo-{clientId}-secret";

    private static readonly string[] ApiScopes = ["socialjour.monitoring", "socialjour.statistics", "socialjour.billing", "socialjour.accesslog", "socialjour.notices"];

    public static void AddIdentityProvider(this IServiceCollection services)
    {
        services.AddSingleton<ProviderSessions>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "dev_idp_antiforgery";
            o.Cookie.Path = "/connect";
            o.FormFieldName = AntiforgeryField;
        });
        services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/logout");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.AllowClientCredentialsFlow();
            o.RegisterScopes([Scopes.Profile, Scopes.Roles, .. ApiScopes]);
            o.RegisterClaims([Claims.Name, Claims.Role, "roles", "acr", HsaIdClaim, "sid", MunicipalityClaim]);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.DisableAccessTokenEncryption(); // the host validates access tokens itself, with the published keys
            o.SetAccessTokenLifetime(TimeSpan.FromMinutes(10));

            // No database: the clients are the fixed demo ones below, checked by these handlers.
            o.EnableDegradedMode();
            o.AddEventHandler<ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(ValidateAuthorization));
            o.AddEventHandler<ValidateTokenRequestContext>(b => b.UseInlineHandler(ValidateToken));
            o.AddEventHandler<ValidateEndSessionRequestContext>(b => b.UseInlineHandler(ValidateEndSession));
            o.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement(); // loopback HTTP, demo and tests only
        });
    }

    private const string AntiforgeryField = "__RequestVerificationToken";

    public static void MapIdentityProvider(this WebApplication app)
    {
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)Authorize).DisableAntiforgery();
        app.MapPost("/connect/token", (Delegate)Token);
        app.MapMethods("/connect/logout", [HttpMethods.Get, HttpMethods.Post], async (HttpContext ctx, ProviderSessions sessions) =>
        {
            // A logout at the provider ends its sign-in and, through back-channel logout, the host's sessions of it.
            if (ctx.Request.Cookies[ProviderSessions.Cookie] is { Length: > 0 } sid)
            {
                await sessions.EndSessionAsync(sid, Issuer(ctx));
                ctx.Response.Cookies.Delete(ProviderSessions.Cookie, new CookieOptions { Path = "/connect" });
            }

            return Results.SignOut(new() { RedirectUri = null }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });

        // Demo administration (simulator only, like everything here): IT disables a user's account at the provider.
        app.MapPost("/dev-idp/users/{name}/revoke", async (string name, HttpContext ctx, ProviderSessions sessions) =>
            Users.FirstOrDefault(u => u.UserName == name) is { } user
                ? Results.Json(new { user = user.UserName, backchannelLogoutUri = sessions.BackchannelLogoutUri, status = await sessions.RevokeAsync(user.UserName, Issuer(ctx)) })
                : Results.NotFound());
    }

    /// <summary>The issuer OpenIddict announces (no fixed issuer is set): this request's origin, as in discovery.</summary>
    private static string Issuer(HttpContext ctx) => $"{ctx.Request.Scheme}://{ctx.Request.Host}/";

    private static async Task<IResult> Authorize(HttpContext ctx)
    {
        var request = ctx.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Ingen OpenID Connect-begäran");
        if (!HttpMethods.IsPost(ctx.Request.Method) || !ctx.Request.HasFormContentType || !ctx.Request.Form.ContainsKey("login_user"))
        {
            return LoginPage(ctx, null, StatusCodes.Status200OK);
        }

        if (!await ctx.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(ctx))
        {
            return LoginPage(ctx, "Inloggningsformuläret kom inte från den här sidan eller har gått ut. Börja om från SocialJour.", StatusCodes.Status400BadRequest);
        }

        var name = ctx.Request.Form["login_user"].ToString().Trim();
        var user = Users.FirstOrDefault(u => string.Equals(u.UserName, name, StringComparison.OrdinalIgnoreCase));
        if (user is null || ctx.Request.Form["login_password"] != DemoPassword)
        {
            return LoginPage(ctx, "Fel användarnamn eller lösenord.", StatusCodes.Status401Unauthorized);
        }

        var sid = ctx.RequestServices.GetRequiredService<ProviderSessions>().Start(user.UserName);
        ctx.Response.Cookies.Append(ProviderSessions.Cookie, sid, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/connect" });
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.UserName)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(HsaIdClaim, user.HsaId)
            .SetClaim("sid", sid)
            .SetClaim("acr", user.Acr)
            .SetClaims("roles", [.. user.Roles]);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Token(HttpContext ctx)
    {
        var request = ctx.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Ingen OpenID Connect-begäran");
        if (request.IsAuthorizationCodeGrantType())
        {
            // The code carries the principal of the sign-in above; OpenIddict has checked it, its client, redirect and PKCE.
            var result = await ctx.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return Results.SignIn(result.Principal!, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, request.ClientId).SetClaim(Claims.Name, request.ClientId);
        if (DemoMunicipalities.FirstOrDefault(code => LogClient(code) == request.ClientId || NoticeClient(code) == request.ClientId) is { } municipality)
        {
            identity.SetClaim(MunicipalityClaim, municipality);
        }

        identity.SetScopes(request.GetScopes());
        identity.SetResources(ApiAudience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static ValueTask ValidateAuthorization(ValidateAuthorizationRequestContext context)
    {
        if (context.ClientId != HostClientId)
        {
            context.Reject(Errors.InvalidClient, "Okänd klient.");
        }
        else if (!IsLoopbackCallback(context.RedirectUri, "/signin-oidc"))
        {
            context.Reject(Errors.InvalidRequest, "redirect_uri ska vara http(s)://127.0.0.1:<port>/signin-oidc eller localhost.");
        }
        else if (context.Request.GetScopes().Intersect(ApiScopes).Any())
        {
            context.Reject(Errors.InvalidScope, "API-behörigheter ges bara till maskinklienter.");
        }

        return ValueTask.CompletedTask;
    }

    private static ValueTask ValidateToken(ValidateTokenRequestContext context)
    {
        var id = context.ClientId ?? "";
        var secret = context.Request.ClientSecret;
        if (context.Request.IsAuthorizationCodeGrantType())
        {
            if (id != HostClientId || secret != HostClientSecret)
            {
                context.Reject(Errors.InvalidClient, "Fel klient-id eller klienthemlighet.");
            }

            return ValueTask.CompletedTask;
        }

        if (!context.Request.IsClientCredentialsGrantType())
        {
            context.Reject(Errors.UnsupportedGrantType, "Bara authorization_code och client_credentials.");
        }
        else if (!MachineClients.TryGetValue(id, out var allowed) || secret != MachineSecret(id))
        {
            context.Reject(Errors.InvalidClient, "Fel klient-id eller klienthemlighet.");
        }
        else if (context.Request.GetScopes().Any(s => !allowed.Contains(s)) || context.Request.GetScopes().IsEmpty)
        {
            context.Reject(Errors.InvalidScope, $"Klienten får bara begära {string.Join(" ", allowed)}.");
        }

        return ValueTask.CompletedTask;
    }

    private static ValueTask ValidateEndSession(ValidateEndSessionRequestContext context)
    {
        if (context.PostLogoutRedirectUri is { } uri && !IsLoopbackCallback(uri, "/signout-callback-oidc"))
        {
            context.Reject(Errors.InvalidRequest, "post_logout_redirect_uri ska vara http(s)://127.0.0.1:<port>/signout-callback-oidc.");
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsLoopbackCallback(string? uri, string path) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
        && (u.IsLoopback) && u.AbsolutePath == path && string.IsNullOrEmpty(u.Query.TrimStart('?'));

    /// <summary>The login page: the authorization request's parameters are posted back with the user name and password.</summary>
    private static IResult LoginPage(HttpContext ctx, string? error, int status)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var hidden = new StringBuilder();
        IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters =
            ctx.Request.HasFormContentType ? ctx.Request.Form : ctx.Request.Query;
        foreach (var (key, value) in parameters)
        {
            if (key is "login_user" or "login_password" or AntiforgeryField)
            {
                continue;
            }

            foreach (var v in value)
            {
                hidden.Append($"<input type=\"hidden\" name=\"{E(key)}\" value=\"{E(v)}\">");
            }
        }

        var antiforgery = ctx.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(ctx);
        hidden.Append($"<input type=\"hidden\" name=\"{E(antiforgery.FormFieldName)}\" value=\"{E(antiforgery.RequestToken)}\">");
        var html = $$"""
            <!DOCTYPE html>
            <html lang="sv">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Logga in – demoinloggning (utveckling)</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 0; background: #f4f4f4; color: #1a1a1a; }
            main { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 1.5rem 2rem; border: 1px solid #767676; }
            h1 { font-size: 1.5rem; margin-top: 0; }
            label { display: block; margin-top: 1rem; font-weight: 600; }
            input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; border: 1px solid #595959; font-size: 1rem; }
            button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; background: #00529b; color: #fff; border: 0; }
            .error { color: #a4000f; font-weight: 600; }
            .note { font-size: .9rem; color: #4a4a4a; }
            </style>
            </head>
            <body>
            <main>
            <h1>Logga in</h1>
            <p class="note">Demoinloggning för utveckling och test. Användarna och lösenordet är påhittade och publicerade; den här inloggningen används aldrig i drift.</p>
            {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}}
            <form method="post" action="/connect/authorize">
            {{hidden}}
            <label for="login_user">Användarnamn</label>
            <input type="text" id="login_user" name="login_user" autocomplete="username" required>
            <label for="login_password">Lösenord</label>
            <input type="password" id="login_password" name="login_password" autocomplete="current-password" required>
            <button type="submit">Logga in</button>
            </form>
            </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}

/// <summary>A demo staff user of the dev identity provider (password <see cref="IdentityProvider.DemoPassword"/>).</summary>
internal sealed record DemoUser(string UserName, string DisplayName, string? HsaId, IReadOnlyList<string> Roles, string Acr);
