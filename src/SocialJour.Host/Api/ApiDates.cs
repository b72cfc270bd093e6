using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SocialJour.Core.Calendar;

namespace SocialJour.Host.Api;

/// <summary>
/// Dates and instants in API and page input: one accepted window for all of them, and a date-time without an offset is
/// the jour's local time (its configured time zone), never the server's.
/// </summary>
internal static class ApiDates
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static readonly DateOnly Latest = new(2100, 12, 31);

    /// <summary>The window in words, for error messages.</summary>
    public const string Window = "mellan 2000-01-01 och 2100-12-31";

    /// <summary>A date on the form yyyy-MM-dd within the window.</summary>
    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date >= Earliest && date <= Latest;

    /// <summary>An ISO 8601 instant within the window; without an offset it is read in <paramref name="zone"/>.</summary>
    public static bool TryInstant(string? text, TimeZoneInfo zone, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text)
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            || parsed.Year < Earliest.Year || parsed.Year > Latest.Year)
        {
            return false;
        }

        if (parsed.Kind == DateTimeKind.Unspecified)
        {
            instant = InZone(parsed, zone);
            return true;
        }

        // With an offset or Z: the offset as written.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out instant);
    }

    /// <summary>A local wall-clock time in the zone (<see cref="JourClock.ToInstant(DateOnly, TimeOnly, TimeZoneInfo)"/>: a time skipped by the spring change is read with the standard offset).</summary>
    public static DateTimeOffset InZone(DateTime local, TimeZoneInfo zone) =>
        JourClock.ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), zone);

    public static IResult BadDate(string field, string? text) => Results.Problem(
        statusCode: 400,
        title: "Ogiltigt datum",
        detail: $"{field}: '{text}' är inget datum på formen ÅÅÅÅ-MM-DD {Window}.",
        extensions: new Dictionary<string, object?> { ["field"] = field });

    public static IResult BadInstant(string field, string? text) => Results.Problem(
        statusCode: 400,
        title: "Ogiltig tidpunkt",
        detail: $"{field}: '{text}' är ingen tidpunkt {Window} (ISO 8601, t.ex. 2026-12-24T23:15:00+01:00; utan tidszon gäller jourens lokala tid).",
        extensions: new Dictionary<string, object?> { ["field"] = field });
}

/// <summary>JSON instants in request bodies: range-checked, and read in the jour's time zone when written without an offset.</summary>
internal sealed class JourInstantConverter(Func<TimeZoneInfo> zone) : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return ApiDates.TryInstant(text, zone(), out var instant)
            ? instant
            : throw new SocialJour.Core.JsonInputException($"'{text}' är ingen tidpunkt {ApiDates.Window} (ISO 8601, t.ex. 2026-12-24T23:15:00+01:00; utan tidszon gäller jourens lokala tid).");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
