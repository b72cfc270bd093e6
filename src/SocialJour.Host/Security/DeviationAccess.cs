using System.Security.Claims;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Host.Security;

/// <summary>
/// Who sees which deviations, one rule for the page and the API: unit managers see every deviation with its follow-up;
/// a social worker sees the deviations they reported and whether they are open or closed, but not the unit manager's
/// follow-up notes, nor other people's reports.
/// </summary>
internal static class DeviationAccess
{
    public static bool SeesAll(ClaimsPrincipal user) => user.IsInRole(Roles.UnitManager);

    public static IReadOnlyList<DeviationView> Visible(IEnumerable<DeviationView> deviations, ClaimsPrincipal user)
    {
        if (SeesAll(user))
        {
            return deviations.ToList();
        }

        var name = user.FindFirstValue(ClaimTypes.Name);
        return deviations
            .Where(d => name is not null && string.Equals(d.ReportedBy, name, StringComparison.OrdinalIgnoreCase))
            .Select(d => d with { FollowUp = null, FollowedUpBy = null })
            .ToList();
    }
}
