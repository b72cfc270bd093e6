using System.Security.Claims;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Host.Api;

internal sealed record DeviationFollowUpBody(string? FollowUp);

internal sealed record ReportBody(string? Text);

/// <summary>Protection assessments, actions, decisions and time spent in a case; deviations.</summary>
internal static class AssessmentEndpoints
{
    public static void MapAssessmentApi(this WebApplication app)
    {
        var work = app.MapGroup("/api").RequireAuthorization(Policies.ClientWork);
        string User(ClaimsPrincipal u) => LookupEndpoints.UserId(u);

        work.MapGet("/cases/{id}/assessment", async (string id, IAssessmentModule assessment, CancellationToken ct) =>
        {
            var (actions, decisions) = await assessment.MeasuresAsync(id, ct);
            return Results.Ok(new
            {
                protectionAssessments = await assessment.ProtectionAssessmentsAsync(id, ct),
                actions,
                decisions,
                timeSpent = await assessment.TimeSpentAsync(id, ct),
            });
        }).WithSummary("A case's protection assessments, actions, decisions and time spent");
        work.MapPost("/cases/{id}/protection-assessments", async (string id, ProtectionAssessmentInput? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.AssessProtectionAsync(id, body ?? new(null, null), User(user), ct)))
            .WithSummary("Document the immediate protection assessment of a child's case");
        work.MapPost("/cases/{id}/actions", async (string id, ActionInput? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.RecordActionAsync(id, body ?? new(null, null), User(user), ct)))
            .WithSummary("Record an action (support talk, shelter, transport, …)");
        work.MapPost("/cases/{id}/decisions", async (string id, DecisionInput? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.DecideAsync(id, body ?? new(null, null, null, null), User(user), ct)))
            .WithSummary("Record a decision; police assistance needs lookupId (your recent look-up) and stops when the placement is not under LVU/LVM");
        work.MapPost("/decisions/{id:long}/submitted-to-court", async (long id, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.MarkSubmittedToCourtAsync(id, User(user), ct)))
            .WithSummary("An LVU 6 § order has been submitted to the administrative court");
        work.MapGet("/decisions/court-due", async (IAssessmentModule assessment, TimeProvider time, CancellationToken ct) =>
            Results.Ok(await assessment.CourtSubmissionsDueAsync(time.GetUtcNow().AddDays(2), ct)))
            .WithSummary("LVU 6 § orders not yet submitted whose week ends within two days (or has ended)");
        work.MapPost("/cases/{id}/reports", async (string id, ReportBody? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.SubmitReportAsync(id, body?.Text, User(user), ct)))
            .WithSummary("Write the report to the case's home municipality; it is queued and delivered through that municipality's channels");
        work.MapGet("/cases/{id}/reports", async (string id, IAssessmentModule assessment, CancellationToken ct) => Results.Ok(await assessment.ReportsAsync(id, ct)))
            .WithSummary("A case's reports with delivery status and receipts");
        work.MapGet("/reports/undelivered", async (IAssessmentModule assessment, IMunicipalityRegistry registry, TimeProvider time, CancellationToken ct) =>
            Results.Ok(await assessment.UndeliveredReportsAsync(registry.Current.Schedule.NextWeekdayAt0800(time.GetUtcNow()), ct)))
            .WithSummary("Reports not delivered that are due by the next 08:00");
        work.MapGet("/handover", async (string? municipality, string? date, Handover handover, IMunicipalityRegistry registry, JourClock clock, CancellationToken ct) =>
        {
            if (!string.IsNullOrWhiteSpace(municipality) && !ApiCodes.TryCode(municipality, "municipality", out _, out var bad))
            {
                return bad;
            }

            if (string.IsNullOrWhiteSpace(municipality) || registry.Current.Find(municipality) is null)
            {
                return LookupEndpoints.Problem(400, "Okänd kommun", "Ange kommunkod för en av jourens kommuner.");
            }

            var day = clock.Today;
            if (date is not null && !LookupEndpoints.TryDate(date, out day))
            {
                return ApiDates.BadDate("date", date);
            }

            return Results.Ok(await handover.ForAsync(municipality, day, ct));
        }).WithSummary("The morning handover to a municipality (08:00 on a date, default today): the cases since the previous weekday's 08:00, reports, open follow-ups");
        work.MapPost("/deviations", async (DeviationInput? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.ReportDeviationAsync(body ?? new(null, null, null, null, null), User(user), ct)))
            .WithSummary("Report a deviation or complaint");
        work.MapGet("/deviations", async (bool? all, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
                Results.Ok(SocialJour.Host.Security.DeviationAccess.Visible(await assessment.DeviationsAsync(all != true, ct), user)))
            .WithSummary("Deviations, open first: unit managers see all with follow-ups, social workers their own reports without follow-up notes (as the page)");
        var manager = app.MapGroup("/api/deviations").RequireAuthorization(Policies.FollowUp);
        manager.MapPost("/{id:long}/follow-up", async (long id, DeviationFollowUpBody? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.FollowUpDeviationAsync(id, body?.FollowUp, User(user), ct)))
            .WithSummary("Document the follow-up of a deviation");
        manager.MapPost("/{id:long}/close", async (long id, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.CloseDeviationAsync(id, User(user), ct)))
            .WithSummary("Close a followed-up deviation");
        work.MapPost("/cases/{id}/time", async (string id, TimeEntryInput? body, IAssessmentModule assessment, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await assessment.RecordTimeAsync(id, body ?? new(null, null), User(user), ct)))
            .WithSummary("Record minutes spent in a case (your own)");
    }
}
