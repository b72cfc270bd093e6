using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialJour.Core.Configuration;

/// <summary>
/// A Swedish municipality code (kommunkod): exactly four digits, validated once where the text enters (the configuration,
/// an API route or body, a form field). Whether the code is one of the 290 real ones is a separate question
/// (<see cref="IsKnown"/>, from <see cref="MunicipalityCodes"/>): a well-formed code that is not a member gives 404, a
/// malformed one 400. In JSON and in text it is the plain string ("0191"), so the API's shape does not change; it converts
/// implicitly to <see cref="string"/> so existing string-keyed code keeps working.
/// </summary>
[JsonConverter(typeof(MunicipalityCodeJsonConverter))]
public readonly record struct MunicipalityCode : IComparable<MunicipalityCode>
{
    private readonly string? _value;

    private MunicipalityCode(string value) => _value = value;

    /// <summary>The four digits.</summary>
    public string Value => _value ?? "0000";

    /// <summary>One of the 290 municipality codes in the reference list.</summary>
    public bool IsKnown => MunicipalityCodes.ShortNames.ContainsKey(Value);

    /// <summary>The short name from the reference list (e.g. "Sigtuna"), or null when the code is not in it.</summary>
    public string? ShortName => MunicipalityCodes.ShortNames.GetValueOrDefault(Value);

    /// <summary>True for exactly four ASCII digits (surrounding space ignored).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out MunicipalityCode? code)
    {
        var trimmed = text?.Trim();
        code = trimmed is { Length: 4 } && trimmed.All(char.IsAsciiDigit) ? new MunicipalityCode(trimmed) : null;
        return code is not null;
    }

    /// <summary>The Swedish message for a malformed code in <paramref name="field"/>.</summary>
    public static string Malformed(string field, string? text) =>
        $"{field}: '{text}' är ingen kommunkod (fyra siffror, t.ex. 0191).";

    /// <summary>Parses input once at the edge; a malformed code throws <see cref="ValidationException"/> naming <paramref name="field"/> (400).</summary>
    public static MunicipalityCode Require(string? text, string field) =>
        TryParse(text, out var code) ? code.Value : throw new ValidationException(field, Malformed(field, text));

    /// <summary>For codes already validated (the configuration's own, a database column): throws on a malformed one.</summary>
    public static MunicipalityCode Of(string text) =>
        TryParse(text, out var code) ? code.Value : throw new FormatException($"'{text}' is not a municipality code (four digits).");

    public static implicit operator string(MunicipalityCode code) => code.Value;

    public int CompareTo(MunicipalityCode other) => string.CompareOrdinal(Value, other.Value);

    public bool Equals(MunicipalityCode other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Value;
}

/// <summary>JSON for <see cref="MunicipalityCode"/>: a string of four digits; anything else fails the body with a Swedish message.</summary>
public sealed class MunicipalityCodeJsonConverter : JsonConverter<MunicipalityCode>
{
    public override MunicipalityCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return MunicipalityCode.TryParse(text, out var code)
            ? code.Value
            : throw new JsonInputException($"'{text}' är ingen kommunkod (fyra siffror, t.ex. 0191).");
    }

    public override void Write(Utf8JsonWriter writer, MunicipalityCode value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
