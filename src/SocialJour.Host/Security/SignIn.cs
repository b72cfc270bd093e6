using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using OidcTokenValidatedContext = Microsoft.AspNetCore.Authentication.OpenIdConnect.TokenValidatedContext;
using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;
using SocialJour.Core.Sessions;
using SocialJour.Core.Security;
using SocialJour.Host.Api;

namespace SocialJour.Host.Security;

/// <summary>
/// Sign-in (ADR 0027). Staff sign in through the jour's identity provider with OpenID Connect (code flow with PKCE); the
/// result becomes the server-side session cookie of ADR 0014, so logout, the shift-long lifetime and every page and policy
/// work as before. Machine clients call /api with a JWT bearer token from the same provider (client credentials), read
/// only, one scope per API area. Password users exist only with <c>SocialJour:SignIn:DevelopmentPasswords=true</c>.
/// </summary>
internal static class SignIn
{
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string BearerScheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The default scheme: a bearer token on /api, otherwise the session cookie.</summary>
    public const string SelectorScheme = "SocialJour";

    /// <summary>"oidc" on a session that came from the identity provider; absent on a password login.</summary>
    public const string LoginMethodClaim = "socialjour_login";

    public const string DisplayNameClaim = "display_name";

    /// <summary>The provider's <c>sub</c> and session id (<c>sid</c>) of a sign-in: what its back-channel logout names (ADR 0027).</summary>
    public const string ProviderSubjectClaim = "socialjour_provider_sub";

    public const string ProviderSessionClaim = "socialjour_provider_sid";

    /// <summary>Where the demo password users are kept: beside appsettings.json, never published (ADR 0027).</summary>
    public const string DevelopmentPasswordsFile = "appsettings.DevelopmentPasswords.json";

