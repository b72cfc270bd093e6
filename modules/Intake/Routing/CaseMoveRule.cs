using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Common;

namespace SocialJour.Modules.Intake.Routing;

/// <summary>
/// Moving a case to another home municipality: a stated reason (<see cref="TextKind.Reason"/>, logged), a municipality code
/// (<see cref="HomeMunicipalityRule"/>: a non-member makes the case referred), and not the municipality it already has.
/// </summary>
internal static class CaseMoveRule
{
    public static string CheckReason(string? reason) => FreeText.Required("reason", "Skälet", reason, TextKind.Reason,
        "Ange skälet till att ärendet flyttas till en annan kommun, med ord (minst 10 tecken). Skälet loggas.");

    public static HomeMunicipality Target(string? municipalityCode, string currentCode, DateOnly day, IEnumerable<Municipality> members)
    {
        var target = HomeMunicipalityRule.Route(municipalityCode, day, members)
            ?? throw new ValidationException("municipalityCode", $"'{municipalityCode}' är ingen kommunkod.");
        return target.Code == currentCode
            ? throw new ValidationException("municipalityCode", $"Ärendet hör redan till kommun {target.Code}.")
            : target;
    }
}
