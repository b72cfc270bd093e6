using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using SocialJour.Core.Configuration;

namespace SocialJour.Modules.Lookup.Endpoints;

/// <summary>What the module's endpoints read from a request: the signed-in user, dates and municipality codes (as the host reads them).</summary>
internal static class LookupApi
{
    /// <summary>The window of accepted dates in words, for error messages (the host's ApiDates.Window).</summary>
    public const string DateWindow = "mellan 2000-01-01 och 2100-12-31";

    private static readonly DateOnly Earliest = new(2000, 1, 1);

    private static readonly DateOnly Latest = new(2100, 12, 31);

    public static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? throw new InvalidOperationException("Inloggad användare saknar namn");

    public static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>A date yyyy-MM-dd within <see cref="DateWindow"/>.</summary>
    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date >= Earliest && date <= Latest;

    /// <summary>A non-blank municipality code of four digits; false with a 400 problem naming <paramref name="field"/> otherwise.</summary>
    public static bool TryCode(string? text, string field, out IResult problem)
    {
        problem = Results.Empty;
        if (MunicipalityCode.TryParse(text, out _))
        {
            return true;
        }

        problem = Results.Problem(
            statusCode: 400,
            title: "Ogiltig kommunkod",
            detail: MunicipalityCode.Malformed(field, text),
            extensions: new Dictionary<string, object?> { ["field"] = field });
        return false;
    }
}
