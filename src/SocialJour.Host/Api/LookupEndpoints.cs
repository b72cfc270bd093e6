using System.Globalization;
using System.Security.Claims;
using SocialJour.Core.Audit;
using SocialJour.Core.Calendar;
using SocialJour.Core.Identity;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host.Api;

internal sealed record LookupBody(string? IdentityNumber, string? JourCaseId, string? Purpose, string? EmergencyReason, string? EmergencyOpeningId, string? PurposeText = null);

internal sealed record ReasonBody(string? Reason);

internal sealed record ReviewBody(string? Note);

internal sealed record IdentityBody(string? IdentityNumber, string? JourCaseId = null, string? Purpose = null);

internal sealed record CommissionDoneBody(int? MinutesSpent);

internal sealed record MunicipalityChangeBody(string? MunicipalityCode, string? Reason);

/// <summary>Contacts and cases (intake), look-ups, emergency-opening follow-up and the access log.</summary>
internal static class LookupEndpoints
{
    public static void MapLookupApi(this WebApplication app)
    {
        var work = app.MapGroup("/api").RequireAuthorization(Policies.ClientWork);

        work.MapPost("/contacts", async (ContactRegistration? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (body is null)
            {
                return Problem(400, "Uppgifter saknas", "Skicka kontakten som JSON.");
            }

            var registered = await intake.RegisterContactAsync(body, UserId(user), ct);
            return Results.Created($"/api/contacts/{registered.ContactId}", registered);
        }).WithSummary("Register a contact; one jour case is opened per person concerned");

        work.MapPost("/identity-checks", async (IdentityBody? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.CheckIdentityAsync(new IdentityCheckRequest(body?.IdentityNumber, body?.JourCaseId, body?.Purpose), UserId(user), ct)))
            .WithSummary("Check an identity number against the population register: name, age, home municipality, protected identity. For a person of an open case (jourCaseId) " +
                "or of a contact being registered (purpose \"Registrering av kontakt\"); in the access log. POST so the number never appears in a URL");
        work.MapGet("/cases/{id}/persons", async (string id, IIntakeModule intake, CancellationToken ct) => Results.Ok(await intake.CasePersonsAsync(id, ct)))
            .WithSummary("The persons a look-up from the case may concern: its person, the other persons of its contact, its related parties");
        work.MapPost("/cases/{id}/related-parties", async (string id, RelatedPartyInput? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            body is null ? Problem(400, "Uppgifter saknas", "Skicka identityNumber, role och reason som JSON.") : Results.Ok(await intake.AddRelatedPartyAsync(id, body, UserId(user), ct)))
            .WithSummary("Add a related party (parent, partner, suspected perpetrator, …) to an open case with a reason (audit-logged); look-ups from the case may then concern the person");
        work.MapGet("/lookup-purposes", (IMunicipalityRegistry registry) => Results.Ok(registry.Current.LookupPurposes))
            .WithSummary("The configured purposes a look-up may be made for");

        work.MapGet("/cases", async (IIntakeModule intake, CancellationToken ct) => Results.Ok(await intake.OpenCasesAsync(ct)))
            .WithSummary("Open jour cases, children first");

        work.MapGet("/cases/{id}", async (string id, IIntakeModule intake, CancellationToken ct) =>
            await intake.FindCaseAsync(id, ct) is { } c ? Results.Ok(c) : Problem(404, "Okänt ärende", $"Ärendet {id} finns inte."))
            .WithSummary("One jour case");

        work.MapPost("/cases/{id}/close", async (string id, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.CloseCaseAsync(id, UserId(user), ct)))
            .WithSummary("Close a jour case");

        work.MapPost("/cases/{id}/municipality", async (string id, MunicipalityChangeBody? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.ChangeMunicipalityAsync(id, body?.MunicipalityCode, body?.Reason, UserId(user), ct)))
            .WithSummary("Move a case to another home municipality, with a reason (logged); a non-member makes the case referred");
        work.MapPost("/cases/{id}/callback", async (string id, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.RecordCallbackAsync(id, UserId(user), ct)))
            .WithSummary("The person has been called back (target 30 minutes after receipt)");
        work.MapPost("/cases/{id}/visit-decision", async (string id, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.DecideVisitAsync(id, UserId(user), ct)))
            .WithSummary("A visit is needed: the 2-hour on-site timer starts");
        work.MapPost("/cases/{id}/on-site", async (string id, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.RecordOnSiteAsync(id, UserId(user), ct)))
            .WithSummary("The jour is on site");
        work.MapGet("/cases/{id}/notices", async (string id, IIntakeModule intake, CancellationToken ct) =>
            Results.Ok(await intake.CaseNoticesAsync(id, ct)))
            .WithSummary("Active notices about the case's person, unacknowledged first");
        work.MapPost("/cases/{id}/notices/{noticeId:long}/acknowledge", async (string id, long noticeId, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.AcknowledgeNoticeAsync(id, noticeId, UserId(user), ct)))
            .WithSummary("Acknowledge a notice for a case (logged)");
        work.MapGet("/timer-breaches", async (IIntakeModule intake, CancellationToken ct) => Results.Ok(await intake.TimerBreachesAsync(ct)))
            .WithSummary("Missed callback and on-site targets");
        work.MapPost("/commissions", async (CommissionOrder? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            body is null ? Problem(400, "Uppgifter saknas", "Skicka uppdraget som JSON.") : Results.Ok(await intake.RegisterCommissionAsync(body, UserId(user), ct)))
            .WithSummary("Register a commission (uppdrag) ordered by a member municipality");
        work.MapGet("/commissions", async (bool? all, IIntakeModule intake, CancellationToken ct) => Results.Ok(await intake.CommissionsAsync(all != true, ct)))
            .WithSummary("Open commissions (all=true: also those done)");
        work.MapPost("/commissions/{id:long}/done", async (long id, CommissionDoneBody? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await intake.CompleteCommissionAsync(id, body?.MinutesSpent, UserId(user), ct)))
            .WithSummary("Mark a commission done, with the minutes spent");
        work.MapPost("/notices", async (NoticeRegistration? body, IIntakeModule intake, ClaimsPrincipal user, CancellationToken ct) =>
            body is null ? Problem(400, "Uppgifter saknas", "Skicka aviseringen som JSON.") : Results.Ok(await intake.RegisterNoticeAsync(body, UserId(user), ct)))
            .WithSummary("Register a notice (avisering) from a municipality about a person");
        work.MapGet("/notices", async (IIntakeModule intake, CancellationToken ct) => Results.Ok(await intake.ActiveNoticesAsync(ct)))
            .WithSummary("Notices valid today");

        work.MapPost("/lookups", async (LookupBody? body, IClientLookup lookup, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (body is null)
            {
                return Problem(400, "Uppgifter saknas", "Skicka identitetsnummer och jourärende med syfte, eller nödöppning med skäl.");
            }

            return Results.Ok(await lookup.LookupAsync(
                new LookupRequest(UserId(user), body.IdentityNumber, body.JourCaseId, body.Purpose, body.EmergencyReason, body.EmergencyOpeningId, body.PurposeText), ct));
        }).WithSummary("Look a person up in every member municipality's journal system (bound to an open case and purpose, or an emergency opening)");

        work.MapPost("/lookups/{id}/reveal", async (string id, ReasonBody? body, IClientLookup lookup, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await lookup.RevealAsync(id, UserId(user), body?.Reason, ct)))
            .WithSummary("Open hidden address data of your own recent look-up, with a reason (logged)");

        var followUp = app.MapGroup("/api/emergency-openings").RequireAuthorization(Policies.FollowUp);
        followUp.MapGet("", async (bool? all, IClientLookup lookup, CancellationToken ct) =>
            Results.Ok((await lookup.EmergencyOpeningsAsync(all != true, ct)).Select(MaskedOpening)))
            .WithSummary("Emergency openings awaiting the unit manager's follow-up (all=true: every opening)");
        followUp.MapPost("/{id}/review", async (string id, ReviewBody? body, IClientLookup lookup, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(MaskedOpening(await lookup.ReviewEmergencyOpeningAsync(id, UserId(user), body?.Note, ct))))
            .WithSummary("Mark an emergency opening as reviewed");

        app.MapGet("/api/access-log/jour", async (string? from, string? to, IAccessLog accessLog, IAuditLog audit, IMunicipalityRegistry registry, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (!TryDate(from, out var fromDate) || !TryDate(to, out var toDate) || toDate < fromDate)
            {
                return Problem(400, "Ogiltig period", "Ange from och to som ÅÅÅÅ-MM-DD, med to på eller efter from.");
            }

            var zone = registry.Current.Jour.TimeZone;
            var entries = await accessLog.ForPeriodAsync(null, StartOf(fromDate, zone), StartOf(toDate.AddDays(1), zone), ct);
            await audit.AppendAsync(UserId(user), "access-log.followed-up", "jour", $"{fromDate:yyyy-MM-dd}..{toDate:yyyy-MM-dd}: {entries.Count}", CancellationToken.None);
            return Results.Ok(entries.Select(e => new
            {
                e.Sequence, e.At, Kind = e.Kind.ToString(), e.UserId, e.PersonId, e.JourCaseId, e.Purpose, e.Reason,
                Sources = e.Sources.Select(s => new { s.MunicipalityCode, Status = s.Status.ToString() }).ToList(),
            }));
        }).RequireAuthorization(Policies.FollowUp)
            .WithSummary("The jour's own follow-up: every access-log entry in a period (look-ups, openings, register checks), whatever the municipalities answered");

        var log = app.MapGroup("/api/access-log").RequireAuthorization(Policies.AccessLog);
        log.MapGet("", async (string? municipality, string? from, string? to, string? format, IAccessLog accessLog, IAuditLog audit,
            IMunicipalityRegistry registry, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var configuration = registry.Current;
            if (!string.IsNullOrWhiteSpace(municipality) && !ApiCodes.TryCode(municipality, "municipality", out _, out var bad))
            {
                return bad;
            }

            if (string.IsNullOrWhiteSpace(municipality) || configuration.Find(municipality) is not { } m)
            {
                return Problem(400, "Okänd kommun", $"Ange kommunkod för en av jourens kommuner{(string.IsNullOrWhiteSpace(municipality) ? "" : $" ({municipality} finns inte)")}.");
            }

            if (!TryDate(from, out var fromDate) || !TryDate(to, out var toDate) || toDate < fromDate)
            {
                return Problem(400, "Ogiltig period", $"Ange from och to som ÅÅÅÅ-MM-DD {ApiDates.Window}, med to på eller efter from.");
            }

            var zone = configuration.Jour.TimeZone;
            var entries = await accessLog.ForPeriodAsync(m.Code, StartOf(fromDate, zone), StartOf(toDate.AddDays(1), zone), ct);
            await audit.AppendAsync(UserId(user), "access-log.exported", m.Code, $"{fromDate:yyyy-MM-dd}..{toDate:yyyy-MM-dd}: {entries.Count}", CancellationToken.None);
            if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            {
                return Results.File(AccessLogCsv.Write(entries, m.Code, zone), "text/csv; charset=utf-8", $"atkomstlogg-{m.Code}-{fromDate:yyyyMMdd}-{toDate:yyyyMMdd}.csv");
            }

            return Results.Ok(entries.Select(e => new
            {
                e.Sequence, e.At, Kind = e.Kind.ToString(), e.UserId, PersonId = e.PersonId, e.JourCaseId, e.Purpose, e.Reason,
                Status = e.Sources.First(s => s.MunicipalityCode == m.Code).Status.ToString(),
                Asked = e.Sources.Select(s => s.MunicipalityCode).ToList(),
            }));
        }).WithSummary("Look-ups into one municipality's records in a period (from/to inclusive, local dates); format=csv for a file");

        log.MapGet("/verification", async (IChainVerifier verifier, CancellationToken ct) => Results.Ok(await verifier.LatestAsync(ct)))
            .WithSummary("The latest verification of the audit and access logs");
        log.MapPost("/verify", async (IChainVerifier verifier, CancellationToken ct) => Results.Ok(await verifier.VerifyAllAsync(ct)))
            .WithSummary("Verify the audit and access logs now");
    }

    internal static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? throw new InvalidOperationException("Inloggad användare saknar namn");

    internal static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    internal static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) => JourClock.ToInstant(day, TimeOnly.MinValue, zone);

    /// <summary>A date yyyy-MM-dd within <see cref="ApiDates.Window"/>.</summary>
    internal static bool TryDate(string? text, out DateOnly date) => ApiDates.TryDate(text, out date);

    private static object MaskedOpening(EmergencyOpeningRecord o) => new
    {
        o.Id, o.UserId, PersonId = IdentityNumber.Format(o.PersonId), o.Reason, o.OpenedAt, o.ExpiresAt, o.ReviewedBy, o.ReviewedAt, o.ReviewNote,
    };
}
