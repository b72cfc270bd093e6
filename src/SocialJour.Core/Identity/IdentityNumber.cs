using System.Globalization;
using SocialJour.Adapters.Contract;

namespace SocialJour.Core.Identity;

public enum IdentityKind
{
    /// <summary>Personnummer.</summary>
    PersonalIdentityNumber,

    /// <summary>Samordningsnummer: day of birth + 60.</summary>
    CoordinationNumber,

    /// <summary>Reserve or interim number (reservnummer): a letter in the serial part. Not a national identity.</summary>
    ReserveNumber,
}

/// <summary>
/// A Swedish identity number, parsed from any of the written forms (10 or 12 digits, with '-' or '+' or none).
/// Rules (Skatteverket, SKV 704): the last digit is a Luhn check over the 10-digit form; '+' means the person
/// is 100 or older; a coordination number has day + 60 (days 60–91); in a coordination number month 00 means
/// "birth month unknown" and day 60 "birth day unknown" (Skatteverket). Only day 60 or more makes a coordination
/// number: month 00 with a day below 60 is rejected, as are months 13–99 and days 32–59 and 92–99.
/// <para>
/// Parse once, where the text enters (an API body, a form field, the configuration): <see cref="Require"/> turns a bad
/// number into the one <see cref="ValidationException"/> naming the field; <see cref="IdentityNumberJsonConverter"/> does
/// the same for JSON bodies. Formatting and masking live here only: <see cref="Masked"/> (birth date only, for logs and
/// titles), <see cref="Formatted"/> (YYYYMMDD-NNNN, for screens and exports) and <see cref="ToString(string?, IFormatProvider?)"/>;
/// stored canonical strings are shown with the static <see cref="Format(string)"/> and <see cref="Mask(string)"/>.
/// </para>
/// </summary>
public sealed record IdentityNumber : IFormattable
{
    private static readonly string InterimLetters = "TRSUWXJKLMN";

    private IdentityNumber(string canonical, IdentityKind kind, DateOnly? birthDate)
    {
        Canonical = canonical;
        Kind = kind;
        BirthDate = birthDate;
    }

    /// <summary>12 characters, YYYYMMDDNNNC (a reserve number keeps its letter).</summary>
    public string Canonical { get; }

    public IdentityKind Kind { get; }

    /// <summary>Null when a coordination number says the birth date is unknown.</summary>
    public DateOnly? BirthDate { get; }

    /// <summary>Only national numbers can be looked up in journal systems.</summary>
    public PersonId? ToPersonId() => Kind == IdentityKind.ReserveNumber ? null : new PersonId(Canonical);

    /// <summary>Birth date only, for logs and titles: YYYYMMDD-****.</summary>
    public string Masked => Mask(Canonical);

    /// <summary>The full number for screens and exports: YYYYMMDD-NNNN.</summary>
    public string Formatted => Format(Canonical);

    /// <summary>The masked form: an identity number written by accident into a log or a message shows no more than the birth date.</summary>
    public override string ToString() => Masked;

    /// <summary>
    /// Formats: "M" or null (masked, YYYYMMDD-****), "F" (YYYYMMDD-NNNN), "12" (the canonical 12 characters, YYYYMMDDNNNC).
    /// </summary>
    public string ToString(string? format, IFormatProvider? formatProvider = null) => format switch
    {
        null or "" or "M" => Masked,
        "F" => Formatted,
        "12" => Canonical,
        _ => throw new FormatException($"Unknown identity number format '{format}' (M, F or 12)."),
    };

    /// <summary>A stored canonical number (12 characters) as YYYYMMDD-NNNN; any other text is returned as it is.</summary>
    public static string Format(string canonical) =>
        canonical is { Length: 12 } ? string.Concat(canonical.AsSpan(0, 8), "-", canonical.AsSpan(8, 4)) : canonical;

    /// <summary>A stored canonical number (12 characters) as YYYYMMDD-****: birth date only, for logs and titles.</summary>
    public static string Mask(string canonical) =>
        canonical is { Length: >= 8 } ? string.Concat(canonical.AsSpan(0, 8), "-****") : "****";

    /// <summary>
    /// Parses user input once at the edge; a bad number throws <see cref="ValidationException"/> naming
    /// <paramref name="field"/> with the Swedish message of <see cref="TryParse"/>. <paramref name="today"/> is the jour's
    /// local date (<see cref="Calendar.JourClock.Today"/>), which decides the century of a 10-digit number.
    /// </summary>
    public static IdentityNumber Require(string? input, DateOnly today, string field)
    {
        var (value, error) = TryParse(input, today);
        return value ?? throw new ValidationException(field, error ?? "Ogiltigt person- eller samordningsnummer.");
    }

    /// <summary>Reads back a number this system stored in canonical form (12 characters); null if it is not one.</summary>
    public static IdentityNumber? FromCanonical(string? canonical) =>
        canonical is { Length: 12 } ? TryParse(canonical, DateOnly.MaxValue).Value : null;

    public static IdentityNumber Parse(string input, DateOnly today)
    {
        var result = TryParse(input, today);
        return result.Value ?? throw new FormatException(result.Error);
    }

