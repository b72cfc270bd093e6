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
/// PBKDF2-SHA256 hashes: <c>pbkdf2-sha256$iterations$salt$hash</c>.
/// </summary>
internal sealed class UserDirectory
{
    private readonly Dictionary<string, UserAccount> _users;

    public UserDirectory(IConfiguration configuration)
    {
        _users = new Dictionary<string, UserAccount>(StringComparer.OrdinalIgnoreCase);
        foreach (var (u, i) in configuration.GetSection("SocialJour:Users").GetChildren().Select((u, i) => (u, i)))
        {
            var account = new UserAccount(u["UserName"] ?? "", u["DisplayName"] ?? "", u["Role"] ?? "", u["PasswordHash"] ?? "");
            if (account.UserName.Length == 0 || !Roles.All.Contains(account.Role) || !account.PasswordHash.StartsWith("pbkdf2-sha256$", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"SocialJour:Users[{i}]: UserName, Role ({string.Join("/", Roles.All)}) och PasswordHash (pbkdf2-sha256$…) måste anges");
            }

            _users[account.UserName] = account;
        }
    }

    public UserAccount? Authenticate(string? userName, string? password)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || !_users.TryGetValue(userName.Trim(), out var user))
        {
            return null;
        }

        var parts = user.PasswordHash.Split('$');
        if (parts.Length != 4 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var iterations))
        {
            return null;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) ? user : null;
    }
}
