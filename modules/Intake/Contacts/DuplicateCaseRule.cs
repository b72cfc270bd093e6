using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Contacts;

/// <summary>
/// When a person of a contact being registered may already have a case (<see cref="DuplicateCandidate"/>): a case that is not
/// annulled, open or closed within the last <see cref="DuplicateCandidate.WindowHours"/> hours, and either of the same
/// identified person, or — for an unidentified person — of an unidentified person with the same name (case-insensitive,
/// whitespace collapsed) whose contact has the same caller's contact details when the new contact states any (a phone
/// number: its digits; else the caller text). Registering anew anyway takes a reason (<see cref="CheckReason"/>, logged).
/// </summary>
internal static class DuplicateCaseRule
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(DuplicateCandidate.WindowHours);

    public const string SamePerson = "Samma personnummer";

    public const string SameNameAndContact = "Samma namn och kontaktuppgifter";

    public const string SameName = "Samma namn";

    /// <summary>Whether a stored case still counts as the person's current case at <paramref name="now"/>.</summary>
    public static bool IsCurrent(DateTimeOffset? closedAt, DateTimeOffset? annulledAt, DateTimeOffset now) =>
        annulledAt is null && (closedAt is null || closedAt >= now - Window);

    /// <summary>
    /// How an unidentified person of the new contact matches a stored unidentified case, or null: the same name, and the same
    /// contact details when the new contact has any.
    /// </summary>
    public static string? MatchUnidentified(string? name, string? caller, string? storedName, string? storedCaller)
    {
        if (NormalName(name) is not { } n || NormalName(storedName) != n)
        {
            return null;
        }

        if (ContactDetails(caller) is not { } details)
        {
            return SameName;
        }

        return ContactDetails(storedCaller) == details ? SameNameAndContact : null;
    }

    /// <summary>A name compared case-insensitively with runs of whitespace as one space; null when there is none.</summary>
    public static string? NormalName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    /// <summary>The caller's contact details as compared: the digits of a phone number (7 or more), else the text normalised like a name.</summary>
    public static string? ContactDetails(string? caller)
    {
        if (string.IsNullOrWhiteSpace(caller))
        {
            return null;
        }

        var digits = new string(caller.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length >= 7)
        {
            // +46 70… and 070… are the same number.
            return digits.StartsWith("46", StringComparison.Ordinal) && digits.Length >= 10 ? "0" + digits[2..] : digits;
        }

        return NormalName(caller);
    }

    /// <summary>The reason for registering anew despite the candidates: words, at least 10 characters (logged).</summary>
    public static string CheckReason(string? reason) => FreeText.Required("duplicateReason", "Skälet till ett nytt ärende", reason, TextKind.Reason,
        "Ange varför ett nytt ärende behövs fast personen redan har ett öppet eller nyligen avslutat ärende (minst 10 tecken). Skälet loggas.");
}
