using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Operations;

/// <summary>
/// How far the access log's content may have been deleted by the retention rule (<see cref="UpTo"/>: entries 1..N), and
/// why a recorded deletion does not hold (<see cref="Problem"/>, Swedish; null when every record holds).
/// </summary>
public sealed record RedactionBoundary(long UpTo, string? Problem)
{
    public static RedactionBoundary None { get; } = new(0, null);
}

/// <summary>
/// Proves a deletion by the retention rule (ADR 0029, issue 23 3a) from evidence someone with write access to the database
/// cannot make: a record in the audit log is not enough. Each <c>access-log.retention</c> record must
/// <list type="number">
/// <item>be covered by a signed head of the audit log (the retention publishes one before it deletes anything), whose
/// signed time is when the deletion was made known;</item>
/// <item>name an archive in the configured archive folder whose SHA-256 is the one recorded, which verifies against a
/// head signed with the jour's key (every deleted entry rebuilt from its content, the first entries' root, the
/// consistency proof), and whose entries have the leaf hashes the database still holds;</item>
/// <item>cover only entries whose time — read from the archive, where it is inside the leaf — is older than the retention
/// period in force (the configured years) at the signed time of that audit head.</item>
/// </list>
/// The boundary is the end of the unbroken run from entry 1 that valid records cover. Without a configured retention
/// rule no deletion holds.
/// </summary>
public static partial class RedactionEvidence
{
    [GeneratedRegex(@"Arkiv (?<file>[^\s/\\]+) sha256 (?<sha>[0-9a-f]{64})", RegexOptions.CultureInvariant)]
    private static partial Regex ArchiveNamed();

    /// <summary>The record's text that <see cref="CheckAsync"/> reads: the archive's file name and SHA-256.</summary>
    public static string ArchiveReference(string path, string sha256) => $"Arkiv {Path.GetFileName(path)} sha256 {sha256}";

    /// <summary>
    /// Checks every retention record against the archives and the signed audit heads given (each is checked with
    /// <paramref name="key"/>; unsigned or foreign heads are ignored).
    /// </summary>
    internal static async Task<RedactionBoundary> CheckAsync(CoreDbContext db, AccessLogRetentionOptions retention, TreeHeadKey? key,
        IEnumerable<SignedTreeHead> auditHeads, CancellationToken cancellationToken)
    {
        var records = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AccessLog.RetentionAction).OrderBy(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Subject, a.Details }).ToListAsync(cancellationToken);
        if (records.Count == 0)
        {
            return RedactionBoundary.None;
        }

        if (retention is not { Years: { } years, ArchiveDirectory: { } directory })
        {
            return new(0, $"händelseloggen har {records.Count} gallringsposter för åtkomstloggen men ingen gallringsregel är konfigurerad " +
                $"({AccessLogRetentionOptions.YearsSetting}, {AccessLogRetentionOptions.ArchiveSetting}): ingen gallring kan styrkas");
        }

        if (key is null)
        {
            return new(0, "det finns gallringsposter men ingen nyckel att kontrollera gallringsarkiven med");
        }

        var signed = auditHeads.Where(h => h.Log == TransparencyLogs.Audit && key.Check(h) is null).OrderBy(h => h.Timestamp).ToList();
        var covered = new List<(long First, long Last)>();
        foreach (var record in records)
        {
            var what = $"gallringen av åtkomstloggens poster {record.Subject} (händelseloggens post {record.Sequence})";
            var range = record.Subject.Split('-');
            if (range.Length != 2 || !long.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !long.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last) || first < 1 || last < first)
            {
                return new(0, $"{what} anger inget giltigt intervall");
            }

            if (ArchiveNamed().Match(record.Details) is not { Success: true } named)
            {
                return new(0, $"{what} namnger inget arkiv med sin sha256");
            }

            var published = signed.FirstOrDefault(h => h.TreeSize >= record.Sequence);
            if (published is null)
            {
                return new(0, $"{what} omfattas inte av något signerat trädhuvud för händelseloggen: en gallring publiceras innan posterna gallras");
            }

            var file = named.Groups["file"].Value;
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                return new(0, $"{what}: arkivet {file} finns inte i {directory}");
            }

            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), named.Groups["sha"].Value, StringComparison.Ordinal))
            {
                return new(0, $"{what}: arkivet {file} har inte den sha256 som gallringen angav; det har ändrats eller bytts ut");
            }

            AccessLogArchive archive;
            try
            {
                archive = AccessLogArchive.Parse(bytes);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or FormatException)
            {
                return new(0, $"{what}: arkivet {file} kan inte läsas");
            }

            if (archive.First != first || archive.Last != last)
            {
                return new(0, $"{what}: arkivet {file} gäller posterna {archive.First}-{archive.Last}");
            }

            if (archive.Verify(key) is { } broken)
            {
                return new(0, $"{what}: arkivet {file} håller inte: {broken}");
            }

            // The time of each entry is the archive's (inside the leaf), not the database's; the period is the one in force.
            var cutoff = published.SignedAt.AddYears(-years);
            if (archive.Entries.FirstOrDefault(e => DateTimeOffset.FromUnixTimeMilliseconds(e.AtUnixMilliseconds) >= cutoff) is { } young)
            {
                return new(0, $"{what}: post {young.Sequence} skrevs {DateTimeOffset.FromUnixTimeMilliseconds(young.AtUnixMilliseconds):yyyy-MM-dd HH:mm} UTC " +
                    $"och var inte äldre än gallringstiden ({years} år) när gallringen publicerades {published.SignedAt:yyyy-MM-dd HH:mm} UTC");
            }

            var stored = await db.AccessLog.AsNoTracking().Where(e => e.Sequence >= first && e.Sequence <= last).OrderBy(e => e.Sequence)
                .Select(e => new { e.Sequence, e.LeafHash }).ToListAsync(cancellationToken);
            var matches = stored.Count == archive.Entries.Count;
            for (var i = 0; matches && i < stored.Count; i++)
            {
                matches = stored[i].Sequence == archive.Entries[i].Sequence
                    && string.Equals(stored[i].LeafHash, archive.Entries[i].LeafHash, StringComparison.OrdinalIgnoreCase);
            }

            if (!matches)
            {
                return new(0, $"{what}: åtkomstloggens poster stämmer inte med arkivet {file}");
            }

            covered.Add((first, last));
        }

        long upTo = 0;
        foreach (var (first, last) in covered.OrderBy(c => c.First))
        {
            if (first > upTo + 1)
            {
                break;
            }

            upTo = Math.Max(upTo, last);
        }

        return new(upTo, null);
    }
}
