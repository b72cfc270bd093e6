using System.Globalization;
using System.Security.Claims;
using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;

namespace SocialJour.Host.Api;

/// <summary>
/// The logs as verifiable logs (ADR 0013): signed tree heads, inclusion and consistency proofs, the public key, and the head
/// handed to a municipality with its access-log extract. Unit managers and IT administrators; the municipalities get the
/// heads through their publication folder and with each extract (docs/security.md).
/// </summary>
internal static class TransparencyEndpoints
{
    /// <summary>The response header that carries the signed head covering an access-log extract.</summary>
    public const string TreeHeadHeader = "SocialJour-Tree-Head";

    public static void MapTransparencyApi(this WebApplication app)
    {
        var t = app.MapGroup("/api/transparency").RequireAuthorization(Policies.AccessLog).WithTags("Access log");

        t.MapGet("/public-key", (ITransparencyLog transparency) => transparency.Key is { } key
                ? Results.Text(key.PublicKeyPem, "application/x-pem-file")
                : Problem(404, "Ingen nyckel", "Ingen signeringsnyckel är konfigurerad (SocialJour:Transparency:SigningKey).", null))
            .WithSummary("The public key (PEM, ECDSA P-256) that verifies every signed tree head")
            .WithName("getTransparencyPublicKey").Produces<string>(StatusCodes.Status200OK, "application/x-pem-file");

        t.MapGet("/{log}/sth", (string log, ITransparencyLog transparency, CancellationToken ct) => Guard(async () =>
                Results.Ok(await transparency.LatestHeadAsync(log, ct) ?? await transparency.SignHeadAsync(log, ct))))
            .WithSummary("The latest signed tree head of a log (access or audit)")
            .WithName("getSignedTreeHead").Produces<SignedTreeHead>().ProducesProblem(StatusCodes.Status409Conflict);

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

        t.MapGet("/access/entries/{sequence}", (string sequence, string? municipality, string? treeSize, ITransparencyLog transparency,
                IMunicipalityRegistry registry, CancellationToken ct) => Guard(async () =>
            {
                var seq = Number(sequence, "sequence");
                var code = Municipality(municipality, registry);
                var entry = await transparency.AccessEntryAsync(seq, code, ct)
                    ?? throw new TransparencyException($"Post {seq} frågade inte kommun {code}s journalsystem.", "municipality", notFound: true);
                SignedTreeHead head;
                if (treeSize is null)
                {
                    head = await transparency.HeadCoveringAsync(TransparencyLogs.Access, seq, ct);
                }
                else
                {
                    var size = Number(treeSize, "treeSize");
                    head = await transparency.LatestHeadAsync(TransparencyLogs.Access, ct) is { } h && h.TreeSize == size
                        ? h
                        : throw new TransparencyException($"Ange treeSize från ett trädhuvud kommunen har; det senaste har {(await transparency.LatestHeadAsync(TransparencyLogs.Access, ct))?.TreeSize ?? 0}.", "treeSize");
                }

                var proof = await transparency.InclusionProofAsync(TransparencyLogs.Access, seq, head.TreeSize, ct);
                return Results.Ok(new AccessEntryProof(head, entry, proof));
            }))
            .WithSummary("One access-log entry as the municipality checks it (its own answer opened, others as commitments), with a signed head and the audit path; `socialjour audit-verify --entry` checks it offline")
            .WithName("getAccessEntryProof").Produces<AccessEntryProof>().ProducesProblem(StatusCodes.Status409Conflict);

        app.MapGet("/api/access-log/head", (string? municipality, ITransparencyLog transparency, IAuditLog audit, IMunicipalityRegistry registry,
                ClaimsPrincipal user, CancellationToken ct) => Guard(async () =>
            {
                var code = Municipality(municipality, registry);
                var head = await transparency.HeadCoveringAsync(TransparencyLogs.Access, await transparency.SizeAsync(TransparencyLogs.Access, ct), ct);
                await transparency.PublishToAsync(code, head, ct);
                await audit.AppendAsync(LookupEndpoints.UserId(user), "transparency.head-handed-over", code, $"{head.Log} {head.TreeSize} {head.RootHash}", CancellationToken.None);
                return Results.Ok(head);
            }))
            .RequireAuthorization(Policies.AccessLog)
            .WithSummary("The signed head of the access log to hand to a municipality with its extract (also written to its publication folder)")
            .WithName("getAccessLogHeadForMunicipality").WithTags("Access log").Produces<SignedTreeHead>().ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Every successful access-log extract carries the signed head that covers it in a response header.</summary>
    public static void UseTreeHeadOnAccessLogExtracts(this WebApplication app) => app.Use(async (ctx, next) =>
    {
        if (HttpMethods.IsGet(ctx.Request.Method) && ctx.Request.Path.Equals("/api/access-log", StringComparison.Ordinal))
        {
            var transparency = ctx.RequestServices.GetRequiredService<ITransparencyLog>();
            var size = await transparency.SizeAsync(TransparencyLogs.Access, ctx.RequestAborted);
            ctx.Response.OnStarting(async () =>
            {
                if (ctx.Response.StatusCode == StatusCodes.Status200OK && transparency.Key is not null)
                {
                    try
                    {
                        var head = await transparency.HeadCoveringAsync(TransparencyLogs.Access, size, CancellationToken.None);
                        ctx.Response.Headers[TreeHeadHeader] = head.ToJson();
                    }
                    catch (TransparencyException)
                    {
                        // No head is signed over a log that fails verification (logged as an error, shown on the start page);
                        // the extract goes without one, which the municipality notices.
                    }
                }
            });
        }

        await next(ctx);
    });

    /// <summary>
    /// The signing key and publication folder from SocialJour:Transparency; the key is a secret reference (file: or env:).
    /// Without a configured folder, heads are published to <paramref name="defaultFolder"/> (SQLite: "published" in the data folder).
    /// </summary>
    public static TransparencyOptions ReadOptions(IConfiguration configuration, string contentRoot, string? defaultFolder = null)
    {
        const string KeySetting = "SocialJour:Transparency:SigningKey";
        var reference = configuration[KeySetting] is { Length: > 0 } r ? r : throw new InvalidOperationException($"Inställningen {KeySetting} saknas");
        var pem = new SecretResolver(contentRoot).Resolve(reference);
        var folder = configuration["SocialJour:Transparency:PublicationDirectory"] is { Length: > 0 } f ? Path.GetFullPath(Path.Combine(contentRoot, f)) : defaultFolder;
        return new TransparencyOptions(pem, folder);
    }

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
