using System.Security.Cryptography;
using System.Text;
using SocialJour.Core.Configuration;

namespace SocialJour.Host.Security;

/// <summary>
/// <c>SocialJour:SignIn</c>: the jour's identity provider (OpenID Connect for staff, JWT bearer tokens for machine clients)
/// and whether the development password users are on (ADR 0027). Read and checked once at start; every problem is named
/// with its setting, in Swedish, and stops the host.
/// </summary>
internal sealed record SignInSettings
{
    public const string Section = "SocialJour:SignIn";

    /// <summary>The bearer-token scopes, one per API area a machine client may read (docs/operations.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> ApiScopes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Monitoring] = "kommunernas journalsystem och deras status, konfigurationen, kalendern (GET /api/municipalities…, /api/configuration, /api/calendar…)",
        [Statistics] = "statistiken (GET /api/statistics…)",
        [Billing] = "faktureringsunderlag och kostnadsfördelning (GET /api/billing…)",
        [AccessLog] = "den egna kommunens utdrag ur åtkomstloggen och signerade trädhuvuden (GET /api/access-log…, /api/transparency…); bara en klient som är bunden till en kommun",
        [Notices] = "den egna kommunens aviseringar till jouren: skicka (POST) och läsa tillbaka (GET /api/municipality-notices); bara en klient som är bunden till en kommun, och inget annat",
    };

    public const string Monitoring = "socialjour.monitoring";
    public const string Statistics = "socialjour.statistics";
    public const string Billing = "socialjour.billing";
    public const string AccessLog = "socialjour.accesslog";

    /// <summary>A member municipality sends its own notices (the one scope with which a machine client writes).</summary>
    public const string Notices = "socialjour.notices";

    /// <summary>Password users (<c>SocialJour:Users</c>) may log in at /Login. Development and tests only; default false.</summary>
    public bool DevelopmentPasswords { get; init; }

    public required Uri Authority { get; init; }

    public required string ClientId { get; init; }

    /// <summary>The resolved client secret (the setting is a reference: env:NAME or file:path). Never logged.</summary>
    public required string ClientSecret { get; init; }

    /// <summary>Accepted authentication levels; the first is the one asked for. A sign-in without one of them is refused.</summary>
    public required IReadOnlyList<string> RequiredAcr { get; init; }

    public required string AcrClaim { get; init; }

    public required string UserIdClaim { get; init; }

    public required string DisplayNameClaim { get; init; }

    public required string RoleClaim { get; init; }

    /// <summary>Claim value → SocialJour role (<see cref="Roles"/>).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> RoleMapping { get; init; }

    /// <summary>Scopes asked for besides openid and profile.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    public required string ApiAudience { get; init; }

    public required string ApiScopeClaim { get; init; }

    /// <summary>
    /// The token claim that binds a machine client to one member municipality (its code). A client with the access-log scope
    /// reads only that municipality's extract, heads and entries; without the claim it is refused the access log.
    /// </summary>
    public required string ApiMunicipalityClaim { get; init; }

    /// <summary>
    /// <c>SocialJour:SignIn:PublicBaseUrl</c> (optional): the address users reach the jour at (e.g. https://jour.example.se/),
    /// used for the identity provider's callbacks instead of the request's Host header. Redirects within the host are relative.
    /// </summary>
    public Uri? PublicBaseUrl { get; init; }

    /// <summary><c>SocialJour:SignIn:IdleTimeoutMinutes</c> (default 30): a session unused this long ends (sliding, kept in the database).</summary>
    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Changes when the identity provider, the client or the role mapping changes: a sign-in session made under
    /// other settings ends at its next request.</summary>
    public string Fingerprint => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
        [Authority.ToString(), ClientId, UserIdClaim, RoleClaim, AcrClaim, string.Join(' ', RequiredAcr),
            .. RoleMapping.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={string.Join(',', m.Value)}")]))));

    public IReadOnlyList<string> MapRoles(IEnumerable<string> claimValues) =>
        claimValues.SelectMany(v => RoleMapping.TryGetValue(v, out var roles) ? roles : []).Distinct().OrderBy(r => Array.IndexOf(Roles.All, r)).ToList();

    /// <summary>Reads and checks the settings; throws <see cref="SignInConfigurationException"/> listing every problem.</summary>
    public static SignInSettings Read(IConfiguration configuration, string contentRoot)
    {
        var problems = new List<string>();
        string Key(string name) => $"{Section}:{name}";

        string? Required(string name)
        {
            var value = configuration[Key(name)];
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{Key(name)} saknas");
                return null;
            }

            return value.Trim();
        }

        string Optional(string name, string standard) =>
            configuration.GetSection(Key(name)).Exists() ? Required(name) ?? standard : standard;

        var developmentPasswords = false;
        if (configuration[Key("DevelopmentPasswords")] is { } flag && !bool.TryParse(flag, out developmentPasswords))
        {
            problems.Add($"{Key("DevelopmentPasswords")} ska vara true eller false, inte '{flag}'");
        }

        var users = configuration.GetSection("SocialJour:Users").GetChildren().Any();
        if (developmentPasswords && !users)
        {
            problems.Add($"{Key("DevelopmentPasswords")} är true men inga lösenordsanvändare finns (SocialJour:Users)");
        }
        else if (!developmentPasswords && users)
        {
            problems.Add($"SocialJour:Users anger lösenordsanvändare, men {Key("DevelopmentPasswords")} är inte true: lösenordsinloggning finns bara för utveckling och test. Ta bort SocialJour:Users");
        }

        Uri? authority = null;
        if (Required("Authority") is { } authorityText)
        {
            if (!Uri.TryCreate(authorityText, UriKind.Absolute, out authority) || authority.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(authority.Query))
            {
                problems.Add($"{Key("Authority")} '{authorityText}' är ingen https-adress till identitetsleverantören");
                authority = null;
            }
            else if (authority.Scheme == "http" && !authority.IsLoopback)
            {
                problems.Add($"{Key("Authority")} '{authorityText}' ska vara https (http bara mot 127.0.0.1/localhost, för utveckling)");
                authority = null;
            }
        }

        var clientId = Required("ClientId");
        string? secret = null;
        if (Required("ClientSecret") is { } reference)
        {
            try
            {
                secret = new SecretResolver(contentRoot).Resolve(reference);
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"{Key("ClientSecret")}: {e.Message}");
            }
        }

        var acr = Values(configuration.GetSection(Key("RequiredAcr")));
        if (acr.Count == 0)
        {
            problems.Add($"{Key("RequiredAcr")} saknas (den autentiseringsnivå, acr, som krävs, t.ex. http://id.elegnamnden.se/loa/1.0/loa3)");
        }

        var roleClaim = Required("RoleClaim");
        var mapping = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var role in configuration.GetSection(Key("Roles")).GetChildren())
        {
            if (!Roles.All.Contains(role.Key, StringComparer.Ordinal))
            {
                problems.Add($"{Key("Roles")}:{role.Key} är ingen roll; rollerna heter {string.Join(", ", Roles.All)}");
                continue;
            }

            foreach (var value in Values(role))
            {
                (mapping.TryGetValue(value, out var list) ? list : mapping[value] = []).Add(role.Key);
            }
        }

        if (mapping.Count == 0)
        {
            problems.Add($"{Key("Roles")} saknas: ange för minst en roll ({string.Join(", ", Roles.All)}) vilka värden i anspråket {roleClaim ?? "RoleClaim"} som ger den");
        }

        Uri? publicBase = null;
        if (configuration[Key("PublicBaseUrl")] is { Length: > 0 } publicText)
        {
            if (!Uri.TryCreate(publicText.EndsWith('/') ? publicText : publicText + "/", UriKind.Absolute, out publicBase) || publicBase.Scheme is not ("https" or "http")
                || !string.IsNullOrEmpty(publicBase.Query))
            {
                problems.Add($"{Key("PublicBaseUrl")} '{publicText}' är ingen adress (t.ex. https://jour.example.se/)");
                publicBase = null;
            }
        }

        var idle = DefaultIdleTimeout;
        if (configuration[Key("IdleTimeoutMinutes")] is { } idleText)
        {
            if (int.TryParse(idleText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes) && minutes is >= 1 and <= 720)
            {
                idle = TimeSpan.FromMinutes(minutes);
            }
            else
            {
                problems.Add($"{Key("IdleTimeoutMinutes")} ska vara ett heltal 1–720 (minuter utan aktivitet innan sessionen upphör), inte '{idleText}'");
            }
        }

        var settings = new SignInSettings
        {
            PublicBaseUrl = publicBase,
            IdleTimeout = idle,
            DevelopmentPasswords = developmentPasswords,
            Authority = authority ?? new Uri("https://invalid/"),
            ClientId = clientId ?? "",
            ClientSecret = secret ?? "",
            RequiredAcr = acr,
            AcrClaim = Optional("AcrClaim", "acr"),
            UserIdClaim = Optional("UserIdClaim", "sub"),
            DisplayNameClaim = Optional("DisplayNameClaim", "name"),
            RoleClaim = roleClaim ?? "",
            RoleMapping = mapping.ToDictionary(m => m.Key, m => (IReadOnlyList<string>)m.Value, StringComparer.Ordinal),
            Scopes = Values(configuration.GetSection(Key("Scopes"))),
            ApiAudience = Required("Api:Audience") ?? "",
            ApiScopeClaim = Optional("Api:ScopeClaim", "scope"),
            ApiMunicipalityClaim = Optional("Api:MunicipalityClaim", MachineClients.MunicipalityClaim),
        };
        return problems.Count == 0 ? settings : throw new SignInConfigurationException(problems);
    }

    /// <summary>A setting given as one value or as a list.</summary>
    private static List<string> Values(IConfigurationSection section) =>
        (section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? ""))
        .Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>The sign-in settings are unusable: every problem, naming its setting.</summary>
internal sealed class SignInConfigurationException(IReadOnlyList<string> problems)
    : InvalidOperationException("Inloggningen är felaktigt inställd och värden startar inte:" + string.Concat(problems.Select(p => "\n  " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

