using System.Globalization;
using System.Text;
using SocialJour.Core.Audit;
using SocialJour.Core.Sessions;

namespace SocialJour.Host.Security;

internal enum LoginOutcome
{
    Success,
    WrongCredentials,
    Locked,
}

/// <summary>
/// Password login with a per-name lockout (ADR 0014). Every attempt costs one password-hash derivation, whether the name
/// exists, is locked or is empty, and failures are counted for unknown names too: neither the time taken nor the answer
/// tells an anonymous client which user names exist. What an anonymous attempt writes to the audit log is capped.
/// </summary>
internal sealed class LoginGate(UserDirectory users, ILoginAttempts attempts, IAuditLog audit)
{
    /// <summary>The longest user name an attempt is counted or audited under; longer input is cut.</summary>
    public const int MaxNameLength = 64;

    public async Task<(LoginOutcome Outcome, UserAccount? User)> TryAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var name = AuditText.Anonymous(userName);
        var user = users.Authenticate(userName, password);
        if (name.Length == 0)
        {
            return (LoginOutcome.WrongCredentials, null);
        }

        if (await attempts.LockedUntilAsync(name, cancellationToken) is not null)
        {
            // Locked: even the right password is refused. Not audited again: the lock was.
            return (LoginOutcome.Locked, null);
        }

        if (user is not null)
        {
            await attempts.ResetAsync(name, cancellationToken);
            return (LoginOutcome.Success, user);
        }

        var lockedUntil = await attempts.RecordFailureAsync(name, cancellationToken);
        await audit.AppendAsync(name, lockedUntil is null ? "login-failed" : "login-locked", "", "", CancellationToken.None);
        return (lockedUntil is null ? LoginOutcome.WrongCredentials : LoginOutcome.Locked, null);
    }
}

/// <summary>Text an unauthenticated request may put in the audit log.</summary>
internal static class AuditText
{
    /// <summary>
    /// Trimmed, without control, format or line-separator characters (no forged lines, no hidden bidi text), and at most
    /// <see cref="LoginGate.MaxNameLength"/> characters.
    /// </summary>
    public static string Anonymous(string? text)
    {
        var sb = new StringBuilder();
        foreach (var c in (text ?? "").AsSpan().Trim())
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            if (sb.Length == LoginGate.MaxNameLength)
            {
                break;
            }

            sb.Append(c);
        }

        return sb.ToString().Trim();
    }
}
