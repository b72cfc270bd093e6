using System.Security.Cryptography;

namespace SocialJour.Host.Security;

/// <summary>The three roles of the brief. Names in code are English; <see cref="SwedishName"/> is what users see.</summary>
internal static class Roles
{
    public const string SocialWorker = "SocialWorker";
    public const string UnitManager = "UnitManager";
    public const string ItAdministrator = "ItAdministrator";

    public static readonly string[] All = [SocialWorker, UnitManager, ItAdministrator];

    public static string SwedishName(string role) => role switch
    {
        SocialWorker => "Socialsekreterare",
        UnitManager => "Enhetschef",
        ItAdministrator => "IT-administratör",
        _ => role,
    };
}

internal sealed record UserAccount(string UserName, string DisplayName, string Role, string PasswordHash);

/// <summary>
/// Accounts from configuration (the embedded default's demo users). Passwords are stored as
/// PBKDF2-SHA256 hashes: <c>pbkdf2-sha256$iterations$salt$hash</c>. Re-read when the configuration changes, so that a
/// removed account or a changed role ends that user's sessions (<see cref="Stamp"/>).
/// </summary>
internal sealed class UserDirectory
{
    // Unknown names are verified against this hash (the password "x", same iterations as the demo users) so that a
    // failed login takes as long for a name that does not exist as for one that does.
    private const string DummyHash = "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private readonly IConfiguration _configuration;
    private volatile Dictionary<string, UserAccount> _users;

    public UserDirectory(IConfiguration configuration)
    {
        _configuration = configuration;
        _users = Load(configuration);
        Microsoft.Extensions.Primitives.ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>The account, or null when no such user is configured (any more).</summary>
    public UserAccount? Find(string? userName) =>
        userName is not null && _users.TryGetValue(userName.Trim(), out var user) ? user : null;

    /// <summary>
    /// Changes whenever the account's role or password changes: a session carries the stamp of its login and ends when
    /// the stamp no longer matches.
    /// </summary>
    public static string Stamp(UserAccount user) =>
        Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{user.UserName}\n{user.Role}\n{user.PasswordHash}")));

    /// <summary>
    /// The account when the password is right. Always runs one PBKDF2 derivation, also for an unknown or empty name,
    /// so the time taken does not tell whether a user name exists.
    /// </summary>
    public UserAccount? Authenticate(string? userName, string? password)
    {
        var user = string.IsNullOrWhiteSpace(userName) ? null : Find(userName);
        var matches = Verify(user?.PasswordHash ?? DummyHash, password ?? "");
        return user is not null && matches && !string.IsNullOrEmpty(password) ? user : null;
    }

    private static bool Verify(string passwordHash, string password)
    {
        var parts = passwordHash.Split('$');
        if (parts.Length != 4 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var iterations))
        {
            parts = DummyHash.Split('$');
            iterations = 100_000;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private void Reload()
    {
        try
        {
            _users = Load(_configuration);
        }
        catch (InvalidOperationException)
        {
            // A broken edit keeps the accounts in force; start-up reports the same error with the field.
        }
    }

    private static Dictionary<string, UserAccount> Load(IConfiguration configuration)
    {
        var users = new Dictionary<string, UserAccount>(StringComparer.OrdinalIgnoreCase);
        foreach (var (u, i) in configuration.GetSection("SocialJour:Users").GetChildren().Select((u, i) => (u, i)))
        {
            var account = new UserAccount(u["UserName"] ?? "", u["DisplayName"] ?? "", u["Role"] ?? "", u["PasswordHash"] ?? "");
            if (account.UserName.Length == 0 || !Roles.All.Contains(account.Role) || !account.PasswordHash.StartsWith("pbkdf2-sha256$", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"SocialJour:Users[{i}]: UserName, Role ({string.Join("/", Roles.All)}) och PasswordHash (pbkdf2-sha256$…) måste anges");
            }

            users[account.UserName] = account;
        }

        return users;
    }
}
