using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SocialJour.Core.Security;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Endpoints;

internal sealed record IdentityBody(string? IdentityNumber, string? JourCaseId = null, string? Purpose = null);

internal sealed record CommissionDoneBody(int? MinutesSpent);

internal sealed record MunicipalityChangeBody(string? MunicipalityCode, string? Reason);

/// <summary>
/// The module's HTTP API (JSON, under /api, client work: social workers and unit managers): contacts, identity checks,
/// cases, their persons, timers and notices, commissions and notices. Validation errors are <c>ValidationException</c>s,
/// mapped to problem+json by the host's one error handler.
/// </summary>
internal static class IntakeEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var work = routes.MapGroup("/api").RequireAuthorization(Policies.ClientWork).WithTags("Intake");

        work.MapPost("/contacts", async (ContactRegistration? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (body is null)
            {
                return Problem(400, "Uppgifter saknas", "Skicka kontakten som JSON.");
            }

            try
            {
                var registered = await intake.RegisterContactAsync(body, UserId(user), ct);
                return Results.Created($"/api/contacts/{registered.ContactId}", registered);
            }
            catch (PossibleDuplicateException e)
            {
                return PossibleDuplicate(e);
            }
        }).WithName("registerContact").Produces<RegisteredContact>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Register a contact; one jour case is opened per person concerned. A person with an open case, or one closed within 72 hours, " +
                "is answered 409 with the candidate cases: use one of them, or send the contact again with duplicateReason (at least 10 characters, logged)");

        work.MapPost("/identity-checks", async (IdentityBody? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.CheckIdentityAsync(new IdentityCheckRequest(body?.IdentityNumber, body?.JourCaseId, body?.Purpose), UserId(user), ct)))
            .WithName("checkIdentity").Produces<IdentityCheck>()
            .WithSummary("Check an identity number against the population register: name, age, home municipality, protected identity. For a person of an open case (jourCaseId) " +
                "or of a contact being registered (purpose \"Registrering av kontakt\"); in the access log. POST so the number never appears in a URL");
        work.MapGet("/cases/{id}/persons", async (string id, IIntakeModule intake, CancellationToken ct) => Results.Ok(await intake.CasePersonsAsync(id, ct)))
            .WithName("listCasePersons").Produces<List<CasePersonView>>()
            .WithSummary("The persons a look-up from the case may concern: its person, the other persons of its contact, its related parties");
        work.MapPost("/cases/{id}/related-parties", async (string id, RelatedPartyInput? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            body is null ? Problem(400, "Uppgifter saknas", "Skicka identityNumber, role och reason som JSON.") : Results.Created($"/api/cases/{id}/persons", await intake.AddRelatedPartyAsync(id, body, UserId(user), ct)))
            .WithName("addRelatedParty").Produces<CasePersonView>(StatusCodes.Status201Created)
            .WithSummary("Add a related party (parent, partner, suspected perpetrator, …) to an open case with a reason (audit-logged); look-ups from the case may then concern the person");

        work.MapGet("/cases", async (IIntakeModule intake, CancellationToken ct) => Results.Ok(await intake.OpenCasesAsync(ct)))
            .WithName("listOpenCases").Produces<List<JourCaseView>>()
            .WithSummary("Open jour cases, children first");

        work.MapGet("/cases/search", async (string? q, string? date, bool? mine, bool? openOnly, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
        {
            DateOnly? receivedOn = null;
            if (!string.IsNullOrWhiteSpace(date))
            {
                if (!DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
                {
                    return Problem(400, "Ogiltigt datum", "Ange datumet som ÅÅÅÅ-MM-DD.");
                }

                receivedOn = d;
            }

            return Results.Ok(await intake.SearchCasesAsync(new CaseSearchQuery(q, receivedOn, mine == true, openOnly == true), UserId(user), ct));
        }).WithName("searchCases").Produces<CaseSearchResult>()
            .WithSummary("Search cases, open and closed: q = part of a name or a whole identity number (the case's person or a related party), date = the day the contact came in (yyyy-MM-dd), mine=true your own (registered, noted or closed by you); newest first, at most 100 (more=true: narrow it)");

        work.MapGet("/cases/{id}/notes", async (string id, IIntakeModule intake, CancellationToken ct) => Results.Ok(await intake.CaseNotesAsync(id, ct)))
            .WithName("listCaseNotes").Produces<List<CaseNoteView>>()
            .WithSummary("The case's running notes, oldest first");
        work.MapPost("/cases/{id}/notes", async (string id, CaseNoteInput? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Created($"/api/cases/{id}/notes", await intake.AddCaseNoteAsync(id, body?.Text, UserId(user), ct)))
            .WithName("addCaseNote").Produces<CaseNoteView>(StatusCodes.Status201Created)
            .WithSummary("Add a timestamped note to the case (also after it is closed); notes are never edited — write a new one to correct");

        work.MapGet("/cases/{id}", async (string id, IIntakeModule intake, CancellationToken ct) =>
            await intake.FindCaseAsync(id, ct) is { } c ? Results.Ok(c) : Problem(404, "Okänt ärende", $"Ärendet {id} finns inte."))
            .WithName("getCase").Produces<JourCaseView>()
            .WithSummary("One jour case");

        work.MapPost("/cases/{id}/close", async (string id, CaseCloseRequest? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.CloseCaseAsync(id, body ?? new CaseCloseRequest(null), UserId(user), ct)))
            .WithName("closeCase").Produces<JourCaseView>()
            .WithSummary("Close a jour case with a reason (Completed, HandedOverToHomeMunicipality, ReferredElsewhere, NoActionNeeded, Other with a note)");
        work.MapPost("/cases/{id}/annul", async (string id, CaseAnnulment? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.AnnulCaseAsync(id, body ?? new CaseAnnulment(null, null), UserId(user), ct)))
            .WithName("annulCase").Produces<JourCaseView>()
            .WithSummary("Annul a case as a duplicate of another case of the same person, with a reason (logged): it leaves the open list, statistics and billing");

        work.MapPost("/cases/{id}/municipality", async (string id, MunicipalityChangeBody? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.ChangeMunicipalityAsync(id, body?.MunicipalityCode, body?.Reason, UserId(user), ct)))
            .WithName("changeCaseMunicipality").Produces<JourCaseView>()
            .WithSummary("Move a case to another home municipality, with a reason (logged); a non-member makes the case referred");
        work.MapPost("/cases/{id}/callback", async (string id, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.RecordCallbackAsync(id, UserId(user), ct)))
            .WithName("recordCallback").Produces<JourCaseView>()
            .WithSummary("The person has been called back (target 30 minutes after receipt)");
        work.MapPost("/cases/{id}/visit-decision", async (string id, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.DecideVisitAsync(id, UserId(user), ct)))
            .WithName("decideVisit").Produces<JourCaseView>()
            .WithSummary("A visit is needed: the 2-hour on-site timer starts");
        work.MapPost("/cases/{id}/on-site", async (string id, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.RecordOnSiteAsync(id, UserId(user), ct)))
            .WithName("recordOnSite").Produces<JourCaseView>()
            .WithSummary("The jour is on site");
        work.MapGet("/cases/{id}/notices", async (string id, IIntakeModule intake, CancellationToken ct) =>
            Results.Ok(await intake.CaseNoticesAsync(id, ct)))
            .WithName("listCaseNotices").Produces<List<NoticeView>>()
            .WithSummary("Active notices about the case's person, unacknowledged first");
        work.MapPost("/cases/{id}/notices/{noticeId:long}/acknowledge", async (string id, long noticeId, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.AcknowledgeNoticeAsync(id, noticeId, UserId(user), ct)))
            .WithName("acknowledgeNotice").Produces<NoticeView>()
            .WithSummary("Acknowledge a notice for a case (logged)");
        work.MapGet("/timer-breaches", async (IIntakeModule intake, CancellationToken ct) => Results.Ok(await intake.TimerBreachesAsync(ct)))
            .WithName("listTimerBreaches").Produces<List<TimerBreach>>()
            .WithSummary("Missed callback and on-site targets");
        work.MapPost("/commissions", async (CommissionOrder? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            body is null ? Problem(400, "Uppgifter saknas", "Skicka uppdraget som JSON.") : Results.Created((string?)null, await intake.RegisterCommissionAsync(body, UserId(user), ct)))
            .WithName("registerCommission").Produces<CommissionView>(StatusCodes.Status201Created)
            .WithSummary("Register a commission (uppdrag) ordered by a member municipality");
        work.MapGet("/commissions", async (bool? all, IIntakeModule intake, CancellationToken ct) => Results.Ok(await intake.CommissionsAsync(all != true, ct)))
            .WithName("listCommissions").Produces<List<CommissionView>>()
            .WithSummary("Open commissions (all=true: also those done)");
        work.MapPost("/commissions/{id:long}/done", async (long id, CommissionDoneBody? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.CompleteCommissionAsync(id, body?.MinutesSpent, UserId(user), ct)))
            .WithName("completeCommission").Produces<CommissionView>()
            .WithSummary("Mark a commission done, with the minutes spent");
        work.MapPost("/notices", async (NoticeRegistration? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            body is null ? Problem(400, "Uppgifter saknas", "Skicka aviseringen som JSON.") : Results.Created((string?)null, await intake.RegisterNoticeAsync(body, UserId(user), ct)))
            .WithName("registerNotice").Produces<NoticeView>(StatusCodes.Status201Created)
            .WithSummary("Register a notice (avisering) from a municipality about a person");
        work.MapGet("/notices", async (IIntakeModule intake, CancellationToken ct) => Results.Ok(await intake.ActiveNoticesAsync(ct)))
            .WithName("listActiveNotices").Produces<List<NoticeView>>()
            .WithSummary("Notices valid today");

        // A member municipality sends its own notices: a machine client bound to it, with the notices scope and nothing else.
        var municipal = routes.MapGroup("/api/municipality-notices").RequireAuthorization(Policies.MunicipalityNotices).WithTags("Intake");
        municipal.MapPost("", async (NoticeRegistration? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var own = Audience.Of(user).Municipality!;
            if (body is null)
            {
                return Problem(400, "Uppgifter saknas", "Skicka aviseringen som JSON: identityNumber, text, validFrom, validTo, restricts (valfri).");
            }

            if (!string.IsNullOrWhiteSpace(body.MunicipalityCode) && body.MunicipalityCode.Trim() != own)
            {
                return Problem(403, "Fel kommun", $"Klienten är bunden till kommun {own} och skickar bara den kommunens aviseringar.");
            }

            var notice = await intake.RegisterNoticeAsync(body with { MunicipalityCode = own }, UserId(user), ct);
            return Results.Created($"/api/municipality-notices/{notice.Id}", notice);
        }).WithName("sendMunicipalityNotice").Produces<NoticeView>(StatusCodes.Status201Created)
            .WithSummary("A member municipality sends a notice about a person (its own client, bound to it)");
        municipal.MapGet("", async (IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.MunicipalityNoticesAsync(Audience.Of(user).Municipality!, ct)))
            .WithName("listMunicipalityNotices").Produces<List<NoticeView>>()
            .WithSummary("The notices the client's own municipality has sent that are valid today or later");

        // The unit manager's follow-up of related-party additions (need-to-know's escape hatch, docs/security.md).
        routes.MapGroup("/api/related-parties").RequireAuthorization(Policies.FollowUp).WithTags("Intake")
            .MapGet("", async (string? days, IIntakeModule intake, TimeProvider time, CancellationToken ct) =>
            {
                if (FollowUpDays(days) is not { } window)
                {
                    return Problem(400, "Ogiltigt antal dagar", $"days ska vara ett heltal från 1 till 90, inte '{days}'.");
                }

                return Results.Ok(await intake.RelatedPartyAdditionsAsync(time.GetUtcNow().AddDays(-window), ct));
            })
            .WithName("listRelatedPartyAdditions").Produces<List<RelatedPartyAddition>>()
            .WithSummary("Related parties added in the last `days` days (default 14, at most 90), with role, reason, who added them and whether to another user's case: the unit manager's follow-up");

        // The unit manager's alert of many register checks (issue 23 2c): bursts and limit refusals, counts only.
        routes.MapGroup("/api/register-check-alerts").RequireAuthorization(Policies.FollowUp).WithTags("Intake")
            .MapGet("", async (string? days, IIntakeModule intake, TimeProvider time, CancellationToken ct) =>
            {
                if (FollowUpDays(days) is not { } window)
                {
                    return Problem(400, "Ogiltigt antal dagar", $"days ska vara ett heltal från 1 till 90, inte '{days}'.");
                }

                return Results.Ok(await intake.RegisterCheckAlertsAsync(time.GetUtcNow().AddDays(-window), ct));
            })
            .WithName("listRegisterCheckAlerts").Produces<List<RegisterCheckAlert>>()
            .WithSummary("Register-check alerts of the last `days` days (default 14, at most 90): a user who checked 40 different numbers within 15 minutes (Burst), or was refused by the limit (LimitReached)");
    }

    /// <summary>The follow-up's look-back in days: 14 when not given, 1–90 when given; null when it is not such a number.</summary>
    private static int? FollowUpDays(string? days) =>
        days is null ? 14
        : int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 90 ? d
        : null;

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? throw new InvalidOperationException("Inloggad användare saknar namn");

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>409 problem+json: the candidate cases and the two ways on (use one, or register anew with duplicateReason).</summary>
    private static IResult PossibleDuplicate(PossibleDuplicateException e) => Results.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Möjlig dubblett", detail: e.Message, extensions: new Dictionary<string, object?>
        {
            ["field"] = "duplicateReason",
            ["reasonProblem"] = e.ReasonProblem,
            ["candidates"] = e.Candidates,
            ["choices"] = new[]
            {
                new { choice = "useExisting", text = "Använd det befintliga ärendet (/api/cases/{caseId})" },
                new { choice = "registerAnew", text = "Registrera ett nytt ärende: skicka kontakten igen med duplicateReason (minst 10 tecken, loggas)" },
            },
        });
}
