using System.Security.Claims;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Host.Security;

/// <summary>
/// Who sees all deviations with their follow-up: unit managers. The rule of what the others see is the Assessment module's
/// (IAssessmentModule.DeviationsVisibleToAsync), one rule for the page and the API.
/// </summary>
internal static class DeviationAccess
{
    public static bool SeesAll(ClaimsPrincipal user) => user.IsInRole(Roles.UnitManager);
}
