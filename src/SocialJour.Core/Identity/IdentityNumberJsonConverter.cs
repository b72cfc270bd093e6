using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialJour.Core.Identity;

/// <summary>
/// JSON for <see cref="IdentityNumber"/>: read from any written form (parsed once, with the jour's local date for the
/// century of a 10-digit number), written as the canonical 12 characters so the public JSON shape stays a string.
/// A bad number fails the body with a <see cref="JsonException"/> carrying the Swedish message; the host's error handler
/// turns it into a 400 naming the field (the JSON path).
/// </summary>
public sealed class IdentityNumberJsonConverter(Func<DateOnly> today) : JsonConverter<IdentityNumber>
{
    public override IdentityNumber? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        var (value, error) = IdentityNumber.TryParse(text, today());
        return value ?? throw new JsonInputException(error ?? "Ogiltigt person- eller samordningsnummer.");
    }

    public override void Write(Utf8JsonWriter writer, IdentityNumber value, JsonSerializerOptions options) => writer.WriteStringValue(value.Canonical);
}