    /// <summary>
    /// Reads and checks <c>SocialJour:SignIn</c> and registers authentication and authorization. False, after writing every
    /// problem in Swedish to standard error, when the settings are unusable: the host then exits with code 2.
    /// </summary>
    public static bool AddSignIn(this WebApplicationBuilder builder)
    {
        AddDevelopmentPasswords(builder);
        SignInSettings settings;
        try
        {
            settings = SignInSettings.Read(builder.Configuration, builder.Environment.ContentRootPath);
        }
        catch (SignInConfigurationException e)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(new SessionIdleOptions(settings.IdleTimeout));
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectorScheme;
                o.DefaultChallengeScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, "SocialJour", o => o.ForwardDefaultSelector = ctx =>
                (ctx.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) || ctx.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)
                    || ctx.Request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal))
                && ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/Login";
                o.LogoutPath = "/Logout";
                o.AccessDeniedPath = "/Nekad";
                o.Cookie.Name = "socialjour";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure over HTTPS, also behind a proxy (forwarded headers)
                o.ExpireTimeSpan = DatabaseTicketStore.Lifetime; // one shift, counted from the login
                o.SlidingExpiration = false;
                o.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
            })
            .AddOpenIdConnect(OidcScheme, "Organisationens inloggning", o => StaffSignIn.Configure(o, settings))
            .AddJwtBearer(BearerScheme, o => MachineClients.Configure(o, settings));

        // The cookie carries only a session id; the session is in the core database and ends at logout (ADR 0014).
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<ISessionStore, IStaffDirectory, TimeProvider>((o, sessions, staff, time) => o.SessionStore = new DatabaseTicketStore(sessions, staff, time));

        services.AddHostedService<ProviderWarmUp>();
        services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(Access([], null))
            .AddPolicy(Policies.ItAdministration, Access([Roles.ItAdministrator], null))
            .AddPolicy(Policies.Staff, Access(Roles.All, SignInSettings.Monitoring))
            .AddPolicy(Policies.ApiDocument, Access(Roles.All, AccessRequirement.AnyScope))
            .AddPolicy(Policies.ClientWork, Access([Roles.SocialWorker, Roles.UnitManager], null))
            .AddPolicy(Policies.FollowUp, Access([Roles.UnitManager], null))
            .AddPolicy(Policies.AccessLog, Access([Roles.UnitManager, Roles.ItAdministrator], SignInSettings.AccessLog))
            .AddPolicy(Policies.Billing, Access([Roles.UnitManager], SignInSettings.Billing))
            .AddPolicy(Policies.Statistics, Access([Roles.UnitManager], SignInSettings.Statistics))
            .AddPolicy(Policies.MunicipalityNotices, new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .AddRequirements(new AccessRequirement([], SignInSettings.Notices) { MachineClientsOnly = true }).Build());

        // Pages a person reaches without a session: the refusal of a sign-in, the way back from the identity provider, logged out.
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AllowAnonymousToPage("/Nekad");
            o.Conventions.AllowAnonymousToPage("/Inloggad");
            o.Conventions.AllowAnonymousToPage("/Utloggad");
        });
        return true;
    }

    /// <summary>POST /Logout: ends the session on the server, and at the identity provider when the login came from there.</summary>
    public static void MapSignIn(this WebApplication app)
    {
        app.MapBackChannelLogout();
        MapLogout(app);
    }

    private static void MapLogout(WebApplication app) =>
        app.MapPost("/Logout", async (HttpContext ctx, IAuditLog audit, IOptionsMonitor<OpenIdConnectOptions> oidc, ILoggerFactory logs) =>
        {
            var viaProvider = ctx.User.FindFirstValue(LoginMethodClaim) == "oidc";

            // Deletes the server-side session: the cookie, wherever a copy of it is, no longer logs anyone in.
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            await audit.AppendAsync(ApiUser.UserId(ctx.User), "logout", "", "", CancellationToken.None);
            if (!viaProvider)
            {
                return Results.Redirect("/Login");
            }

            try
            {
                var configuration = await oidc.Get(OidcScheme).ConfigurationManager!.GetConfigurationAsync(ctx.RequestAborted);
                if (!string.IsNullOrEmpty(configuration.EndSessionEndpoint))
                {
                    return Results.SignOut(new AuthenticationProperties { RedirectUri = "/Utloggad" }, [OidcScheme]);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException)
            {
                // The session here is ended; the provider's own session (if any) ends when it expires.
                logs.CreateLogger(typeof(SignIn)).LogWarning("Identitetsleverantörens utloggning nåddes inte: {Error}", e.Message);
            }

            return Results.Redirect("/Utloggad");
        }).RequireAuthorization();

    private static AuthorizationPolicy Access(string[] roles, string? scope) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new AccessRequirement(roles, scope)).Build();

    /// <summary>
    /// The demo password users live in appsettings.DevelopmentPasswords.json beside appsettings.json (not published). It is
    /// read only when <c>SocialJour:SignIn:DevelopmentPasswords</c> is true, with the precedence of appsettings.json: the
    /// command line and environment still override it.
    /// </summary>
    private static void AddDevelopmentPasswords(WebApplicationBuilder builder)
    {
        if (!string.Equals(builder.Configuration[$"{SignInSettings.Section}:DevelopmentPasswords"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var sources = builder.Configuration.Sources;
        var appsettings = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource { Path: not null } j && j.Path.StartsWith("appsettings", StringComparison.Ordinal));
        var file = new JsonConfigurationSource { Path = DevelopmentPasswordsFile, Optional = true, ReloadOnChange = false };
        file.ResolveFileProvider();
        if (file.FileProvider is null)
        {
            file.FileProvider = builder.Environment.ContentRootFileProvider;
        }

        sources.Insert(appsettings.s is null ? 0 : appsettings.i + 1, file);
    }

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) || ctx.Request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                ctx.Response.Headers.WWWAuthenticate = "Bearer"; // machine clients: a token from the jour's identity provider
            }

            return Task.CompletedTask;
        }

        ctx.Response.Redirect(Relative(ctx.RedirectUri));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The path and query of a redirect the framework made absolute from the request's Host header: a forged Host never
    /// reaches a Location header (issue 23, 2j).
    /// </summary>
    public static string Relative(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute.PathAndQuery : uri;
}

/// <summary>
/// Reads the identity provider's discovery document and keys once at start, in the background, so the first sign-in does not
/// wait for them, and says in the log whether the provider answers. The host starts either way.
/// </summary>
internal sealed class ProviderWarmUp(IOptionsMonitor<OpenIdConnectOptions> oidc, ILogger<ProviderWarmUp> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var configuration = await oidc.Get(SignIn.OidcScheme).ConfigurationManager!.GetConfigurationAsync(stoppingToken);
            log.LogInformation("Identitetsleverantören {Issuer} svarar", configuration.Issuer);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException or OperationCanceledException)
        {
            log.LogWarning("Identitetsleverantören svarar inte ännu (inloggning försöker igen): {Error}", e.Message);
        }
    }
}

