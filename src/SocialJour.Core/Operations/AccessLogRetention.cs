using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Operations;

/// <summary>
/// How long access-log entries are kept (whole years; null: for ever) and where the entries past it are archived before
/// their content is deleted (ADR 0029). Read from <c>SocialJour:AccessLog:RetentionYears</c> / <c>ArchiveDirectory</c>.
/// </summary>
public sealed record AccessLogRetentionOptions(int? Years, string? ArchiveDirectory)
{
    public const string YearsSetting = "SocialJour:AccessLog:RetentionYears";
    public const string ArchiveSetting = "SocialJour:AccessLog:ArchiveDirectory";

    public static AccessLogRetentionOptions Off { get; } = new(null, null);

    /// <summary>Checks the two settings; a bad value is a Swedish <see cref="ValidationException"/> naming the setting.</summary>
    public static AccessLogRetentionOptions Parse(string? years, string? archiveDirectory)
    {
        if (string.IsNullOrWhiteSpace(years))
        {
            return Off;
        }

        if (!int.TryParse(years, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1 or > 100)
        {
            throw new ValidationException(YearsSetting, $"Inställningen {YearsSetting} ska vara ett helt antal år mellan 1 och 100, inte '{years}'.");
        }

        if (string.IsNullOrWhiteSpace(archiveDirectory))
        {
            throw new ValidationException(ArchiveSetting, $"Inställningen {ArchiveSetting} krävs när {YearsSetting} är satt: poster gallras aldrig utan att först arkiveras.");
        }

        return new AccessLogRetentionOptions(y, archiveDirectory);
    }
}

/// <summary>What the retention rule deletes now: entries <see cref="First"/>..<see cref="Last"/> (none when <see cref="Count"/> is 0).</summary>
public sealed record RetentionPlan(DateTimeOffset Cutoff, long AlreadyDeleted, long First, long Last)
{
    public long Count => Last >= First ? Last - First + 1 : 0;
}

/// <summary>A deletion by the retention rule: the plan carried out, the archive written and the head it is proven against.</summary>
public sealed record RetentionResult(RetentionPlan Plan, string? ArchivePath, string? ArchiveSha256, SignedTreeHead? Head);

/// <summary>
/// Access-log retention (ADR 0029). Entries older than the retention period are first archived — in full, with a proof that
/// ties them to a signed tree head — then their content is deleted; their time and leaf hash stay, so the Merkle tree, every
/// signed head already published and every proof for later entries stay valid. Only a run of entries from the start of
/// the log, all older than the cutoff, is deleted, and each deletion is recorded in the audit log, which the verification
/// reads: content deleted any other way is reported as a changed entry.
/// </summary>
public interface IAccessLogRetention
{
    AccessLogRetentionOptions Options { get; }

    Task<RetentionPlan> PlanAsync(int years, CancellationToken cancellationToken);

    /// <summary>
    /// Whether this process's database role may delete (blank) access-log content. Always on SQLite; on PostgreSQL only
    /// the owner role (the DBA set-up gives the hosts' runtime role no UPDATE or DELETE on the logs, ADR 0029).
    /// </summary>
    Task<bool> MayDeleteAsync(CancellationToken cancellationToken);

    /// <summary>Archives into <paramref name="archiveDirectory"/> and deletes what <see cref="PlanAsync"/> finds; recorded as <paramref name="actor"/>.</summary>
    Task<RetentionResult> ApplyAsync(int years, string archiveDirectory, string actor, CancellationToken cancellationToken);
}

internal sealed class AccessLogRetention(
    Func<CoreDbContext> contexts, ITransparencyLog transparency, IAuditLog audit, TimeProvider time, ILogger<AccessLogRetention> logger,
    AccessLogRetentionOptions options) : IAccessLogRetention
{
    public const string ArchiveFormat = "socialjour/access-log-archive/v1";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public AccessLogRetentionOptions Options => options;

    public async Task<RetentionPlan> PlanAsync(int years, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await PlanAsync(db, years, cancellationToken);
    }

    /// <summary>The content columns retention blanks; time, sequence and leaf hash are never changed.</summary>
    internal static readonly string[] ContentColumns = ["Kind", "UserId", "PersonId", "JourCaseId", "Purpose", "Reason", "LookupId", "Sources", "Salt"];

    public async Task<bool> MayDeleteAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await MayDeleteAsync(db, cancellationToken);
    }

