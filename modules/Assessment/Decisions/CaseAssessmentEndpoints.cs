using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SocialJour.Modules.Assessment.Contracts;
using static SocialJour.Modules.Assessment.AssessmentEndpoints;

namespace SocialJour.Modules.Assessment;

/// <summary>GET /api/cases/{id}/assessment: everything documented in the case.</summary>
internal sealed record CaseAssessmentDto(IReadOnlyList<ProtectionAssessmentView> ProtectionAssessments, IReadOnlyList<ActionView> Actions, IReadOnlyList<DecisionView> Decisions, IReadOnlyList<TimeSpent> TimeSpent);

/// <summary>Protection assessments, actions, decisions and time spent in a case.</summary>
internal static class CaseAssessmentEndpoints
{
    public static void Map(RouteGroupBuilder work)
    {
        work.MapGet("/cases/{id}/assessment", async (string id, IAssessmentModule assessment, CancellationToken ct) =>
        {
            var (actions, decisions) = await assessment.MeasuresAsync(id, ct);
            return Results.Ok(new CaseAssessmentDto(await assessment.ProtectionAssessmentsAsync(id, ct), actions, decisions, await assessment.TimeSpentAsync(id, ct)));
        }).WithName("getCaseAssessment").Produces<CaseAssessmentDto>()
            .WithSummary("A case's protection assessments, actions, decisions and time spent");
        work.MapPost("/cases/{id}/protection-assessments", async (string id, ProtectionAssessmentInput? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Created($"/api/cases/{id}/assessment", await assessment.AssessProtectionAsync(id, body ?? new(null, null), UserId(user), ct)))
            .WithName("addProtectionAssessment").Produces<ProtectionAssessmentView>(StatusCodes.Status201Created)
            .WithSummary("Document the immediate protection assessment of a child's case");
        work.MapPost("/cases/{id}/actions", async (string id, ActionInput? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Created($"/api/cases/{id}/assessment", await assessment.RecordActionAsync(id, body ?? new(null, null), UserId(user), ct)))
            .WithName("recordAction").Produces<ActionView>(StatusCodes.Status201Created)
            .WithSummary("Record an action (support talk, shelter, transport, …)");
        work.MapPost("/cases/{id}/decisions", async (string id, DecisionInput? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Created($"/api/cases/{id}/assessment", await assessment.DecideAsync(id, body ?? new(null, null, null, null), UserId(user), ct)))
            .WithName("recordDecision").Produces<DecisionView>(StatusCodes.Status201Created)
            .WithSummary("Record a decision; police assistance needs lookupId (your recent look-up) and stops when the placement is not under LVU/LVM");
        work.MapPost("/decisions/{id:long}/submitted-to-court", async (long id, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.MarkSubmittedToCourtAsync(id, UserId(user), ct)))
            .WithName("markDecisionSubmittedToCourt").Produces<DecisionView>()
            .WithSummary("A 6 § LVU order has been submitted to the administrative court");
        work.MapGet("/decisions/court-due", async (IAssessmentModule assessment, TimeProvider time, CancellationToken ct) =>
            Results.Ok(await assessment.CourtSubmissionsDueAsync(time.GetUtcNow().AddDays(2), ct)))
            .WithName("listCourtSubmissionsDue").Produces<List<DecisionView>>()
            .WithSummary("6 § LVU orders not yet submitted whose week ends within two days (or has ended)");
        work.MapPost("/cases/{id}/time", async (string id, TimeEntryInput? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Created($"/api/cases/{id}/assessment", await assessment.RecordTimeAsync(id, body ?? new(null, null), UserId(user), ct)))
            .WithName("recordTime").Produces<TimeSpent>(StatusCodes.Status201Created)
            .WithSummary("Record minutes spent in a case (your own)");
    }
}
