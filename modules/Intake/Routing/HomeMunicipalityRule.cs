using SocialJour.Core.Configuration;

namespace SocialJour.Modules.Intake.Routing;

/// <summary>Where a case belongs: its home municipality's code, and a referral note when that municipality is not a member.</summary>
internal sealed record HomeMunicipality(string Code, string? Referral)
{
    public bool Referred => Referral is not null;
}

/// <summary>
/// Routing a case to its home municipality: a member on the day → that municipality; any other Swedish municipality →
/// registered there and referred (with a note saying where); anything else is no municipality code (null).
/// </summary>
internal static class HomeMunicipalityRule
{
    public static HomeMunicipality? Route(string? municipalityCode, DateOnly day, IEnumerable<Municipality> members)
    {
        var code = municipalityCode?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        if (members.FirstOrDefault(m => m.Code == code) is { } member && member.IsMemberOn(day))
        {
            return new HomeMunicipality(code, null);
        }

        return MunicipalityCodes.ShortNames.TryGetValue(code, out var name)
            ? new HomeMunicipality(code, $"{name} ({code}) är inte medlem i jouren {day:yyyy-MM-dd}: hänvisas till {name}s socialtjänst eller dess socialjour.")
            : null;
    }
}
