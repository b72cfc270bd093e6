using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// The host's authorization policies and role the module's endpoints use, by name. The same strings as the host's
/// <c>Policies</c> and <c>Roles</c> (to become SocialJour.Core.Security.Policies, issue 12).
/// </summary>
internal static class AssessmentPolicies
{
    /// <summary>Client work: social workers and unit managers.</summary>
    public const string ClientWork = "ClientWork";

    /// <summary>Follow-up: unit managers.</summary>
    public const string FollowUp = "FollowUp";

    /// <summary>The unit manager's role: sees every deviation with its follow-up.</summary>
    public const string UnitManagerRole = "UnitManager";
}

/// <summary>The module's HTTP API under /api; each feature maps its own routes.</summary>
internal static class AssessmentEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var work = routes.MapGroup("/api").RequireAuthorization(AssessmentPolicies.ClientWork).WithTags("Assessment");
        var manager = routes.MapGroup("/api").RequireAuthorization(AssessmentPolicies.FollowUp).WithTags("Assessment");
        CaseAssessmentEndpoints.Map(work);
        ReportEndpoints.Map(work);
        HandoverEndpoints.Map(work);
        DeviationEndpoints.Map(work, manager);
    }

    /// <summary>The signed-in user's name (what the audit log and the rows record).</summary>
    public static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? throw new InvalidOperationException("Inloggad användare saknar namn");

    public static IResult Problem(int status, string title, string detail, string? field = null) => Results.Problem(statusCode: status, title: title, detail: detail,
        extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });
}
