using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Contacts;

/// <summary>
/// What a contact must hold: a time of receipt not in the future (5 minutes' grace for clocks) and in a year the calendar
/// knows, a channel, bounded free text, and 1–<see cref="MaxPersons"/> persons concerned, none of them twice.
/// </summary>
internal static class ContactRule
{
    public const int MaxPersons = 20;

    /// <summary>Checks the contact itself (not yet its persons); returns the channel and the time of receipt (now when not given).</summary>
    public static (ContactChannel Channel, DateTimeOffset ReceivedAt) Check(ContactRegistration registration, DateTimeOffset now, TimeZoneInfo zone)
    {
        var receivedAt = registration.ReceivedAt ?? now;
        if (receivedAt > now.AddMinutes(5))
        {
            throw new ValidationException("receivedAt", "Tidpunkten då kontakten togs emot kan inte ligga i framtiden.");
        }

        var year = TimeZoneInfo.ConvertTime(receivedAt, zone).Year;
        if (!SwedishCalendar.IsSupportedYear(year))
        {
            throw new ValidationException("receivedAt", "Tidpunkten då kontakten togs emot: " + SwedishCalendar.UnsupportedYearMessage(year));
        }

        if (registration.Channel is not { } channel || !Enum.IsDefined(channel))
        {
            throw new ValidationException("channel", "Ange hur kontakten kom in (SOS Alarm, direktlinjen, polisen, kommun, e-tjänst eller annat).");
        }

        InputText.Check("caller", "Inringaren", registration.Caller, TextKind.Short);
        InputText.Check("situation", "Situationen", registration.Situation, TextKind.Note);
        var persons = registration.Persons ?? [];
        if (persons.Count == 0)
        {
            throw new ValidationException("persons", "Ange minst en person som kontakten gäller; varje person blir ett eget ärende.");
        }

        if (persons.Count > MaxPersons)
        {
            throw new ValidationException("persons", $"Högst {MaxPersons} personer per kontakt.");
        }

        return (channel, receivedAt);
    }

    /// <summary>One case per person: the same identified person twice in one contact is refused.</summary>
    public static void CheckNoDuplicates(IEnumerable<string?> personIds)
    {
        if (personIds.OfType<string>().GroupBy(p => p, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            throw new ValidationException("persons", "Samma person är angiven två gånger.");
        }
    }
}
