using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;
using SocialJour.Core.Identity;
using SocialJour.Core.Security;
using SocialJour.Modules.Lookup.Contracts;
using static SocialJour.Modules.Lookup.Endpoints.LookupApi;

namespace SocialJour.Modules.Lookup.Endpoints;

internal sealed record LookupBody(string? IdentityNumber, string? JourCaseId, string? Purpose, string? EmergencyReason, string? EmergencyOpeningId, string? PurposeText = null);

internal sealed record ReasonBody(string? Reason);

internal sealed record ReviewBody(string? Note);

/// <summary>An emergency opening as the follow-up sees it: the identity number formatted (yyyyMMdd-nnnn).</summary>
internal sealed record EmergencyOpeningDto(string Id, string UserId, string PersonId, string Reason, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewNote);

internal sealed record AccessSourceDto(string MunicipalityCode, string Status);

/// <summary>One access-log entry in the jour's own follow-up: every municipality asked, with its answer.</summary>
internal sealed record JourAccessEntryDto(long Sequence, DateTimeOffset At, string Kind, string UserId, string? UserName, string PersonId, string? JourCaseId, string Purpose, string? Reason, IReadOnlyList<AccessSourceDto> Sources);

/// <summary>One access-log entry in a municipality's extract: its own answer, and which municipalities were asked.</summary>
internal sealed record MunicipalityAccessEntryDto(long Sequence, DateTimeOffset At, string Kind, string UserId, string? UserName, string PersonId, string? JourCaseId, string Purpose, string? Reason, string Status, IReadOnlyList<string> Asked);

/// <summary>
/// A municipality's access-log extract as evidence (docs/transparency.md §5): the head it is checked against, every entry of
/// the extract that head covers with its audit path, and the sequences of the entries it does not cover yet.
/// </summary>
internal sealed record AccessExtractEvidence(string Format, string Municipality, string From, string To, SignedTreeHead Head,
    IReadOnlyList<AccessEntryWithPath> Entries, IReadOnlyList<long> NotYetCovered)
{
    public const string FormatName = "socialjour/access-extract-evidence/v1";
}