    private static async Task<bool> MayDeleteAsync(CoreDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return true;
        }

        var columns = ContentColumns;
        return await db.Database.SqlQuery<bool>(
            $"SELECT COALESCE(bool_and(has_column_privilege('core.access_log', c, 'UPDATE')), false) AS \"Value\" FROM unnest({columns}) AS c")
            .SingleAsync(cancellationToken);
    }

    public async Task<RetentionResult> ApplyAsync(int years, string archiveDirectory, string actor, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = contexts();
            var plan = await PlanAsync(db, years, cancellationToken);
            if (plan.Count == 0)
            {
                return new RetentionResult(plan, null, null, null);
            }

            // Checked before anything is signed, archived or recorded: the audit log never records a retention the role
            // could not carry out (the hosts' runtime role cannot, by design: only the owner deletes, ADR 0029).
            if (!await MayDeleteAsync(db, cancellationToken))
            {
                throw new RetentionNotPermittedException(plan);
            }

            // The head first: it refuses to sign over a log that no longer matches an issued or published head, so nothing
            // is archived or deleted from a log that is already broken.
            SignedTreeHead head;
            try
            {
                head = await transparency.SignHeadAsync(TransparencyLogs.Access, cancellationToken);
            }
            catch (TransparencyException e)
            {
                throw new InvalidOperationException($"Åtkomstloggen gallras inte: {e.Message}", e);
            }

            var (path, sha) = await WriteArchiveAsync(db, plan, years, head, archiveDirectory, cancellationToken);

            // Recorded before the deletion: a crash between the two leaves a record and entries still present; the next run
            // deletes them under the same rule. The verification allows deleted content only up to a recorded Last.
            await audit.AppendAsync(actor, AccessLog.RetentionAction, $"{plan.First}-{plan.Last}",
                $"Gallrade {plan.Count} poster i åtkomstloggen äldre än {plan.Cutoff:yyyy-MM-dd HH:mm:ss} UTC ({years} år). {RedactionEvidence.ArchiveReference(path, sha)}. " +
                $"Bevisat mot trädhuvud storlek {head.TreeSize} rot {head.RootHash}.", cancellationToken);

            // The record is published (a signed audit head in every member's folder) before anything is deleted: a deletion
            // holds only when a signed head covers its record and its entries were older than the period at that head's
            // time (RedactionEvidence), which someone with only database access cannot produce (issue 23 3a).
            await transparency.PublishLogAsync(TransparencyLogs.Audit, cancellationToken);

            var cutoff = plan.Cutoff;
            var deleted = await db.AccessLog.Where(e => e.Sequence >= plan.First && e.Sequence <= plan.Last && e.At < cutoff && e.Kind != AccessLog.RedactedKind)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(e => e.Kind, AccessLog.RedactedKind)
                    .SetProperty(e => e.UserId, "")
                    .SetProperty(e => e.PersonId, "")
                    .SetProperty(e => e.JourCaseId, (string?)null)
                    .SetProperty(e => e.Purpose, "")
                    .SetProperty(e => e.Reason, (string?)null)
                    .SetProperty(e => e.LookupId, "")
                    .SetProperty(e => e.Sources, "")
                    .SetProperty(e => e.Salt, ""), cancellationToken);
            logger.LogInformation("Access log retention: {Count} entries {First}-{Last} older than {Cutoff:O} archived to {Archive} (sha256 {Sha}) and deleted",
                deleted, plan.First, plan.Last, plan.Cutoff, path, sha);

            // The moved boundary is signed into the next access head and published: the municipalities see it move. Signing
            // checks the deletion against its archive first (the archive must be in the configured folder).
            try
            {
                await transparency.PublishLogAsync(TransparencyLogs.Access, cancellationToken);
            }
            catch (TransparencyException e)
            {
                logger.LogError("Access log retention: the head with the new boundary was not signed: {Problem}", e.Message);
            }

            return new RetentionResult(plan, path, sha, head);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<RetentionPlan> PlanAsync(CoreDbContext db, int years, CancellationToken cancellationToken)
    {
        if (years < 1)
        {
            throw new ValidationException("years", "Gallringstiden ska vara minst 1 år.");
        }

        var cutoff = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().AddYears(-years).ToUnixTimeMilliseconds());
        var already = await db.AccessLog.Where(e => e.Kind == AccessLog.RedactedKind).MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;

        // Sequence order is commit order; two hosts can commit a few milliseconds out of time order, so the run stops at the
        // first entry that is not past the cutoff: nothing younger is ever deleted.
        var firstKept = await db.AccessLog.Where(e => e.Sequence > already && e.At >= cutoff).MinAsync(e => (long?)e.Sequence, cancellationToken);
        var last = firstKept is { } k ? k - 1 : await db.AccessLog.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
        return new RetentionPlan(cutoff, already, already + 1, last);
    }

    private async Task<(string Path, string Sha256)> WriteArchiveAsync(CoreDbContext db, RetentionPlan plan, int years, SignedTreeHead head, string directory, CancellationToken cancellationToken)
    {
        var earlier = await db.AccessLog.AsNoTracking().Where(e => e.Sequence <= plan.AlreadyDeleted).OrderBy(e => e.Sequence).Select(e => e.LeafHash).ToListAsync(cancellationToken);
        var entries = await db.AccessLog.AsNoTracking().Where(e => e.Sequence >= plan.First && e.Sequence <= plan.Last).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var archived = new List<ArchivedAccessEntry>(entries.Count);
        foreach (var e in entries)
        {
            var recomputed = Convert.ToHexStringLower(AccessLog.LeafOf(e));
            if (!string.Equals(recomputed, e.LeafHash, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Åtkomstloggen gallras inte: post {e.Sequence} har ändrats efter att den skrevs. Kör socialjour audit-verify.");
            }

            var evidence = AccessLog.EvidenceFor(e, null);
            var salt = Convert.FromHexString(e.Salt);
            archived.Add(new ArchivedAccessEntry(e.Sequence, e.At.ToUnixTimeMilliseconds(), e.Kind, e.UserId, e.PersonId, e.JourCaseId, e.Purpose, e.Reason, e.LookupId,
                evidence.Sources.Select(s => new SourceCommitment(s.MunicipalityCode, s.Commitment,
                    e.Sources.Split(';').Select(x => x.Split('=')).First(x => x[0] == s.MunicipalityCode)[1],
                    Convert.ToHexStringLower(LogEncoding.SourceSalt(salt, s.MunicipalityCode)))).ToList(),
                e.LeafHash));
        }

        var proof = plan.Last < head.TreeSize
            ? (await transparency.ConsistencyProofAsync(TransparencyLogs.Access, plan.Last, head.TreeSize, cancellationToken)).Proof
            : [];
        var archive = new AccessLogArchive(ArchiveFormat, time.GetUtcNow(), years, plan.Cutoff, plan.First, plan.Last, earlier, head, proof,
            transparency.Key?.PublicKeyPem, archived);

        Directory.CreateDirectory(directory);
        var path = Path.Combine(Path.GetFullPath(directory), $"access-log-{plan.First:D10}-{plan.Last:D10}.json");
        var temporary = path + ".tmp";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(archive, AccessLogArchive.Json);
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await file.WriteAsync(bytes, cancellationToken);
            file.Flush(flushToDisk: true); // on disk before any content is deleted
        }

        File.Move(temporary, path, overwrite: true);
        return (path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}

/// <summary>The database role may not delete access-log content (the hosts' runtime role on PostgreSQL): run it as the owner.</summary>
public sealed class RetentionNotPermittedException(RetentionPlan plan) : InvalidOperationException(
    $"Åtkomstloggen gallras inte: databasrollen får inte ändra åtkomstloggen (så ska värdarnas körroll vara). {plan.Count} poster ({plan.First}–{plan.Last}) " +
    $"är äldre än {plan.Cutoff:yyyy-MM-dd HH:mm} UTC; gallra dem med socialjour access-log-retention --apply yes och ägarrollens anslutning.")
{
    public RetentionPlan Plan { get; } = plan;
}

/// <summary>One archived access entry: every field, each asked municipality's answer with the salt that opens its commitment.</summary>
public sealed record ArchivedAccessEntry(
    long Sequence, long AtUnixMilliseconds, string Kind, string UserId, string PersonId, string? JourCaseId, string Purpose, string? Reason, string LookupId,
    IReadOnlyList<SourceCommitment> Sources, string LeafHash);

/// <summary>
/// The archive of entries deleted by the retention rule (ADR 0029): entries <see cref="First"/>..<see cref="Last"/> in full,
/// the leaf hashes of the entries deleted before, the signed head and a consistency proof from the tree of <see cref="Last"/>
/// entries to it. Checking needs nothing but this file and the public key: recompute every leaf, the root of the first
/// <see cref="Last"/> entries, and the proof to the signed head.
/// </summary>
public sealed record AccessLogArchive(
    string Format, DateTimeOffset CreatedAt, int RetentionYears, DateTimeOffset Cutoff, long First, long Last,
    IReadOnlyList<string> EarlierLeafHashes, SignedTreeHead Head, IReadOnlyList<string> ConsistencyProof, string? PublicKeyPem,
    IReadOnlyList<ArchivedAccessEntry> Entries)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static AccessLogArchive Read(string path) => Parse(File.ReadAllBytes(path));

    public static AccessLogArchive Parse(byte[] json) =>
        JsonSerializer.Deserialize<AccessLogArchive>(json, Json) is { Entries: not null, EarlierLeafHashes: not null, Head: not null } archive
            ? archive
            : throw new InvalidDataException("filen är inget gallringsarkiv");

    /// <summary>Null when every entry, the root and the proof hold against the head signed by <paramref name="key"/>; otherwise why not (Swedish).</summary>
    public string? Verify(TreeHeadKey key)
    {
        if (Format != AccessLogRetention.ArchiveFormat)
        {
            return $"okänt arkivformat '{Format}'";
        }

        if (key.Check(Head) is { } bad)
        {
            return bad;
        }

        if (Head.Log != TransparencyLogs.Access)
        {
            return "arkivets trädhuvud gäller inte åtkomstloggen";
        }

        if (EarlierLeafHashes.Count != First - 1 || Entries.Count != Last - First + 1)
        {
            return "arkivet saknar poster";
        }

        var builder = new MerkleTree.Builder();
        foreach (var hash in EarlierLeafHashes)
        {
            builder.Append(Convert.FromHexString(hash));
        }

        foreach (var e in Entries)
        {
            if (e.Sequence != builder.Size + 1)
            {
                return $"post {builder.Size + 1} saknas i arkivet";
            }

            byte[] leaf;
            try
            {
                leaf = new AccessEntryEvidence(e.Sequence, e.AtUnixMilliseconds, e.Kind, e.UserId, e.PersonId, e.JourCaseId, e.Purpose, e.Reason, e.LookupId, e.Sources).LeafHash();
            }
            catch (CryptographicException x)
            {
                return $"post {e.Sequence}: {x.Message}";
            }

            if (!string.Equals(Convert.ToHexStringLower(leaf), e.LeafHash, StringComparison.OrdinalIgnoreCase))
            {
                return $"post {e.Sequence} stämmer inte med sin lövhash";
            }

            builder.Append(leaf);
        }

        var root = builder.Root();
        var headRoot = Convert.FromHexString(Head.RootHash);
        var holds = Last == Head.TreeSize
            ? root.AsSpan().SequenceEqual(headRoot)
            : MerkleTree.VerifyConsistency(Last, Head.TreeSize, root, headRoot, ConsistencyProof.Select(Convert.FromHexString).ToList());
        return holds ? null : $"arkivets {Last} poster är inte början av loggen i {Head}";
    }
}