    /// <summary>Parses; on failure the error says what is wrong, in Swedish, for the user.</summary>
    public static (IdentityNumber? Value, string? Error) TryParse(string? input, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return (null, "Ange ett person- eller samordningsnummer.");
        }

        var text = input.Trim();
        char? separator = null;
        string digits;
        if (text.Length is 11 or 13 && (text[^5] == '-' || text[^5] == '+'))
        {
            separator = text[^5];
            digits = string.Concat(text.AsSpan(0, text.Length - 5), text.AsSpan(text.Length - 4));
        }
        else
        {
            digits = text;
        }

        if (digits.Length is not (10 or 12))
        {
            return (null, "Numret ska ha 10 eller 12 siffror (ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN).");
        }

        // An interim/reserve number has a letter as the first character of the serial part.
        var serialStart = digits.Length - 4;
        var isReserve = InterimLetters.Contains(digits[serialStart], StringComparison.Ordinal);
        for (var i = 0; i < digits.Length; i++)
        {
            if (i == serialStart && isReserve)
            {
                continue;
            }

            if (!char.IsAsciiDigit(digits[i]))
            {
                return (null, char.IsLetter(digits[i]) && i == serialStart
                    ? $"Bokstaven '{digits[i]}' är inte giltig i ett reservnummer."
                    : "Numret får bara innehålla siffror och ett bindestreck eller plustecken.");
            }
        }

        int year;
        if (digits.Length == 12)
        {
            year = int.Parse(digits.AsSpan(0, 4), CultureInfo.InvariantCulture);
            if (separator == '+' && today.Year - year < 100)
            {
                return (null, "Plustecken betyder att personen fyllt 100 år, men födelseåret säger något annat.");
            }
        }
        else
        {
            var yy = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
            var baseYear = separator == '+' ? today.Year - 100 : today.Year;
            year = baseYear - ((baseYear - yy) % 100 + 100) % 100;
        }

        var tenDigits = digits.Length == 12 ? digits[2..] : digits;
        var month = int.Parse(tenDigits.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(tenDigits.AsSpan(4, 2), CultureInfo.InvariantCulture);
        var kind = isReserve ? IdentityKind.ReserveNumber : day >= 60 ? IdentityKind.CoordinationNumber : IdentityKind.PersonalIdentityNumber;
        var coordination = kind == IdentityKind.CoordinationNumber;
        var realDay = coordination ? day - 60 : day;
        var what = coordination ? "Samordningsnumret" : "Personnumret";
        if (month > 12)
        {
            return (null, $"{what} anger månad {month:00}, som inte finns (01–12).");
        }

        if (month == 0 && !coordination)
        {
            // Month 00 means "birth month unknown", which only a coordination number can say; its day is then 60 or more.
            return (null, $"Månad 00 (okänd födelsemånad) finns bara i samordningsnummer, och då är dagen 60 eller mer (okänd dag skrivs 60), inte {day:00}.");
        }

        if (realDay > 31 || (!coordination && realDay == 0))
        {
            return (null, coordination
                ? $"Samordningsnumret anger dag {day:00}: dagen ska vara 60–91 (födelsedag + 60, okänd dag skrivs 60)."
                : $"Personnumret anger dag {day:00}, som inte finns (01–31; i ett samordningsnummer 60–91).");
        }

        DateOnly? birthDate = null;
        var unknownBirthDate = coordination && (month == 0 || realDay == 0);
        if (unknownBirthDate)
        {
            if (year > today.Year || (year == today.Year && month > today.Month))
            {
                return (null, "Födelsedatumet ligger i framtiden.");
            }
        }
        else
        {
            if (realDay > DateTime.DaysInMonth(year, month))
            {
                return (null, $"{what} anger ett datum som inte finns ({year:0000}-{month:00}-{realDay:00}).");
            }

            birthDate = new DateOnly(year, month, realDay);
            if (birthDate > today)
            {
                return (null, "Födelsedatumet ligger i framtiden.");
            }
        }

        if (!isReserve && tenDigits.AsSpan(6, 3).SequenceEqual("000"))
        {
            return (null, "Födelsenumret 000 används inte i person- eller samordningsnummer.");
        }

        if (!LuhnValid(tenDigits))
        {
            return (null, "Kontrollsiffran stämmer inte. Kontrollera att alla siffror är rätt skrivna.");
        }

        return (new IdentityNumber(year.ToString("0000", CultureInfo.InvariantCulture) + tenDigits[2..], kind, birthDate), null);
    }

    private static bool LuhnValid(string tenDigits)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            // Interim numbers count their letter as 1 (the personnummer project's rule).
            var d = char.IsAsciiDigit(tenDigits[i]) ? tenDigits[i] - '0' : 1;
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    /// <summary>Computes the check digit for the first nine digits of a 10-digit form (used by the demo data).</summary>
    public static char CheckDigit(string nineDigits)
    {
        for (var c = '0'; c <= '9'; c++)
        {
            if (LuhnValid(nineDigits + c))
            {
                return c;
            }
        }

        throw new InvalidOperationException("unreachable");
    }
}
