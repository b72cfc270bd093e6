using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Calendar;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Identity;

/// <summary>
/// Register checks that are not of a case's own person or a person of the same contact — checks for a contact being
/// registered (no case yet) and checks of a case's related parties — are limited per user: at most <see cref="Max"/>
/// different numbers within <see cref="Window"/>, which covers a busy night's contacts but not a fishing trip. Checking
/// the same number again is not counted. Counted from the access log itself (every check is an entry there before it is
/// shown), so the limit holds on every host and across restarts. A refusal is an audit entry
/// (<c>register-check.limit-reached</c>) and a warning in the log, for the unit manager's follow-up.
/// </summary>
internal sealed class RegisterCheckLimit(IAccessLog accessLog, IAuditLog audit, JourClock clock, ILogger<RegisterCheckLimit> logger)
{
    public const int Max = 40;

    /// <summary>The access-log purpose of a check of a case's related party (counted, unlike the case's own persons).</summary>
    public const string RelatedPartyPurpose = "Identitetskontroll i ärende: berörd person";

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static readonly string[] Counted = [IdentityCheckRequest.ContactRegistration, RelatedPartyPurpose];

    /// <summary>Refuses a check of <paramref name="personId"/> by <paramref name="userId"/> when it would be one number too many.</summary>
    public async Task CountAsync(string userId, string personId, string purpose, CancellationToken cancellationToken)
    {
        var checkedBefore = await accessLog.PersonsCheckedAsync(userId, Counted, clock.UtcNow - Window, cancellationToken);
        if (checkedBefore.Contains(personId) || checkedBefore.Count < Max)
        {
            return;
        }

        logger.LogWarning("Register-check limit reached by {User}: {Count} different numbers in {Minutes} minutes", userId, checkedBefore.Count, Window.TotalMinutes);
        await audit.AppendAsync(userId, "register-check.limit-reached", userId, $"{checkedBefore.Count} nummer på {Window.TotalMinutes:0} min ({purpose})", CancellationToken.None);
        throw new ValidationException("identityNumber",
            $"Du har kontrollerat {Max} olika nummer mot folkbokföringen utan att de är ärendets egna personer de senaste {Window.TotalMinutes:0} minuterna. " +
            "Registrera kontakten; personerna kontrolleras då i sina ärenden. Kontrollerna finns i åtkomstloggen och enhetschefen ser gränsen i granskningsloggen.");
    }
}
