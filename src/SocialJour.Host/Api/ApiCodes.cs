using SocialJour.Core.Configuration;

namespace SocialJour.Host.Api;

/// <summary>Municipality codes in API routes and query strings: parsed once into <see cref="MunicipalityCode"/>; a malformed one is a 400 naming the field.</summary>
internal static class ApiCodes
{
    /// <summary>Parses a non-blank code; false with a 400 problem naming <paramref name="field"/> when it is not four digits.</summary>
    public static bool TryCode(string? text, string field, out MunicipalityCode code, out IResult problem)
    {
        problem = Results.Empty;
        if (MunicipalityCode.TryParse(text, out var parsed))
        {
            code = parsed.Value;
            return true;
        }

        code = default;
        problem = BadCode(field, text);
        return false;
    }

    public static IResult BadCode(string field, string? text) => Results.Problem(
        statusCode: 400,
        title: "Ogiltig kommunkod",
        detail: MunicipalityCode.Malformed(field, text),
        extensions: new Dictionary<string, object?> { ["field"] = field });
}
