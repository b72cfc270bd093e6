using System.Collections.Concurrent;
using SocialJour.Core;

namespace SocialJour.Modules.Intake.Identity;

/// <summary>
/// Register checks for a contact being registered (no case yet) are bound only by their purpose; a user may check at
/// most <see cref="Max"/> different numbers that way within <see cref="Window"/>, which covers a busy night's contacts
/// but not a fishing trip. Checking the same number again is not counted; checks for a case's persons and at
/// registration are not counted at all. Held in memory per host (a restart resets it).
/// </summary>
internal sealed class UnboundCheckLimit
{
    public const int Max = 40;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, List<(DateTimeOffset At, string PersonId)>> _checks = new(StringComparer.Ordinal);

    /// <summary>Counts a check of <paramref name="personId"/> by <paramref name="userId"/> at <paramref name="now"/>, or refuses it.</summary>
    public void Count(string userId, string personId, DateTimeOffset now)
    {
        var checks = _checks.GetOrAdd(userId, _ => []);
        lock (checks)
        {
            checks.RemoveAll(c => c.At <= now - Window);
            if (checks.All(c => c.PersonId != personId) && checks.Select(c => c.PersonId).Distinct().Count() >= Max)
            {
                throw new ValidationException("identityNumber",
                    $"Du har kontrollerat {Max} olika nummer mot folkbokföringen utan ärende de senaste {Window.TotalMinutes:0} minuterna. " +
                    "Registrera kontakten; personerna kontrolleras då i sina ärenden. Kontrollerna finns i åtkomstloggen.");
            }

            checks.Add((now, personId));
        }
    }
}
