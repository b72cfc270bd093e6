using System.Globalization;
using System.Text.RegularExpressions;
using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Modules.Lookup;

/// <summary>
/// The emergency-opening follow-up derived from the logs, not from the table's review columns (issue 23 3b): an opening's
/// look-ups are the access log's <see cref="AccessKind.EmergencyLookup"/> entries; a review is the audit entry
/// <c>emergency-opening.reviewed</c> naming the access-log entries it covers. An entry no review covers is unreviewed,
/// whatever <c>emergency_openings.ReviewedAt</c> says — so setting that column in the database empties nothing.
/// The table only groups entries into openings (user, person, validity) and carries the reason; an entry that no row
/// groups (a deleted row) is still in the queue, as an opening of its own.
/// </summary>
internal static partial class EmergencyOpeningFollowUp
{
    public const string ReviewedAction = "emergency-opening.reviewed";

    /// <summary>An entry logged up to this much before the opening's recorded time still belongs to it (the opening is timed before the entry is written).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    /// <summary>The id of an opening that exists only in the access log (its table row is gone).</summary>
    public static string OrphanId(long sequence) => string.Create(CultureInfo.InvariantCulture, $"atkomstlogg-{sequence}");

    /// <summary>The review's audit details: the access-log entries it covers, then the note.</summary>
    public static string ReviewDetails(IReadOnlyCollection<long> sequences, string? note) =>
        "poster " + string.Join(",", sequences.Select(s => s.ToString(CultureInfo.InvariantCulture))) + (note is null ? "" : "; " + note);

    /// <summary>The access-log entries of the opening in <paramref name="row"/>.</summary>
    public static async Task<IReadOnlyList<long>> EntriesOfAsync(IAccessLog accessLog, StoredEmergencyOpening row, CancellationToken cancellationToken)
    {
        var entries = await accessLog.OfKindAsync(AccessKind.EmergencyLookup, cancellationToken);
        return entries.Where(e => Belongs(e, row)).Select(e => e.Sequence).ToList();
    }

    /// <summary>Every opening with its review as the audit log records it.</summary>
    public static async Task<IReadOnlyList<EmergencyOpeningRecord>> OpeningsAsync(IEmergencyOpenings openings, IAccessLog accessLog, IAuditLog audit, CancellationToken cancellationToken)
    {
        var rows = await openings.AllAsync(cancellationToken);
        var entries = await accessLog.OfKindAsync(AccessKind.EmergencyLookup, cancellationToken);
        var reviews = await audit.FindAsync([ReviewedAction], cancellationToken: cancellationToken);
        return Derive(rows, entries, reviews);
    }

    /// <summary>
    /// The rule itself, on what the stores hold: the openings (<paramref name="rows"/>), the access log's emergency entries
    /// (oldest first) and the review entries of the audit log (as it returns them; the first review of an opening counts).
    /// </summary>
    public static IReadOnlyList<EmergencyOpeningRecord> Derive(IReadOnlyList<StoredEmergencyOpening> rows, IReadOnlyList<AccessRecord> entries, IReadOnlyList<AuditRecord> reviews)
    {
        var covered = new HashSet<long>();
        var reviewOf = new Dictionary<string, AuditRecord>(StringComparer.Ordinal);
        foreach (var review in reviews)
        {
            reviewOf.TryAdd(review.Subject, review);
            foreach (var sequence in Covered(review.Details))
            {
                covered.Add(sequence);
            }
        }

        var records = new List<EmergencyOpeningRecord>();
        var grouped = new HashSet<long>();
        foreach (var row in rows)
        {
            var mine = entries.Where(e => Belongs(e, row)).ToList();
            grouped.UnionWith(mine.Select(e => e.Sequence));
            reviewOf.TryGetValue(row.Id, out var review);

            // A review written before reviews named their entries ("poster …") covers the entries its opening groups.
            var legacy = review is not null && !CoverList().IsMatch(review.Details);
            var reviewed = review is not null && mine.All(e => legacy || covered.Contains(e.Sequence));
            records.Add(new EmergencyOpeningRecord(row.Id, row.UserId, row.PersonId, row.Reason, row.OpenedAt, row.ExpiresAt,
                reviewed ? review!.Actor : null, reviewed ? review!.At : null, reviewed ? NoteOf(review!.Details) : null));
        }

        foreach (var orphan in entries.Where(e => !grouped.Contains(e.Sequence) && !covered.Contains(e.Sequence)))
        {
            records.Add(new EmergencyOpeningRecord(OrphanId(orphan.Sequence), orphan.UserId, orphan.PersonId, orphan.Reason ?? "", orphan.At, orphan.At, null, null, null));
        }

        return records.OrderBy(r => r.OpenedAt).ToList();
    }

    private static bool Belongs(AccessRecord e, StoredEmergencyOpening row) =>
        e.UserId == row.UserId && e.PersonId == row.PersonId && e.At >= row.OpenedAt - Slack && e.At <= row.ExpiresAt;

    private static IEnumerable<long> Covered(string details) =>
        CoverList().Match(details) is { Success: true } m
            ? m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture))
            : [];

    private static string? NoteOf(string details)
    {
        var m = CoverList().Match(details);
        var note = m.Success ? details[m.Length..].TrimStart(';', ' ') : details;
        return note.Length == 0 ? null : note;
    }

    [GeneratedRegex("^poster ([0-9,]*)", RegexOptions.CultureInvariant)]
    private static partial Regex CoverList();
}