/// <summary>Staff sign-in through OpenID Connect, turned into the session of ADR 0014.</summary>
internal static class StaffSignIn
{
    public static void Configure(OpenIdConnectOptions o, SignInSettings settings)
    {
        o.Authority = settings.Authority.ToString();
        o.RequireHttpsMetadata = settings.Authority.Scheme == Uri.UriSchemeHttps;
        o.ClientId = settings.ClientId;
        o.ClientSecret = settings.ClientSecret;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.ResponseMode = OpenIdConnectResponseMode.Query; // a top-level GET back: the Lax correlation cookies come along
        o.UsePkce = true;
        o.Scope.Clear();
        foreach (var scope in new[] { "openid", "profile" }.Concat(settings.Scopes).Distinct(StringComparer.Ordinal))
        {
            o.Scope.Add(scope);
        }

        o.MapInboundClaims = false; // claim names as the provider sends them: sub, name, roles, acr
        o.GetClaimsFromUserInfoEndpoint = false;
        o.SaveTokens = false; // the session keeps SocialJour's claims only
        o.UseTokenLifetime = false; // the session lasts one shift (ADR 0014)
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.CallbackPath = "/signin-oidc";
        o.SignedOutCallbackPath = "/signout-callback-oidc";
        o.SignedOutRedirectUri = "/Utloggad";
        o.BackchannelTimeout = TimeSpan.FromSeconds(30);
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.TokenValidationParameters.NameClaimType = settings.UserIdClaim;
        o.TokenValidationParameters.RoleClaimType = settings.RoleClaim;
        o.Events.OnRedirectToIdentityProvider = ctx =>
        {
            if (settings.PublicBaseUrl is { } publicBase)
            {
                // The callback at the configured address, not one built from the request's Host header.
                ctx.ProtocolMessage.RedirectUri = new Uri(publicBase, "signin-oidc").ToString();
            }

            ctx.ProtocolMessage.AcrValues = string.Join(' ', settings.RequiredAcr);
            if (settings.AcrClaim != "acr")
            {
                // E.g. Entra ID's authentication context (acrs): asked for with a claims request.
                ctx.ProtocolMessage.SetParameter("claims", System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["id_token"] = new Dictionary<string, object> { [settings.AcrClaim] = new { essential = true, values = settings.RequiredAcr } },
                }));
            }

            return Task.CompletedTask;
        };
        o.Events.OnRedirectToIdentityProviderForSignOut = ctx =>
        {
            if (settings.PublicBaseUrl is { } publicBase)
            {
                ctx.ProtocolMessage.PostLogoutRedirectUri = new Uri(publicBase, "signout-callback-oidc").ToString();
            }

            return Task.CompletedTask;
        };
        o.Events.OnTokenValidated = OnTokenValidatedAsync;
        o.Events.OnRemoteFailure = ctx =>
        {
            // Cancelled at the provider, a stale or replayed callback, an unreachable provider: a Swedish page, never a stack trace.
            ctx.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StaffSignIn))
                .LogWarning("Inloggning via identitetsleverantören misslyckades: {Error}", ctx.Failure?.Message);
            ctx.HandleResponse();
            ctx.Response.Redirect("/Nekad?orsak=fel");
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// Checks the authentication level and maps the provider's claims to SocialJour's: the stable user id (sub, or e.g. an
    /// HSA-id claim) as the name every log records, the display name, the mapped roles. The principal the session stores
    /// has only these, so every page and policy treats a provider login and a password login alike.
    /// </summary>
    private static async Task OnTokenValidatedAsync(OidcTokenValidatedContext ctx)
    {
        var settings = ctx.HttpContext.RequestServices.GetRequiredService<SignInSettings>();
        var audit = ctx.HttpContext.RequestServices.GetRequiredService<IAuditLog>();
        var principal = ctx.Principal!;
        var userId = AuditText.Anonymous(principal.FindFirstValue(settings.UserIdClaim));
        if (userId.Length == 0)
        {
            await RefuseAsync(ctx, audit, "okänd", "id", $"anspråket {settings.UserIdClaim} saknas");
            return;
        }

        var acr = principal.FindAll(settings.AcrClaim).Select(c => c.Value).ToList();
        if (!acr.Any(settings.RequiredAcr.Contains))
        {
            await RefuseAsync(ctx, audit, userId, "niva", $"{settings.AcrClaim}={AuditText.Anonymous(string.Join(' ', acr))}");
            return;
        }

        var roles = settings.MapRoles(principal.FindAll(settings.RoleClaim).Select(c => c.Value));
        if (roles.Count == 0)
        {
            await RefuseAsync(ctx, audit, userId, "roll", "ingen roll i SocialJour");
            return;
        }

        var displayName = AuditText.Anonymous(principal.FindFirstValue(settings.DisplayNameClaim));
        displayName = displayName.Length > 0 ? displayName : userId;
        List<Claim> claims =
        [
            new(ClaimTypes.Name, userId),
            new(SignIn.DisplayNameClaim, displayName),
            .. roles.Select(r => new Claim(ClaimTypes.Role, r)),
            new(SessionValidation.StampClaim, settings.Fingerprint),
            new(SignIn.LoginMethodClaim, "oidc"),
        ];
        if (principal.FindFirstValue("sub") is { Length: > 0 } subject)
        {
            claims.Add(new Claim(SignIn.ProviderSubjectClaim, subject));
        }

        if (principal.FindFirstValue("sid") is { Length: > 0 } providerSession)
        {
            claims.Add(new Claim(SignIn.ProviderSessionClaim, providerSession));
        }

        ctx.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
        await audit.AppendAsync(userId, "login", "", $"{string.Join(",", roles)}; {displayName}; OpenID Connect", CancellationToken.None);
    }

    private static async Task RefuseAsync(OidcTokenValidatedContext ctx, IAuditLog audit, string userId, string reason, string detail)
    {
        await audit.AppendAsync(userId, "login-refused", "", detail, CancellationToken.None);
        ctx.HandleResponse();
        ctx.Response.Redirect("/Nekad?orsak=" + reason);
    }
}

