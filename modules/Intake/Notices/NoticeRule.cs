using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Identity;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Notices;

/// <summary>A notice as registered: from a configured municipality, about one identified person, with a text, valid from a day to a day.</summary>
internal sealed record ValidNotice(string MunicipalityCode, string PersonId, string Text, DateOnly ValidFrom, DateOnly? ValidTo, NoticeRestriction? Restricts);

/// <summary>
/// What a notice (avisering) must hold: one of the jour's municipalities, a valid identity number, a text of at least
/// five characters, and an end date not before its start (start: today when not given). Active on the days between.
/// </summary>
internal static class NoticeRule
{
    public static ValidNotice Check(NoticeRegistration registration, DateOnly today, Func<string, Municipality?> findMunicipality)
    {
        if (string.IsNullOrWhiteSpace(registration.MunicipalityCode) || findMunicipality(registration.MunicipalityCode.Trim()) is not { } m)
        {
            throw new ValidationException("municipalityCode", "Ange vilken av jourens kommuner som skickat aviseringen.");
        }

        var (identity, error) = IdentityNumber.TryParse(registration.IdentityNumber, today);
        if (identity is null)
        {
            throw new ValidationException("identityNumber", error ?? "Ogiltigt identitetsnummer.");
        }

        if (string.IsNullOrWhiteSpace(registration.Text) || registration.Text.Trim().Length < 5)
        {
            throw new ValidationException("text", "Skriv vad aviseringen säger (t.ex. \"bevilja inte ekonomiskt bistånd\").");
        }

        InputText.Check("text", "Aviseringens text", registration.Text, TextKind.Note);
        var from = registration.ValidFrom ?? today;
        if (registration.ValidTo is { } to && to < from)
        {
            throw new ValidationException("validTo", "Slutdatum kan inte ligga före startdatum.");
        }

        if (registration.Restricts is { } restricts && !Enum.IsDefined(restricts))
        {
            throw new ValidationException("restricts", "Okänd begränsning: ange FinancialAid, EmergencyShelter, Placement eller TravelHome, eller ingen.");
        }

        return new ValidNotice(m.Code, identity.Canonical, registration.Text.Trim(), from, registration.ValidTo, registration.Restricts);
    }

    /// <summary>Whether a notice valid [from, to] (to: open-ended when null) is active on <paramref name="day"/>.</summary>
    public static bool IsActiveOn(DateOnly validFrom, DateOnly? validTo, DateOnly day) => validFrom <= day && (validTo is null || validTo >= day);
}