/// <summary>Look-ups, emergency-opening follow-up and the access log (intake's contacts and cases: the module's own IntakeEndpoints).</summary>
internal static class LookupEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var work = app.MapGroup("/api").RequireAuthorization(Policies.ClientWork).WithTags("Lookup");

        work.MapGet("/lookup-purposes", (IMunicipalityRegistry registry) => Results.Ok(registry.Current.LookupPurposes))
            .WithSummary("The configured purposes a look-up may be made for")
            .WithName("listLookupPurposes").Produces<List<string>>();

        work.MapPost("/lookups", async (LookupBody? body, IClientLookup lookup, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (body is null)
            {
                return Problem(400, "Uppgifter saknas", "Skicka identitetsnummer och jourärende med syfte, eller nödöppning med skäl.");
            }

            return Results.Ok(await lookup.LookupAsync(
                new LookupRequest(UserId(user), body.IdentityNumber, body.JourCaseId, body.Purpose, body.EmergencyReason, body.EmergencyOpeningId, body.PurposeText), ct));
        }).WithSummary("Look a person up in every member municipality's journal system (bound to an open case and purpose, or an emergency opening)")
            .WithName("lookUpPerson").Produces<LookupResult>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        work.MapPost("/lookups/{id}/reveal", async (string id, ReasonBody? body, IClientLookup lookup, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await lookup.RevealAsync(id, UserId(user), body?.Reason, ct)))
            .WithSummary("Open hidden address data of your own recent look-up, with a reason (logged)")
            .WithName("revealLookup").Produces<LookupResult>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        work.MapPost("/lookups/{id}/retry", async (string id, IClientLookup lookup, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await lookup.RetryMissingAsync(id, UserId(user), ct)))
            .WithSummary("Ask again only the municipalities that did not answer your recent look-up (same person, case and purpose; logged as a new access naming only them); the whole answer under a new id")
            .WithName("retryLookup").Produces<LookupResult>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        work.MapGet("/cases/{caseId}/lookup", async (string caseId, IClientLookup lookup, ClaimsPrincipal user, CancellationToken ct) =>
            await lookup.RecentForCaseAsync(caseId, UserId(user), null, ct) is { } result
                ? Results.Ok(result)
                : Problem(404, "Inget uppslag", $"Du har inget uppslag från ärendet de senaste 15 minuterna. Gör ett uppslag från ärendet."))
            .WithSummary("Your newest look-up from the case that is still kept (15 minutes), as it was shown: attached to the case however it is reached")
            .WithName("getCaseLookup").Produces<LookupResult>().ProducesProblem(StatusCodes.Status404NotFound);

        var followUp = app.MapGroup("/api/emergency-openings").RequireAuthorization(Policies.FollowUp).WithTags("Lookup");
        followUp.MapGet("", async (bool? all, IClientLookup lookup, CancellationToken ct) =>
            Results.Ok((await lookup.EmergencyOpeningsAsync(all != true, ct)).Select(MaskedOpening)))
            .WithSummary("Emergency openings awaiting the unit manager's follow-up (all=true: every opening)")
            .WithName("listEmergencyOpenings").Produces<List<EmergencyOpeningDto>>();
        followUp.MapPost("/{id}/review", async (string id, ReviewBody? body, IClientLookup lookup, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(MaskedOpening(await lookup.ReviewEmergencyOpeningAsync(id, UserId(user), body?.Note, ct))))
            .WithSummary("Mark an emergency opening as reviewed")
            .WithName("reviewEmergencyOpening").Produces<EmergencyOpeningDto>();

        app.MapGet("/api/access-log/jour", async (string? from, string? to, IClientLookup lookup, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (!TryDate(from, out var fromDate) || !TryDate(to, out var toDate) || toDate < fromDate)
            {
                return Problem(400, "Ogiltig period", "Ange from och to som ÅÅÅÅ-MM-DD, med to på eller efter from.");
            }

            var (entries, names) = await lookup.AccessLogAsync(new AccessLogExtractRequest(UserId(user), null, fromDate, toDate, AccessLogReading.JourFollowUp), ct);
            return Results.Ok(entries.Select(e => new JourAccessEntryDto(e.Sequence, e.At, e.Kind.ToString(), e.UserId, names.GetValueOrDefault(e.Sequence), e.PersonId, e.JourCaseId, e.Purpose, e.Reason,
                e.Sources.Select(s => new AccessSourceDto(s.MunicipalityCode, s.Status.ToString())).ToList())));
        }).RequireAuthorization(Policies.FollowUp)
            .WithSummary("The jour's own follow-up: every access-log entry in a period (look-ups, openings, register checks), whatever the municipalities answered")
            .WithName("listJourAccessLog").WithTags("Access log").Produces<List<JourAccessEntryDto>>();

        var log = app.MapGroup("/api/access-log").RequireAuthorization(Policies.AccessLog).WithTags("Access log");
        log.MapGet("", async (string? municipality, string? from, string? to, string? format, string? treeSize, IClientLookup lookup, AccessLogExtracts extracts,
            IMunicipalityRegistry registry, ITransparencyLog transparency, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var configuration = registry.Current;
            if (string.IsNullOrWhiteSpace(municipality))
            {
                municipality = Audience.Of(user).Municipality;
            }

            if (!string.IsNullOrWhiteSpace(municipality) && !TryCode(municipality, "municipality", out var bad))
            {
                return bad;
            }

            if (string.IsNullOrWhiteSpace(municipality) || configuration.Find(municipality) is not { } m)
            {
                return Problem(400, "Okänd kommun", $"Ange kommunkod för en av jourens kommuner{(string.IsNullOrWhiteSpace(municipality) ? "" : $" ({municipality} finns inte)")}.");
            }

            if (!DisclosurePolicy.MayReadAccessLogOf(Audience.Of(user), m.Code))
            {
                return Results.Problem(statusCode: 403, title: "Fel kommun för klienten",
                    detail: $"Klienten är bunden till kommun {Audience.Of(user).Municipality} och får bara läsa dess utdrag, inte kommun {m.Code}s.");
            }

            var evidence = string.Equals(format, "evidence", StringComparison.OrdinalIgnoreCase);
            if (!TryDate(from, out var fromDate) || !TryDate(to, out var toDate) || toDate < fromDate)
            {
                return Problem(400, "Ogiltig period", $"Ange from och to som ÅÅÅÅ-MM-DD {DateWindow}, med to på eller efter from.");
            }

            SignedTreeHead? head = null;
            if (evidence)
            {
                try
                {
                    head = await TransparencyEndpoints.HeadFor(transparency, 0, treeSize, ct);
                }
                catch (TransparencyException e)
                {
                    return Results.Problem(statusCode: e.NotFound ? 404 : e.Field is null ? 409 : 400, title: "Beviset kan inte ges", detail: e.Message,
                        extensions: e.Field is null ? null : new Dictionary<string, object?> { ["field"] = e.Field });
                }
            }

            var zone = configuration.Jour.TimeZone;
            var (entries, names) = await lookup.AccessLogAsync(new AccessLogExtractRequest(UserId(user), m.Code, fromDate, toDate, AccessLogReading.Export), ct);
            if (head is not null)
            {
                // Each entry with what the municipality needs to rebuild its leaf and check it against a head it holds
                // (docs/transparency.md); entries after the head wait for the next one.
                var proven = await extracts.EvidenceAsync(entries.Select(e => e.Sequence).ToList(), m.Code, head, ct);
                return Results.Ok(new AccessExtractEvidence(AccessExtractEvidence.FormatName, m.Code, $"{fromDate:yyyy-MM-dd}", $"{toDate:yyyy-MM-dd}", head,
                    proven, entries.Where(e => e.Sequence > head.TreeSize).Select(e => e.Sequence).ToList()));
            }

            if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            {
                return Results.File(AccessLogCsv.Write(entries, names, m.Code, zone), "text/csv; charset=utf-8", $"atkomstlogg-{m.Code}-{fromDate:yyyyMMdd}-{toDate:yyyyMMdd}.csv");
            }

            return Results.Ok(entries.Select(e => new MunicipalityAccessEntryDto(e.Sequence, e.At, e.Kind.ToString(), e.UserId, names.GetValueOrDefault(e.Sequence), e.PersonId, e.JourCaseId, e.Purpose, e.Reason,
                e.Sources.First(s => s.MunicipalityCode == m.Code).Status.ToString(), e.Sources.Select(s => s.MunicipalityCode).ToList())));
        }).WithSummary("Look-ups into one municipality's records in a period (from/to inclusive, local dates); format=csv for a file; format=evidence for each entry with its leaf's content, the municipality's own salt and the audit path to a signed head (the latest, or the one of `treeSize` entries), docs/transparency.md")
            .WithName("getMunicipalityAccessLog").Produces<List<MunicipalityAccessEntryDto>>(StatusCodes.Status200OK, "application/json", "text/csv")
            .Produces<AccessExtractEvidence>(StatusCodes.Status200OK)
            .WithTreeHeads();

        log.MapGet("/verification", async (IChainVerifier verifier, CancellationToken ct) => Results.Ok(await verifier.LatestAsync(ct)))
            .WithSummary("The latest verification of the audit and access logs")
            .WithName("getLogVerification").Produces<List<ChainCheck>>();
        log.MapPost("/verify", async (IChainVerifier verifier, CancellationToken ct) => Results.Ok(await verifier.VerifyAllAsync(ct)))
            .WithSummary("Verify the audit and access logs now")
            .WithName("verifyLogs").Produces<List<ChainCheck>>();
    }

    private static EmergencyOpeningDto MaskedOpening(EmergencyOpeningRecord o) =>
        new(o.Id, o.UserId, IdentityNumber.Format(o.PersonId), o.Reason, o.OpenedAt, o.ExpiresAt, o.ReviewedBy, o.ReviewedAt, o.ReviewNote);
}