/// <summary>
/// Machine clients (integrators, monitoring): a JWT bearer token from the jour's identity provider, issued for the API's
/// audience through client credentials. The token's scopes name the API areas it may read; it never writes.
/// </summary>
internal static class MachineClients
{
    public const string AuthenticationType = Audience.MachineClientAuthenticationType;
    public const string ScopeClaim = Audience.ScopeClaim;

    /// <summary>The claim (in the host's principal, and the default token claim) naming the one municipality a client is bound to.</summary>
    public const string MunicipalityClaim = Audience.MunicipalityClaim;

    /// <summary>How far a token's exp/nbf may be off the host's clock (the identity provider's clock may differ a little).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static void Configure(JwtBearerOptions o, SignInSettings settings)
    {
        o.Authority = settings.Authority.ToString();
        o.RequireHttpsMetadata = settings.Authority.Scheme == Uri.UriSchemeHttps;
        o.Audience = settings.ApiAudience;
        o.MapInboundClaims = false;
        o.TokenValidationParameters.ValidAudience = settings.ApiAudience;
        o.TokenValidationParameters.ClockSkew = ClockSkew; // not the library's 5 minutes: an expired token is refused within 30 s
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = ctx =>
            {
                ctx.Principal = From(ctx.Principal!, settings);
                return Task.CompletedTask;
            },
            OnChallenge = async ctx =>
            {
                ctx.HandleResponse();
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                ctx.Response.Headers.WWWAuthenticate = ctx.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
                await Results.Problem(new ProblemDetails
                {
                    Status = 401,
                    Title = "Åtkomsttoken saknas eller är ogiltig",
                    Detail = "Hämta en åtkomsttoken från jourens identitetsleverantör (client credentials) för SocialJours API och skicka den som Authorization: Bearer.",
                }).ExecuteAsync(ctx.HttpContext);
            },
            OnForbidden = async ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                var user = ctx.HttpContext.User;
                var unbound = (HasScope(user, SignInSettings.AccessLog) && Municipality(user) is null
                    && (ctx.Request.Path.StartsWithSegments("/api/access-log", StringComparison.Ordinal) || ctx.Request.Path.StartsWithSegments("/api/transparency", StringComparison.Ordinal)))
                    || (HasScope(user, SignInSettings.Notices) && Municipality(user) is null && ctx.Request.Path.StartsWithSegments("/api/municipality-notices", StringComparison.Ordinal));
                await Results.Problem(new ProblemDetails
                {
                    Status = 403,
                    Title = "Token ger inte tillgång till det här",
                    Detail = unbound
                        ? $"Åtkomstloggen och aviseringarna är bara för en klient som är bunden till en kommun: token saknar kommunanspråket ({settings.ApiMunicipalityClaim}) med en kommunkod. Be jourens IT-administratör om en klient för er kommun."
                        : "Maskinklienter läser (GET) med en scope per API-område: " + string.Join(", ", SignInSettings.ApiScopes.Keys) + ". Ändringar görs av inloggad personal; det enda en kommuns klient skickar är sina aviseringar (socialjour.notices, POST /api/municipality-notices).",
                }).ExecuteAsync(ctx.HttpContext);
            },
        };
    }

    public static bool Is(ClaimsPrincipal user) => user.Identities.Any(i => i.AuthenticationType == AuthenticationType && i.IsAuthenticated);

    public static bool HasScope(ClaimsPrincipal user, string scope) => user.HasClaim(ScopeClaim, scope);

    /// <summary>The municipality a machine client is bound to; null for staff and for an unbound client.</summary>
    public static string? Municipality(ClaimsPrincipal user) => Audience.Of(user).Municipality;

    /// <summary>
    /// Whether <paramref name="user"/> may read <paramref name="municipalityCode"/>'s access-log extract, heads and entries:
    /// staff with the access-log policy may (they hand extracts over); a machine client only for the municipality it is bound to.
    /// </summary>
    public static bool MayReadMunicipality(ClaimsPrincipal user, string municipalityCode) =>
        DisclosurePolicy.MayReadAccessLogOf(Audience.Of(user), municipalityCode);

    /// <summary>The client id as the name the audit log records ("klient:…"), and the token's scopes. Nothing else.</summary>
    private static ClaimsPrincipal From(ClaimsPrincipal token, SignInSettings settings)
    {
        var clientId = AuditText.Anonymous(token.FindFirstValue("client_id") ?? token.FindFirstValue("azp") ?? token.FindFirstValue("appid") ?? token.FindFirstValue("sub"));
        var scopes = token.FindAll(settings.ApiScopeClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal);
        // Exactly one well-formed municipality code binds the client; none, several or a malformed one bind it to none.
        var municipalities = token.FindAll(settings.ApiMunicipalityClaim).Select(c => c.Value.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var municipality = municipalities is [var only] && MunicipalityCode.TryParse(only, out var code) ? code.Value.Value : null;
        List<Claim> claims =
        [
            new(ClaimTypes.Name, "klient:" + (clientId.Length > 0 ? clientId : "okänd")),
            new(SignIn.DisplayNameClaim, clientId),
            .. scopes.Select(s => new Claim(ScopeClaim, s)),
            .. municipality is null ? [] : new[] { new Claim(MunicipalityClaim, municipality) },
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, "socialjour_no_role"));
    }
}

