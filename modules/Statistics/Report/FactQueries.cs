using Microsoft.EntityFrameworkCore;
using SocialJour.Modules.Statistics.Contracts;
using SocialJour.Modules.Statistics.Facts;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>Cases of one municipality, category, child flag, channel and jour mode (comparison periods: municipality and category empty).</summary>
internal sealed record CaseCount(string Municipality, string Category, bool Child, string Channel, string Mode, int Count);

/// <summary>A period's case totals: all cases, those concerning a child, those from SOS calls.</summary>
internal sealed record CaseTotals(long Cases, long Child, long Sos);

/// <summary>Contacts of one channel and jour mode (in a municipality view: distinct contacts with a case there).</summary>
internal sealed record ContactCount(string Channel, string Mode, int Count);

internal sealed record MinutesSum(string Municipality, string Mode, long Minutes);

internal sealed record ResponseCount(string Kind, int Measured, int Met);

internal sealed record CommissionCount(string Municipality, string Kind, int Count);

internal sealed record DeviationCount(string Category, string? Municipality, int Count);

internal sealed record LookupCount(string Municipality, string Status, int Count);

/// <summary>A target not met in the chosen period (done late, or missed and never done).</summary>
internal sealed record BreachRow(string CaseId, string Municipality, string Kind, DateTimeOffset DueAt, DateTimeOffset? DoneAt);

/// <summary>
/// One period's aggregates, each computed by the database (GROUP BY over the fact tables' covering indexes; no fact row is
/// loaded): what the key figures need for every period, and with <see cref="Detailed"/> what the chosen period's tables need.
/// A comparison period (not detailed) holds totals only: its lists have one bucket with empty keys where the key figures need no split.
/// </summary>
internal sealed record PeriodFacts(
    StatisticsPeriod Period,
    bool Detailed,
    CaseTotals CaseTotals,
    IReadOnlyList<CaseCount> Cases,
    IReadOnlyList<ContactCount> Contacts,
    IReadOnlyDictionary<string, int> ContactsByMunicipality,
    IReadOnlyList<MinutesSum> Minutes,
    IReadOnlyList<ResponseCount> Responses,
    IReadOnlyList<CommissionCount> Commissions,
    IReadOnlyList<DeviationCount> Deviations,
    IReadOnlyList<LookupCount> Lookups)
{
    public long CaseTotal => CaseTotals.Cases;

    public long ChildCases => CaseTotals.Child;

    public long ContactTotal => Contacts.Sum(c => (long)c.Count);

    public long SosCalls(string? mode = null) => Contacts.Where(c => c.Channel == StatisticsText.SosAlarm && (mode is null || c.Mode == mode)).Sum(c => (long)c.Count);

    public long MinutesTotal => Minutes.Sum(m => m.Minutes);

    public long DeviationTotal => Deviations.Where(d => d.Category != StatisticsText.Complaint).Sum(d => (long)d.Count);

    public long ComplaintTotal => Deviations.Where(d => d.Category == StatisticsText.Complaint).Sum(d => (long)d.Count);

    /// <summary>Every municipality code with a fact in the period (for the non-member rows).</summary>
    public IEnumerable<string> MunicipalityCodes =>
        Cases.Select(c => c.Municipality).Concat(Minutes.Select(m => m.Municipality)).Concat(Commissions.Select(c => c.Municipality))
            .Concat(Deviations.Select(d => d.Municipality ?? "")).Concat(Lookups.Select(l => l.Municipality))
            .Where(c => c.Length > 0).Distinct(StringComparer.Ordinal);
}

