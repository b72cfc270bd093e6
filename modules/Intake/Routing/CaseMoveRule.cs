using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Common;

namespace SocialJour.Modules.Intake.Routing;

/// <summary>
/// Moving a case to another home municipality: a stated reason (at least 10 characters, logged), a municipality code
/// (<see cref="HomeMunicipalityRule"/>: a non-member makes the case referred), and not the municipality it already has.
/// </summary>
internal static class CaseMoveRule
{
    public static string CheckReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 10)
        {
            throw new ValidationException("reason", "Ange skälet till att ärendet flyttas till en annan kommun (minst 10 tecken). Skälet loggas.");
        }

        InputText.Check("reason", "Skälet", reason, FreeText.MaxReasonLength);
        return reason.Trim();
    }

    public static HomeMunicipality Target(string? municipalityCode, string currentCode, DateOnly day, IEnumerable<Municipality> members)
    {
        var target = HomeMunicipalityRule.Route(municipalityCode, day, members)
            ?? throw new ValidationException("municipalityCode", $"'{municipalityCode}' är ingen kommunkod.");
        return target.Code == currentCode
            ? throw new ValidationException("municipalityCode", $"Ärendet hör redan till kommun {target.Code}.")
            : target;
    }
}
