using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Assessment.Contracts;
using static SocialJour.Modules.Assessment.AssessmentEndpoints;

namespace SocialJour.Modules.Assessment;

/// <summary>A report to send; <see cref="SubmissionKey"/> (or the Idempotency-Key header): the same key again returns the report already written.</summary>
internal sealed record ReportBody(string? Text, string? SubmissionKey = null);

internal sealed record ReportDraftBody(string? Text);

internal static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder work)
    {
        work.MapPost("/cases/{id}/reports", async (string id, ReportBody? body, HttpRequest request, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            // The same key again answers as the first time did (201 with the report already written): nothing new is sent.
            Results.Created($"/api/cases/{id}/reports", await assessment.SubmitReportAsync(id, body?.Text, UserId(user), ct,
                body?.SubmissionKey ?? request.Headers["Idempotency-Key"].FirstOrDefault())))
            .WithName("submitReport").Produces<ReportView>(StatusCodes.Status201Created)
            .WithSummary("Write the report to the case's home municipality; queued and delivered through its channels; the same submissionKey (or Idempotency-Key) again returns the first report");
        work.MapGet("/cases/{id}/report-draft", async (string id, IAssessmentModule assessment, CancellationToken ct) => Results.Ok(await assessment.ReportDraftAsync(id, ct)))
            .WithName("getReportDraft").Produces<ReportDraft>()
            .WithSummary("The case's report draft, or (not yet saved) a text prefilled from the case");
        work.MapPut("/cases/{id}/report-draft", async (string id, ReportDraftBody? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.SaveReportDraftAsync(id, body?.Text, UserId(user), ct)))
            .WithName("saveReportDraft").Produces<ReportDraft>()
            .WithSummary("Save the case's report draft while it is written (one per case)");
        work.MapPost("/cases/{id}/report-preview", async (string id, ReportDraftBody? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.PreviewReportAsync(id, body?.Text, UserId(user), ct)))
            .WithName("previewReport").Produces<ReportPreview>()
            .WithSummary("The report exactly as the home municipality would receive it, without sending it");
        work.MapGet("/cases/{id}/reports", async (string id, IAssessmentModule assessment, CancellationToken ct) => Results.Ok(await assessment.ReportsAsync(id, ct)))
            .WithName("listCaseReports").Produces<List<ReportView>>()
            .WithSummary("A case's reports with delivery status and receipts");
        work.MapGet("/reports/undelivered", async (IAssessmentModule assessment, IMunicipalityRegistry registry, TimeProvider time, CancellationToken ct) =>
            Results.Ok(await assessment.UndeliveredReportsAsync(registry.Current.Schedule.NextWeekdayAt0800(time.GetUtcNow()), ct)))
            .WithName("listUndeliveredReports").Produces<List<ReportView>>()
            .WithSummary("Reports not delivered that are due by the next 08:00");
    }
}