/// <summary>The report's reads: one GROUP BY per fact table and period, filtered by local date (and municipality in a municipality view).</summary>
internal static class FactQueries
{
    /// <summary>
    /// One period's aggregates. Each read runs on its own connection at the same time as the others (the database serves
    /// them in parallel: SQLite readers in WAL mode, PostgreSQL backends), so a period takes about as long as its largest read.
    /// </summary>
    public static async Task<PeriodFacts> LoadAsync(Func<StatisticsDbContext> contexts, StatisticsPeriod period, string? municipality, bool detailed, CancellationToken ct)
    {
        var (from, to) = (period.From, period.To);

        // The chosen period: one pass over the case index gives every case table and the distinct contacts per municipality.
        // A comparison period needs only its totals: one pass of conditional counts.
        var casesRead = Read<(List<CaseCount> Counts, IReadOnlyDictionary<string, int> Contacts, CaseTotals Totals)>(contexts, async db =>
        {
            if (!detailed)
            {
                return ([], new Dictionary<string, int>(), await CaseScan.TotalsAsync(db, from, to, municipality, ct));
            }

            var (counts, contacts) = await CaseScan.ReadAsync(db, from, to, municipality, ct);
            return (counts, contacts, new CaseTotals(
                counts.Sum(c => (long)c.Count),
                counts.Where(c => c.Child).Sum(c => (long)c.Count),
                counts.Where(c => c.Channel == StatisticsText.SosAlarm).Sum(c => (long)c.Count)));
        }, ct);

        // Contacts: the jour's own contacts; in a municipality view, the distinct contacts with a case there. A comparison period of
        // the whole jour needs only the key figures' four numbers, counted in one pass and kept as buckets ("" = any other
        // channel or mode) so that the key figures read them as they read the chosen period's groups.
        var contactsRead = Read(contexts, async db =>
        {
            if (municipality is not null)
            {
                return await db.Cases.Where(c => c.ReceivedDate >= from && c.ReceivedDate <= to && c.MunicipalityCode == municipality)
                    .GroupBy(c => new { c.Channel, c.JourMode })
                    .Select(g => new ContactCount(g.Key.Channel, g.Key.JourMode, g.Select(c => c.ContactId).Distinct().Count()))
                    .ToListAsync(ct);
            }

            if (detailed)
            {
                return (await CaseScan.GroupAsync(db, FactModel.ContactsTable, "received_date", "channel", "jour_mode", null, from, to, null, ct))
                    .Select(g => new ContactCount(g.Key.A, g.Key.B, (int)g.Value)).ToList();
            }

            var t = await CaseScan.ContactTotalsAsync(db, from, to, ct);
            return new List<ContactCount>
            {
                new(StatisticsText.SosAlarm, StatisticsText.Standby, (int)t.StandbySos),
                new(StatisticsText.SosAlarm, "", (int)(t.Sos - t.StandbySos)),
                new("", StatisticsText.Standby, (int)(t.Standby - t.StandbySos)),
                new("", "", (int)(t.All - t.Sos - t.Standby + t.StandbySos)),
            };
        }, ct);

        var minutesRead = Read(contexts, async db =>
        {
            if (detailed)
            {
                return (await CaseScan.GroupAsync(db, FactModel.TimeTable, "date", "municipality_code", "jour_mode", "minutes", from, to, municipality, ct))
                    .Select(g => new MinutesSum(g.Key.A, g.Key.B, g.Value)).ToList();
            }

            var time = db.Time.Where(t => t.Date >= from && t.Date <= to);
            time = municipality is null ? time : time.Where(t => t.MunicipalityCode == municipality);
            return [new MinutesSum("", "", await time.SumAsync(t => (long)t.Minutes, ct))];
        }, ct);

        var responsesRead = Read(contexts, db => CaseScan.ResponsesAsync(db, from, to, municipality, ct), ct);

        var commissionsRead = Read(contexts, async db =>
        {
            var facts = db.Commissions.Where(c => c.OrderedDate >= from && c.OrderedDate <= to);
            facts = municipality is null ? facts : facts.Where(c => c.MunicipalityCode == municipality);
            return detailed
                ? await facts.GroupBy(c => new { c.MunicipalityCode, c.Kind })
                    .Select(g => new CommissionCount(g.Key.MunicipalityCode, g.Key.Kind, g.Count()))
                    .ToListAsync(ct)
                : [new CommissionCount("", "", await facts.CountAsync(ct))];
        }, ct);

        var deviationsRead = Read(contexts, async db =>
        {
            var facts = db.Deviations.Where(d => d.OccurredDate >= from && d.OccurredDate <= to);
            facts = municipality is null ? facts : facts.Where(d => d.MunicipalityCode == municipality);
            return await facts.GroupBy(d => new { d.Category, d.MunicipalityCode })
                .Select(g => new DeviationCount(g.Key.Category, g.Key.MunicipalityCode, g.Count()))
                .ToListAsync(ct);
        }, ct);

        var lookupsRead = Read(contexts, async db =>
        {
            if (detailed)
            {
                return (await CaseScan.GroupAsync(db, FactModel.LookupsTable, "date", "municipality_code", "status", null, from, to, municipality, ct))
                    .Select(g => new LookupCount(g.Key.A, g.Key.B, (int)g.Value)).ToList();
            }

            var facts = db.Lookups.Where(l => l.Date >= from && l.Date <= to);
            facts = municipality is null ? facts : facts.Where(l => l.MunicipalityCode == municipality);
            return [new LookupCount("", "", await facts.CountAsync(ct))];
        }, ct);

        await Task.WhenAll(casesRead, contactsRead, minutesRead, responsesRead, commissionsRead, deviationsRead, lookupsRead);
        var cases = await casesRead;
        return new PeriodFacts(period, detailed, cases.Totals, cases.Counts, await contactsRead, cases.Contacts, await minutesRead, await responsesRead,
            await commissionsRead, await deviationsRead, await lookupsRead);
    }

    /// <summary>Runs one read on its own context and connection, off the caller's thread (SQLite's "async" calls are synchronous).</summary>
    private static Task<T> Read<T>(Func<StatisticsDbContext> contexts, Func<StatisticsDbContext, Task<T>> read, CancellationToken ct) =>
        Task.Run(async () =>
        {
            await using var db = contexts();
            return await read(db);
        }, ct);

    /// <summary>The targets not met in the period, by when they were due.</summary>
    public static Task<List<BreachRow>> BreachesAsync(StatisticsDbContext db, StatisticsPeriod period, string? municipality, CancellationToken ct) =>
        Responses(db, period, municipality)
            .Where(r => r.DoneAt == null || r.DoneAt > r.DueAt)
            .OrderBy(r => r.DueDate).ThenBy(r => r.CaseId).ThenBy(r => r.Kind)
            .Select(r => new BreachRow(r.CaseId, r.MunicipalityCode, r.Kind, r.DueAt, r.DoneAt))
            .ToListAsync(ct);

    private static IQueryable<Facts.ResponseFact> Responses(StatisticsDbContext db, StatisticsPeriod period, string? municipality)
    {
        var (from, to) = (period.From, period.To);
        var responses = db.Responses.Where(r => r.DueDate >= from && r.DueDate <= to && (r.DoneAt != null || r.MissedAt != null));
        return municipality is null ? responses : responses.Where(r => r.MunicipalityCode == municipality);
    }
}
