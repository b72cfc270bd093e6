using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;
using SocialJour.Core.Security;

namespace SocialJour.Modules.Lookup.Endpoints;

/// <summary>
/// The logs as verifiable logs (ADR 0013): signed tree heads, inclusion and consistency proofs, the public key, and the head
/// handed to a municipality with its access-log extract. Unit managers and IT administrators; the municipalities get the
/// heads through their publication folder and with each extract (docs/security.md).
/// </summary>
internal static class TransparencyEndpoints
{
    /// <summary>The response header that carries the signed head covering an access-log extract.</summary>
    public const string TreeHeadHeader = "SocialJour-Tree-Head";

    public static void Map(IEndpointRouteBuilder app)
    {
        var t = app.MapGroup("/api/transparency").RequireAuthorization(Policies.AccessLog).WithTags("Access log");

        t.MapGet("/public-key", (ITransparencyLog transparency) => transparency.Key is { } key
                ? Results.Text(key.PublicKeyPem, "application/x-pem-file")
                : Problem(404, "Ingen nyckel", "Ingen signeringsnyckel är konfigurerad (SocialJour:Transparency:SigningKey).", null))
            .WithSummary("The public key (PEM, ECDSA P-256) that verifies every signed tree head")
            .WithName("getTransparencyPublicKey").Produces<string>(StatusCodes.Status200OK, "application/x-pem-file");

        // A GET never signs, stores, publishes or audits a head (issue 23, 2b): signing is the hourly publication's work, or a POST by staff.
        t.MapGet("/{log}/sth", (string log, string? treeSize, ITransparencyLog transparency, CancellationToken ct) => Guard(async () =>
            {
                if (treeSize is not null)
                {
                    var size = Number(treeSize, "treeSize");
                    return Results.Ok(await transparency.HeadAsync(log, size, ct)
                        ?? throw new TransparencyException($"Inget signerat trädhuvud över {size} poster finns för {TransparencyLogs.SwedishName(log).ToLowerInvariant()}.", "treeSize", notFound: true));
                }

                return Results.Ok(await transparency.LatestHeadAsync(log, ct) ?? throw NoHeadYet(log));
            }))
            .WithSummary("The latest signed tree head of a log (access or audit), or the one of `treeSize` entries; never signs a new one (404 when none is signed)")
            .WithName("getSignedTreeHead").Produces<SignedTreeHead>().ProducesProblem(StatusCodes.Status404NotFound);

        t.MapPost("/{log}/sth", (string log, ITransparencyLog transparency, CancellationToken ct) => Guard(async () =>
                Results.Ok(await transparency.SignHeadAsync(log, ct))))
            .WithSummary("Sign a new tree head over the whole log now (refused if the log no longer matches an earlier head)")
            .WithName("signTreeHead").Produces<SignedTreeHead>().ProducesProblem(StatusCodes.Status409Conflict);

        t.MapGet("/{log}/proof/inclusion", (string log, string? sequence, string? treeSize, ITransparencyLog transparency, CancellationToken ct) => Guard(async () =>
                Results.Ok(await transparency.InclusionProofAsync(log, Number(sequence, "sequence"), Number(treeSize, "treeSize"), ct))))
            .WithSummary("RFC 6962 audit path: entry `sequence` is in the tree of `treeSize` entries")
            .WithName("getInclusionProof").Produces<InclusionProof>().ProducesProblem(StatusCodes.Status409Conflict);

        t.MapGet("/{log}/proof/consistency", (string log, string? from, string? to, ITransparencyLog transparency, CancellationToken ct) => Guard(async () =>
                Results.Ok(await transparency.ConsistencyProofAsync(log, Number(from, "from"), Number(to, "to"), ct))))
            .WithSummary("RFC 6962 consistency proof: the tree of `to` entries extends the tree of `from` entries")
            .WithName("getConsistencyProof").Produces<ConsistencyProof>().ProducesProblem(StatusCodes.Status409Conflict);

        t.MapGet("/access/entries/{sequence}", (string sequence, string? municipality, string? treeSize, ITransparencyLog transparency, AccessLogExtracts extracts,
                IMunicipalityRegistry registry, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct) => Bound(user, municipality, registry, code => Guard(async () =>
            {
                var seq = Number(sequence, "sequence");

                // The extract rule decides (the same as GET /api/access-log): an entry in which the municipality answered
                // "no records", or was not asked, is not in its extract and is not served; only its own salt is opened.
                var entry = await extracts.EntryAsync(seq, code, ct)
                    ?? throw new TransparencyException($"Post {seq} finns inte i kommun {code}s utdrag ur åtkomstloggen.", "sequence", notFound: true);
                var head = await HeadFor(transparency, seq, treeSize, ct);
                var proof = await transparency.InclusionProofAsync(TransparencyLogs.Access, seq, head.TreeSize, ct);

                // The same disclosure as the extract, recorded the same way.
                await audit.AppendAsync(LookupApi.UserId(user), "access-log.exported", code, $"post {seq}", CancellationToken.None);
                return Results.Ok(new AccessEntryProof(head, entry, proof));
            })))
            .WithSummary("One entry of a municipality's access-log extract as it checks it (its own answer and salt opened, others as commitments), with a signed head (the latest, or the one of `treeSize` entries the municipality holds) and the audit path; `socialjour audit-verify --entry` checks it offline")
            .WithName("getAccessEntryProof").Produces<AccessEntryProof>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        app.MapGet("/api/access-log/head", (string? municipality, string? treeSize, ITransparencyLog transparency, IMunicipalityRegistry registry,
                ClaimsPrincipal user, CancellationToken ct) => Bound(user, municipality, registry, _ => Guard(async () =>
                Results.Ok(treeSize is null
                    ? await transparency.LatestHeadAsync(TransparencyLogs.Access, ct) ?? throw NoHeadYet(TransparencyLogs.Access)
                    : await transparency.HeadAsync(TransparencyLogs.Access, Number(treeSize, "treeSize"), ct)
                        ?? throw new TransparencyException($"Inget signerat trädhuvud över {treeSize} poster finns för åtkomstloggen.", "treeSize", notFound: true)))))
            .RequireAuthorization(Policies.AccessLog)
            .WithSummary("The latest signed head of the access log (or the one of `treeSize` entries) for a municipality; reads only: it signs, publishes and records nothing")
            .WithName("getAccessLogHeadForMunicipality").WithTags("Access log").Produces<SignedTreeHead>().ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/access-log/head", (string? municipality, ITransparencyLog transparency, IAuditLog audit, IMunicipalityRegistry registry,
                ClaimsPrincipal user, CancellationToken ct) => Bound(user, municipality, registry, code => Guard(async () =>
            {
                var head = await transparency.HeadCoveringAsync(TransparencyLogs.Access, await transparency.SizeAsync(TransparencyLogs.Access, ct), ct);
                await transparency.PublishToAsync(code, head, ct);
                await audit.AppendAsync(LookupApi.UserId(user), "transparency.head-handed-over", code, $"{head.Log} {head.TreeSize} {head.RootHash}", CancellationToken.None);
                return Results.Ok(head);
            })))
            .RequireAuthorization(Policies.AccessLog)
            .WithSummary("Hand a municipality a head covering the whole access log now (signed if the latest does not cover it), written to its publication folder and recorded; staff only")
            .WithName("handOverAccessLogHead").WithTags("Access log").Produces<SignedTreeHead>().ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// Every successful access-log extract (GET /api/access-log) carries the signed head that covers it in a response header:
    /// the filter of that endpoint (until ADR 0032 a middleware of the host's on the same path).
    /// </summary>
    public static TBuilder WithTreeHeads<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(async (context, next) =>
    {
        var ctx = context.HttpContext;

        // The latest signed head, as stored: a GET signs nothing (issue 23, 2b). Entries after it are covered by the next
        // hourly publication; the evidence form (format=evidence) names them.
        var transparency = ctx.RequestServices.GetRequiredService<ITransparencyLog>();
        ctx.Response.OnStarting(async () =>
        {
            if (ctx.Response.StatusCode == StatusCodes.Status200OK && transparency.Key is not null
                && await transparency.LatestHeadAsync(TransparencyLogs.Access, CancellationToken.None) is { } head)
            {
                ctx.Response.Headers[TreeHeadHeader] = head.ToJson();
            }

            // The audit log's head too (issue 23 3c): what was approved and reviewed is checked against it.
            if (ctx.Response.StatusCode == StatusCodes.Status200OK && transparency.Key is not null
                && await transparency.LatestHeadAsync(TransparencyLogs.Audit, CancellationToken.None) is { } auditHead)
            {
                ctx.Response.Headers[TransparencyLogs.AuditHeadHeader] = auditHead.ToJson();
            }
        });

        return await next(context);
    });

    private static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (TransparencyException e)
        {
            return Problem(e.NotFound ? 404 : e.Field is null ? 409 : 400, "Beviset kan inte ges", e.Message, e.Field);
        }
    }

    /// <summary>
    /// The head an entry's proof is given against: the one of <paramref name="treeSize"/> entries if given (any head the
    /// municipality holds, issue 23, 3e), otherwise the latest; never a new one.
    /// </summary>
    internal static async Task<SignedTreeHead> HeadFor(ITransparencyLog transparency, long sequence, string? treeSize, CancellationToken ct)
    {
        SignedTreeHead head;
        if (treeSize is null)
        {
            head = await transparency.LatestHeadAsync(TransparencyLogs.Access, ct) ?? throw NoHeadYet(TransparencyLogs.Access);
        }
        else
        {
            var size = Number(treeSize, "treeSize");
            head = await transparency.HeadAsync(TransparencyLogs.Access, size, ct)
                ?? throw new TransparencyException($"Inget signerat trädhuvud över {size} poster finns för åtkomstloggen; ange treeSize från ett trädhuvud kommunen har (publicerat eller överlämnat).", "treeSize", notFound: true);
        }

        return head.TreeSize >= sequence
            ? head
            : throw new TransparencyException(
                $"Post {sequence} omfattas inte av trädhuvudet med {head.TreeSize} poster. {(treeSize is null ? "Nästa publicering (varje timme) omfattar den." : "Ange ett senare trädhuvud.")}",
                treeSize is null ? null : "treeSize");
    }

    internal static TransparencyException NoHeadYet(string log) =>
        new($"{TransparencyLogs.SwedishName(log)} har inget signerat trädhuvud ännu. Trädhuvuden signeras vid publiceringen varje timme, eller av enhetschef eller IT-administratör (POST /api/transparency/{log}/sth).", notFound: true);

    /// <summary>
    /// The municipality asked about, checked and bound to the caller: a known member code (a municipality-bound machine client
    /// may leave it out and gets its own), and a machine client only its own (403 otherwise).
    /// </summary>
    internal static async Task<IResult> Bound(ClaimsPrincipal user, string? municipality, IMunicipalityRegistry registry, Func<string, Task<IResult>> action)
    {
        string code;
        try
        {
            code = Municipality(string.IsNullOrWhiteSpace(municipality) ? Audience.Of(user).Municipality : municipality, registry);
        }
        catch (TransparencyException e)
        {
            return Problem(400, "Okänd kommun", e.Message, e.Field);
        }

        return DisclosurePolicy.MayReadAccessLogOf(Audience.Of(user), code)
            ? await action(code)
            : Problem(403, "Fel kommun för klienten", $"Klienten är bunden till kommun {Audience.Of(user).Municipality} och får bara läsa dess utdrag, trädhuvuden och poster, inte kommun {code}s.", "municipality");
    }

    private static long Number(string? text, string field) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new TransparencyException(text is null ? $"Ange {field} (ett heltal)." : $"{field} ska vara ett heltal, inte '{text}'.", field);

    private static string Municipality(string? code, IMunicipalityRegistry registry) =>
        !string.IsNullOrWhiteSpace(code) && !MunicipalityCode.TryParse(code, out _)
            ? throw new TransparencyException(MunicipalityCode.Malformed("municipality", code), "municipality")
            : !string.IsNullOrWhiteSpace(code) && registry.Current.Find(code) is { } m
            ? m.Code
            : throw new TransparencyException($"Ange kommunkod för en av jourens kommuner{(string.IsNullOrWhiteSpace(code) ? "" : $" ({code} finns inte)")}.", "municipality");

    private static IResult Problem(int status, string title, string detail, string? field) =>
        Results.Problem(statusCode: status, title: title, detail: detail, extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });
}