/// <summary>A person with one of the roles, or a machine client reading (GET/HEAD) with the scope; an empty role list: any person.</summary>
internal sealed record AccessRequirement(string[] Roles, string? Scope) : IAuthorizationRequirement
{
    /// <summary>
    /// Only a machine client bound to one municipality, reading and writing with <see cref="Scope"/> (the notices a municipality
    /// sends): staff do not use it, and the scope opens nothing else.
    /// </summary>
    public bool MachineClientsOnly { get; init; }

    /// <summary>Any of the API's scopes (<see cref="SignInSettings.ApiScopes"/>).</summary>
    public const string AnyScope = "*";
}

internal sealed class AccessHandler : AuthorizationHandler<AccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        var user = context.User;
        if (requirement.MachineClientsOnly)
        {
            if (MachineClients.Is(user) && requirement.Scope is not null && MachineClients.HasScope(user, requirement.Scope) && MachineClients.Municipality(user) is not null)
            {
                context.Succeed(requirement);
            }
        }
        else if (MachineClients.Is(user))
        {
            var method = (context.Resource as HttpContext)?.Request.Method ?? "";
            // The access log goes only to a client bound to one municipality (issue 23, 2b); which municipality it may read is
            // checked by the endpoints (MachineClients.MayReadMunicipality). AnyScope: the OpenAPI document, any API scope.
            if (requirement.Scope is not null && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
                && (requirement.Scope == AccessRequirement.AnyScope ? SignInSettings.ApiScopes.Keys.Any(s => MachineClients.HasScope(user, s)) : MachineClients.HasScope(user, requirement.Scope))
                && (requirement.Scope != SignInSettings.AccessLog || MachineClients.Municipality(user) is not null))
            {
                context.Succeed(requirement);
            }
        }
        else if (user.Identity?.IsAuthenticated == true && (requirement.Roles.Length == 0 || requirement.Roles.Any(user.IsInRole)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
