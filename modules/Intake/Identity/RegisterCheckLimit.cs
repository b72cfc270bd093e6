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
/// <para>
/// Checks of a case's own persons are not limited (a night with many cases must not stop), but a burst is made visible:
/// when one user has checked <see cref="BurstPersons"/> different numbers for any purpose within <see cref="Window"/> (for
/// example by registering contacts with many persons again and again, then checking them in their cases), an audit entry
/// <c>register-check.burst</c> is written once per user and window and the unit manager sees it in the follow-up
/// (<c>/Uppfoljning</c>, <c>GET /api/register-check-alerts</c>), with the limit refusals.
/// </para>
/// </summary>
internal sealed class RegisterCheckLimit(IAccessLog accessLog, IAuditLog audit, JourClock clock, ILogger<RegisterCheckLimit> logger)
{
    public const int Max = 40;

    /// <summary>Different numbers checked by one user within <see cref="Window"/>, for any purpose, that alert the unit manager.</summary>
    public const int BurstPersons = RegisterCheckAlertLimits.BurstPersons;

    public const string LimitReachedAction = "register-check.limit-reached";

    public const string BurstAction = "register-check.burst";

    /// <summary>The access-log purpose of a check of a case's own person (or a person of the same contact).</summary>
    public const string CasePurpose = "Identitetskontroll i ärende";

    /// <summary>The access-log purpose of a check of a case's related party (counted, unlike the case's own persons).</summary>
    public const string RelatedPartyPurpose = "Identitetskontroll i ärende: berörd person";

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(RegisterCheckAlertLimits.WindowMinutes);

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
        await audit.AppendAsync(userId, LimitReachedAction, userId, $"{checkedBefore.Count} nummer på {Window.TotalMinutes:0} min ({purpose})", CancellationToken.None);
        throw new ValidationException("identityNumber",
            $"Du har kontrollerat {Max} olika nummer mot folkbokföringen utan att de är ärendets egna personer de senaste {Window.TotalMinutes:0} minuterna. " +
            "Registrera kontakten; personerna kontrolleras då i sina ärenden. Kontrollerna finns i åtkomstloggen och enhetschefen ser gränsen i granskningsloggen.");
    }

    /// <summary>
    /// After a check is in the access log: alerts the unit manager (once per user and window, on any host) when the user has
    /// now checked <see cref="BurstPersons"/> different numbers within <see cref="Window"/>, whatever the purpose.
    /// </summary>
    public async Task NoteAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var persons = await accessLog.PersonsCheckedAsync(userId, [CasePurpose, RelatedPartyPurpose, IdentityCheckRequest.ContactRegistration], now - Window, cancellationToken);
        if (persons.Count < BurstPersons)
        {
            return;
        }

        // One alert per user and quarter of an hour: the source key makes a second host's (or a second check's) append a no-op.
        var bucket = now.ToUnixTimeSeconds() / (long)Window.TotalSeconds;
        var record = await audit.AppendOnceAsync($"register-check-burst:{userId}:{bucket}", userId, BurstAction, userId,
            $"{persons.Count} olika nummer kontrollerade mot folkbokföringen på {Window.TotalMinutes:0} min", CancellationToken.None);
        if (record.At >= now)
        {
            logger.LogWarning("Register-check burst by {User}: {Count} different numbers in {Minutes} minutes", userId, persons.Count, Window.TotalMinutes);
        }
    }

    /// <summary>The alerts (bursts and refusals) since <paramref name="since"/>, newest first, from the audit log.</summary>
    public async Task<IReadOnlyList<RegisterCheckAlert>> AlertsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var entries = await audit.FindAsync([BurstAction, LimitReachedAction], cancellationToken: cancellationToken);
        return entries.Where(e => e.At >= since).OrderByDescending(e => e.At)
            .Select(e => new RegisterCheckAlert(e.At, e.Actor, e.Action == BurstAction ? RegisterCheckAlertKind.Burst : RegisterCheckAlertKind.LimitReached, e.Details))
            .ToList();
    }
}
