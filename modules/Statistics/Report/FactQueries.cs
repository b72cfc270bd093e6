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
    public static async Task<PeriodFacts> LoadAsync(StatisticsDbContext db, StatisticsPeriod period, string? municipality, bool detailed, CancellationToken ct)
    {
        var (from, to) = (period.From, period.To);

        var cases = db.Cases.Where(c => c.ReceivedDate >= from && c.ReceivedDate <= to);
        if (municipality is not null)
        {
            cases = cases.Where(c => c.MunicipalityCode == municipality);
        }

        // The chosen period: one GROUP BY over the covering index gives every case table. A comparison period needs only its
        // totals: one pass without grouping (no sort), much cheaper than grouping a year of cases.
        List<CaseCount> caseCounts;
        CaseTotals caseTotals;
        IReadOnlyDictionary<string, int> contactsByMunicipality;
        if (detailed)
        {
            (caseCounts, contactsByMunicipality) = await CaseScan.ReadAsync(db, from, to, municipality, ct);
            caseTotals = new CaseTotals(
                caseCounts.Sum(c => (long)c.Count),
                caseCounts.Where(c => c.Child).Sum(c => (long)c.Count),
                caseCounts.Where(c => c.Channel == StatisticsText.SosAlarm).Sum(c => (long)c.Count));
        }
        else
        {
            caseCounts = [];
            contactsByMunicipality = new Dictionary<string, int>();
            caseTotals = await CaseScan.TotalsAsync(db, from, to, municipality, ct);
        }

        // Contacts: the jour's own contacts; in a municipality view, the distinct contacts with a case there. A comparison period of
        // the whole jour needs only the key figures' four numbers, counted in one pass and kept as buckets ("" = any other
        // channel or mode) so that the key figures read them as they read the chosen period's groups.
        List<ContactCount> contactCounts;
        if (municipality is not null)
        {
            contactCounts = await cases.GroupBy(c => new { c.Channel, c.JourMode })
                .Select(g => new ContactCount(g.Key.Channel, g.Key.JourMode, g.Select(c => c.ContactId).Distinct().Count()))
                .ToListAsync(ct);
        }
        else if (detailed)
        {
            contactCounts = (await CaseScan.GroupAsync(db, FactModel.ContactsTable, "received_date", "channel", "jour_mode", null, from, to, null, ct))
                .Select(g => new ContactCount(g.Key.A, g.Key.B, (int)g.Value)).ToList();
        }
        else
        {
            var t = await CaseScan.ContactTotalsAsync(db, from, to, ct);
            contactCounts =
            [
                new(StatisticsText.SosAlarm, StatisticsText.Standby, (int)t.StandbySos),
                new(StatisticsText.SosAlarm, "", (int)(t.Sos - t.StandbySos)),
                new("", StatisticsText.Standby, (int)(t.Standby - t.StandbySos)),
                new("", "", (int)(t.All - t.Sos - t.Standby + t.StandbySos)),
            ];
        }

        var time = db.Time.Where(t => t.Date >= from && t.Date <= to);
        if (municipality is not null)
        {
            time = time.Where(t => t.MunicipalityCode == municipality);
        }

        var minutes = detailed
            ? (await CaseScan.GroupAsync(db, FactModel.TimeTable, "date", "municipality_code", "jour_mode", "minutes", from, to, municipality, ct))
                .Select(g => new MinutesSum(g.Key.A, g.Key.B, g.Value)).ToList()
            : [new MinutesSum("", "", await time.SumAsync(t => (long)t.Minutes, ct))];

        var responses = await Responses(db, period, municipality)
            .GroupBy(r => r.Kind)
            .Select(g => new ResponseCount(g.Key, g.Count(), g.Count(r => r.DoneAt != null && r.DoneAt <= r.DueAt)))
            .ToListAsync(ct);

        var commissionFacts = db.Commissions.Where(c => c.OrderedDate >= from && c.OrderedDate <= to);
        if (municipality is not null)
        {
            commissionFacts = commissionFacts.Where(c => c.MunicipalityCode == municipality);
        }

        var commissions = detailed
            ? await commissionFacts.GroupBy(c => new { c.MunicipalityCode, c.Kind })
                .Select(g => new CommissionCount(g.Key.MunicipalityCode, g.Key.Kind, g.Count()))
                .ToListAsync(ct)
            : [new CommissionCount("", "", await commissionFacts.CountAsync(ct))];

        var deviationFacts = db.Deviations.Where(d => d.OccurredDate >= from && d.OccurredDate <= to);
        if (municipality is not null)
        {
            deviationFacts = deviationFacts.Where(d => d.MunicipalityCode == municipality);
        }

        var deviations = await deviationFacts.GroupBy(d => new { d.Category, d.MunicipalityCode })
            .Select(g => new DeviationCount(g.Key.Category, g.Key.MunicipalityCode, g.Count()))
            .ToListAsync(ct);

        var lookupFacts = db.Lookups.Where(l => l.Date >= from && l.Date <= to);
        if (municipality is not null)
        {
            lookupFacts = lookupFacts.Where(l => l.MunicipalityCode == municipality);
        }

        var lookups = detailed
            ? (await CaseScan.GroupAsync(db, FactModel.LookupsTable, "date", "municipality_code", "status", null, from, to, municipality, ct))
                .Select(g => new LookupCount(g.Key.A, g.Key.B, (int)g.Value)).ToList()
            : [new LookupCount("", "", await lookupFacts.CountAsync(ct))];

        return new PeriodFacts(period, detailed, caseTotals, caseCounts, contactCounts, contactsByMunicipality, minutes, responses, commissions, deviations, lookups);
    }

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
