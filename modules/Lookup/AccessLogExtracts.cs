using SocialJour.Core.Audit;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Core.Sessions;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Modules.Lookup;

/// <summary>
/// The access log's extracts, one application service for the API (GET /api/access-log, /api/access-log/jour, the evidence
/// form, one entry's proof) and the access-log page: the core returns every entry and its evidence, and the extract rule
/// (<see cref="ExtractRule"/>) decides what a municipality gets (ADR 0032). Each read is recorded in the audit log.
/// </summary>
internal sealed class AccessLogExtracts(IAccessLog accessLog, ITransparencyLog transparency, IAuditLog audit, IMunicipalityRegistry registry, IStaffDirectory staff)
{
    /// <summary>The subject of an audit entry that read the jour's whole log.</summary>
    public const string WholeJour = "jour";

    public async Task<AccessLogExtract> ReadAsync(AccessLogExtractRequest request, CancellationToken cancellationToken)
    {
        var zone = registry.Current.Jour.TimeZone;
        var entries = await EntriesAsync(request.MunicipalityCode, StartOf(request.From, zone), StartOf(request.To.AddDays(1), zone), cancellationToken);
        var action = request.Reading switch
        {
            AccessLogReading.Export => "access-log.exported",
            AccessLogReading.JourFollowUp => "access-log.followed-up",
            _ => "access-log.viewed",
        };
        await audit.AppendAsync(request.UserId, action, request.MunicipalityCode ?? WholeJour, $"{request.From:yyyy-MM-dd}..{request.To:yyyy-MM-dd}: {entries.Count}", CancellationToken.None);
        var staffNames = await staff.NamesOverTimeAsync(entries.Select(e => e.UserId), cancellationToken);
        var names = new Dictionary<long, string>();
        foreach (var e in entries)
        {
            if (staffNames.At(e.UserId, e.At) is { } name)
            {
                names[e.Sequence] = name;
            }
        }

        return new AccessLogExtract(entries, names);
    }

    /// <summary>
    /// Entries in [from, to) that concerned <paramref name="municipalityCode"/>'s records, oldest first (<see cref="ExtractRule"/>);
    /// every entry when null (the jour's own follow-up).
    /// </summary>
    public async Task<IReadOnlyList<AccessRecord>> EntriesAsync(string? municipalityCode, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var entries = await accessLog.ForPeriodAsync(from, to, cancellationToken);
        return municipalityCode is null ? entries : entries.Where(r => ExtractRule.Concerns(r.Sources, municipalityCode)).ToList();
    }

    /// <summary>
    /// An access entry as <paramref name="municipalityCode"/> may check it (its own salt only); null when the entry is not in
    /// that municipality's extract. The extract rule, not "was asked": an entry in which the municipality answered "no records"
    /// is not its business, and opening its commitment would tell it that the person is unknown there (issue 23, 2a).
    /// </summary>
    public async Task<AccessEntryEvidence?> EntryAsync(long sequence, string municipalityCode, CancellationToken cancellationToken)
    {
        var candidate = await transparency.AccessEntryAsync(sequence, municipalityCode, cancellationToken);
        return ExtractRule.Concerns(candidate.Sources, municipalityCode) ? candidate.Evidence : null;
    }

    /// <summary>
    /// The evidence of the entries among <paramref name="sequences"/> that are in <paramref name="municipalityCode"/>'s extract
    /// and covered by <paramref name="head"/>: each entry as the municipality rebuilds its leaf, with its audit path to the head's root.
    /// </summary>
    public async Task<IReadOnlyList<AccessEntryWithPath>> EvidenceAsync(IReadOnlyList<long> sequences, string municipalityCode, SignedTreeHead head, CancellationToken cancellationToken) =>
        (await transparency.AccessEvidenceAsync(sequences, municipalityCode, head, cancellationToken))
            .Where(c => ExtractRule.Concerns(c.Sources, municipalityCode)).Select(c => c.Evidence).ToList();

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) => JourClock.ToInstant(day, TimeOnly.MinValue, zone);
}
