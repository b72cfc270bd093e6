using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SocialJour.Modules.Assessment.Contracts;
using static SocialJour.Modules.Assessment.AssessmentEndpoints;

namespace SocialJour.Modules.Assessment;

internal sealed record DeviationFollowUpBody(string? FollowUp);

internal static class DeviationEndpoints
{
    public static void Map(RouteGroupBuilder work, RouteGroupBuilder manager)
    {
        work.MapPost("/deviations", async (DeviationInput? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Created((string?)null, await assessment.ReportDeviationAsync(body ?? new(null, null, null, null, null), UserId(user), ct)))
            .WithName("reportDeviation").Produces<DeviationView>(StatusCodes.Status201Created)
            .WithSummary("Report a deviation or complaint");
        work.MapGet("/deviations", async (bool? all, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
                Results.Ok(await assessment.DeviationsVisibleToAsync(user.FindFirstValue(ClaimTypes.Name), user.IsInRole(AssessmentPolicies.UnitManagerRole), all != true, ct)))
            .WithName("listDeviations").Produces<List<DeviationView>>()
            .WithSummary("Deviations, open first: unit managers see all with follow-ups, social workers their own reports without follow-up notes (as the page)");
        manager.MapPost("/deviations/{id:long}/follow-up", async (long id, DeviationFollowUpBody? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.FollowUpDeviationAsync(id, body?.FollowUp, UserId(user), ct)))
            .WithName("followUpDeviation").Produces<DeviationView>()
            .WithSummary("Document the follow-up of a deviation");
        manager.MapPost("/deviations/{id:long}/close", async (long id, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.CloseDeviationAsync(id, UserId(user), ct)))
            .WithName("closeDeviation").Produces<DeviationView>()
            .WithSummary("Close a followed-up deviation");
    }
}
