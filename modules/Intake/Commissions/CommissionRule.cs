using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Identity;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Commissions;

/// <summary>A commission order as it is stored.</summary>
internal sealed record ValidCommission(string MunicipalityCode, CommissionKind Kind, string OrderedBy, DateTimeOffset OrderedAt, string? PersonId, string Description);

/// <summary>
/// What a commission (uppdrag) must hold: ordered by a member municipality on the day it was ordered (the jour's local
/// date), a kind, who ordered it, a time not in the future (5 minutes' grace for clocks), a description, and optionally
/// a valid identity number. Done once, with 1–1440 minutes spent (billing charges them).
/// </summary>
internal static class CommissionRule
{
    public const int MaxMinutes = 24 * 60;

    public static ValidCommission Check(CommissionOrder order, DateTimeOffset now, TimeZoneInfo zone, IEnumerable<Municipality> municipalities)
    {
        var orderedAt = order.OrderedAt ?? now;
        var day = JourClock.LocalDate(orderedAt, zone);
        var code = order.MunicipalityCode?.Trim();
        if (string.IsNullOrEmpty(code) || municipalities.FirstOrDefault(x => x.Code == code) is not { } m || !m.IsMemberOn(day))
        {
            throw new ValidationException("municipalityCode", "Ange den beställande kommunen bland jourens medlemmar den dagen.");
        }

        if (order.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            throw new ValidationException("kind", "Ange typ av uppdrag: hembesök, telefonstöd eller annat.");
        }

        if (string.IsNullOrWhiteSpace(order.OrderedBy))
        {
            throw new ValidationException("orderedBy", "Ange vem i kommunen som beställde uppdraget.");
        }

        if (orderedAt > now.AddMinutes(5))
        {
            throw new ValidationException("orderedAt", "Beställningstiden kan inte ligga i framtiden.");
        }

        if (string.IsNullOrWhiteSpace(order.Description))
        {
            throw new ValidationException("description", "Beskriv uppdraget (t.ex. \"tillsyn i hemmet kl 22\").");
        }

        InputText.Check("orderedBy", "Beställaren", order.OrderedBy, TextKind.Short);
        InputText.Check("description", "Beskrivningen", order.Description, TextKind.Note);
        string? personId = null;
        if (!string.IsNullOrWhiteSpace(order.IdentityNumber))
        {
            var (identity, error) = IdentityNumber.TryParse(order.IdentityNumber, day);
            personId = identity?.Canonical ?? throw new ValidationException("identityNumber", error ?? "Ogiltigt identitetsnummer.");
        }

        return new ValidCommission(m.Code, kind, order.OrderedBy.Trim(), orderedAt, personId, order.Description.Trim());
    }

    /// <summary>The time spent on a commission being marked done: 1 to 1440 minutes.</summary>
    public static int CheckMinutes(int? minutesSpent) =>
        minutesSpent is { } minutes and > 0 and <= MaxMinutes ? minutes : throw new ValidationException("minutesSpent", "Ange nedlagd tid i minuter (1–1440).");

    public static void CheckNotDone(long id, DateTimeOffset? doneAt)
    {
        if (doneAt is not null)
        {
            throw new ValidationException("id", $"Uppdraget {id} är redan utfört.");
        }
    }
}
