using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Assessment.Contracts;
using static SocialJour.Modules.Assessment.AssessmentEndpoints;

namespace SocialJour.Modules.Assessment;

internal sealed record ReportBody(string? Text);

internal static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder work)
    {
        work.MapPost("/cases/{id}/reports", async (string id, ReportBody? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Created($"/api/cases/{id}/reports", await assessment.SubmitReportAsync(id, body?.Text, UserId(user), ct)))
            .WithName("submitReport").Produces<ReportView>(StatusCodes.Status201Created)
            .WithSummary("Write the report to the case's home municipality; it is queued and delivered through that municipality's channels");
        work.MapGet("/cases/{id}/reports", async (string id, IAssessmentModule assessment, CancellationToken ct) => Results.Ok(await assessment.ReportsAsync(id, ct)))
            .WithName("listCaseReports").Produces<List<ReportView>>()
            .WithSummary("A case's reports with delivery status and receipts");
        work.MapGet("/reports/undelivered", async (IAssessmentModule assessment, IMunicipalityRegistry registry, TimeProvider time, CancellationToken ct) =>
            Results.Ok(await assessment.UndeliveredReportsAsync(registry.Current.Schedule.NextWeekdayAt0800(time.GetUtcNow()), ct)))
            .WithName("listUndeliveredReports").Produces<List<ReportView>>()
            .WithSummary("Reports not delivered that are due by the next 08:00");
    }
}
