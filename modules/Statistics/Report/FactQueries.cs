using Microsoft.EntityFrameworkCore;
using SocialJour.Modules.Statistics.Contracts;
using SocialJour.Modules.Statistics.Facts;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>Contacts of one channel and jour mode (in a municipality view: distinct contacts with a case there).</summary>
internal sealed record ContactCount(string Channel, string Mode, long Count);

internal sealed record MinutesSum(string Municipality, string Mode, long Minutes);

internal sealed record ResponseCount(string Kind, long Measured, long Met);

internal sealed record DeviationCount(string Category, string? Municipality, int Count);

/// <summary>A target not met in the chosen period (done late, or missed and never done).</summary>
internal sealed record BreachRow(string CaseId, string Municipality, string Kind, DateTimeOffset DueAt, DateTimeOffset? DoneAt);

/// <summary>One row of a period's aggregates: a roll-up measure (<see cref="MonthRollup"/>) of a municipality and item, summed.</summary>
internal sealed class TallyRow
{
    public string Measure { get; set; } = "";

    public string MunicipalityCode { get; set; } = "";

    public string Item { get; set; } = "";

    public long Amount { get; set; }
}

/// <summary>
/// One period's aggregates: the roll-up measures summed per (measure, municipality, item) over the period — whole months from
/// the roll-ups, the partial months at its edges from the facts by the same definitions — and the deviations. In a municipality
/// view the measures hold that municipality only, and its contacts are the distinct contacts with a case there.
/// </summary>
internal sealed class PeriodFacts
{
    private readonly Dictionary<string, Dictionary<(string Municipality, string Item), long>> _measures = new(StringComparer.Ordinal);
    private readonly bool _municipalityView;

    public PeriodFacts(StatisticsPeriod period, IEnumerable<TallyRow> rows, IReadOnlyList<DeviationCount> deviations, bool municipalityView)
    {
        Period = period;
        Deviations = deviations;
        _municipalityView = municipalityView;
        foreach (var row in rows)
        {
            var measure = Measure(row.Measure);
            var key = (row.MunicipalityCode, row.Item);
            measure[key] = measure.GetValueOrDefault(key) + row.Amount;
        }

        Contacts = Measure(municipalityView ? MonthRollup.CaseContacts : MonthRollup.Contacts)
            .GroupBy(c => c.Key.Item, StringComparer.Ordinal)
            .Select(g =>
            {
                var parts = g.Key.Split(MonthRollup.ItemSeparator);
                return new ContactCount(parts[0], parts.Length > 1 ? parts[1] : "", g.Sum(c => c.Value));
            }).ToList();
        ContactsByMunicipality = Measure(MonthRollup.CaseContacts).GroupBy(c => c.Key.Municipality, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal);
        Minutes = Measure(MonthRollup.Minutes).Select(m => new MinutesSum(m.Key.Municipality, m.Key.Item, m.Value)).ToList();
        Responses = StatisticsText.ResponseKinds
            .Select(kind => new ResponseCount(kind, Sum(MonthRollup.ResponsesMeasured, item: kind), Sum(MonthRollup.ResponsesMet, item: kind)))
            .Where(r => r.Measured > 0).ToList();
        CaseTotals = new CaseTotals(Sum(MonthRollup.CasesByChild), Sum(MonthRollup.CasesByChild, item: "true"), Sum(MonthRollup.CasesByChannel, item: StatisticsText.SosAlarm));
    }

    public StatisticsPeriod Period { get; }

    public CaseTotals CaseTotals { get; }

    /// <summary>The jour's contacts by channel and mode; in a municipality view, the distinct contacts with a case there.</summary>
    public IReadOnlyList<ContactCount> Contacts { get; }

    /// <summary>Distinct contacts with a case in each municipality.</summary>
    public IReadOnlyDictionary<string, long> ContactsByMunicipality { get; }

    public IReadOnlyList<MinutesSum> Minutes { get; }

    public IReadOnlyList<ResponseCount> Responses { get; }

    public IReadOnlyList<DeviationCount> Deviations { get; }

    /// <summary>Cases by (municipality, category).</summary>
    public IReadOnlyDictionary<(string Municipality, string Item), long> CasesByCategory => Measure(MonthRollup.CasesByCategory);

    /// <summary>Cases by (municipality, channel).</summary>
    public IReadOnlyDictionary<(string Municipality, string Item), long> CasesByChannel => Measure(MonthRollup.CasesByChannel);

    /// <summary>Commissions by (municipality, kind).</summary>
    public IReadOnlyDictionary<(string Municipality, string Item), long> Commissions => Measure(MonthRollup.Commissions);

    /// <summary>Look-ups by (municipality, source status).</summary>
    public IReadOnlyDictionary<(string Municipality, string Item), long> Lookups => Measure(MonthRollup.Lookups);

    public long CaseTotal => CaseTotals.Cases;

    public long ChildCases => CaseTotals.Child;

    public long ContactTotal => Contacts.Sum(c => c.Count);

    /// <summary>A municipality's cases concerning a child (<paramref name="child"/> true) or not.</summary>
    public long CasesOf(string municipality, bool child) => Measure(MonthRollup.CasesByChild).GetValueOrDefault((municipality, child ? "true" : "false"));

    /// <summary>Cases of a channel (null: any).</summary>
    public long CasesOfChannel(string channel) => Sum(MonthRollup.CasesByChannel, item: channel);

    /// <summary>Cases of a jour mode (null: any).</summary>
    public long CasesOfMode(string? mode) => mode is null ? CaseTotal : Sum(MonthRollup.CasesByMode, item: mode);

    public long SosCalls(string? mode = null) => Contacts.Where(c => c.Channel == StatisticsText.SosAlarm && (mode is null || c.Mode == mode)).Sum(c => c.Count);

    public long MinutesTotal => Minutes.Sum(m => m.Minutes);

    public long CommissionTotal => Sum(MonthRollup.Commissions);

    public long LookupTotal => Sum(MonthRollup.Lookups);

    public long DeviationTotal => Deviations.Where(d => d.Category != StatisticsText.Complaint).Sum(d => (long)d.Count);

    public long ComplaintTotal => Deviations.Where(d => d.Category == StatisticsText.Complaint).Sum(d => (long)d.Count);

    /// <summary>Every municipality code with a fact in the period (for the non-member rows).</summary>
    public IEnumerable<string> MunicipalityCodes =>
        _measures.Values.SelectMany(m => m.Keys.Select(k => k.Municipality)).Concat(Deviations.Select(d => d.Municipality ?? ""))
            .Where(c => c.Length > 0).Distinct(StringComparer.Ordinal);

    private Dictionary<(string Municipality, string Item), long> Measure(string name)
    {
        if (!_measures.TryGetValue(name, out var measure))
        {
            _measures[name] = measure = [];
        }

        return measure;
    }

    private long Sum(string name, string? item = null) => Measure(name).Where(kv => item is null || kv.Key.Item == item).Sum(kv => kv.Value);
}

/// <summary>A period's parts by where they are read: whole years, ranges of whole months (first days), and edge date ranges.</summary>
internal sealed record PeriodParts((int First, int Last)? Years, IReadOnlyList<(DateOnly First, DateOnly Last)> Months, IReadOnlyList<(DateOnly From, DateOnly To)> Edges);

/// <summary>A period's case totals: all cases, those concerning a child, those from SOS calls.</summary>
internal sealed record CaseTotals(long Cases, long Child, long Sos);

/// <summary>The report's reads: whole months from the roll-ups, partial months from the facts, deviations and breaches from their facts.</summary>
internal static class FactQueries
{
    /// <summary>
    /// One period's aggregates (<see cref="Split"/>): its whole calendar years from the year roll-ups, its other whole months
    /// from the month roll-ups, each partial month at an edge (1–10 December) from the facts with the roll-ups' own definitions
    /// (<see cref="MonthRollup.EdgeSql"/>); each read runs on its own connection at the same time as the others.
    /// </summary>
    public static async Task<PeriodFacts> LoadAsync(Func<StatisticsDbContext> contexts, StatisticsPeriod period, string? municipality, CancellationToken ct)
    {
        var parts = Split(period.From, period.To);
        var reads = new List<Task<List<TallyRow>>>();
        const string Columns = "measure AS \"Measure\", municipality_code AS \"MunicipalityCode\", item AS \"Item\"";
        var oneMunicipality = municipality is null ? "" : " AND municipality_code = {2}";
        object[] Args(object first, object last) => municipality is null ? [first, last] : [first, last, municipality];
        // Only the module's table names and fixed SQL are spliced in; every value is a parameter.
        void Add(Func<StatisticsDbContext, string> sql, object[] args) => reads.Add(Read(contexts, db =>
        {
            var text = sql(db);
            return db.Database.SqlQueryRaw<TallyRow>(text, args).ToListAsync(ct);
        }, ct));

        if (parts.Years is { } y)
        {
            Add(db => $"SELECT {Columns}, CAST(SUM(amount) AS bigint) AS \"Amount\" FROM {db.Table(FactModel.YearCountsTable)} " +
                $"WHERE year >= {{0}} AND year <= {{1}}{oneMunicipality} GROUP BY measure, municipality_code, item", Args(y.First, y.Last));
        }

        foreach (var (first, last) in parts.Months)
        {
            Add(db => $"SELECT {Columns}, CAST(SUM(amount) AS bigint) AS \"Amount\" FROM {db.Table(FactModel.MonthCountsTable)} " +
                $"WHERE month >= {{0}} AND month <= {{1}}{oneMunicipality} GROUP BY measure, municipality_code, item", Args(first, last));
        }

        foreach (var (from, to) in parts.Edges)
        {
            Add(db => $"SELECT {Columns}, amount AS \"Amount\" FROM ({MonthRollup.EdgeSql(db, municipality is not null)}) AS edge", Args(from, to));
        }

        var deviationsRead = Read(contexts, async db =>
        {
            var facts = db.Deviations.Where(d => d.OccurredDate >= period.From && d.OccurredDate <= period.To);
            facts = municipality is null ? facts : facts.Where(d => d.MunicipalityCode == municipality);
            return await facts.GroupBy(d => new { d.Category, d.MunicipalityCode })
                .Select(g => new DeviationCount(g.Key.Category, g.Key.MunicipalityCode, g.Count()))
                .ToListAsync(ct);
        }, ct);

        var rows = await Task.WhenAll(reads);
        return new PeriodFacts(period, rows.SelectMany(r => r), await deviationsRead, municipalityView: municipality is not null);
    }

    /// <summary>
    /// How a period is read: the whole calendar years inside it from the year roll-ups, the other whole months from the month
    /// roll-ups (first days of the first and last month of each range), and the partial months at its edges from the facts.
    /// </summary>
    internal static PeriodParts Split(DateOnly from, DateOnly to)
    {
        var firstWhole = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var afterLastWhole = to.AddDays(1).Day == 1 ? to.AddDays(1) : new DateOnly(to.Year, to.Month, 1);
        if (firstWhole >= afterLastWhole)
        {
            return new PeriodParts(null, [], [(from, to)]);
        }

        var edges = new List<(DateOnly, DateOnly)>();
        if (from < firstWhole)
        {
            edges.Add((from, firstWhole.AddDays(-1)));
        }

        if (afterLastWhole <= to)
        {
            edges.Add((afterLastWhole, to));
        }

        var firstYear = firstWhole.Month == 1 ? firstWhole.Year : firstWhole.Year + 1;
        var lastYear = afterLastWhole.Year - 1; // the year before the first month not whole is whole when it starts at or after firstWhole
        if (firstYear > lastYear)
        {
            return new PeriodParts(null, [(firstWhole, afterLastWhole.AddMonths(-1))], edges);
        }

        var months = new List<(DateOnly, DateOnly)>();
        if (firstWhole < new DateOnly(firstYear, 1, 1))
        {
            months.Add((firstWhole, new DateOnly(firstYear - 1, 12, 1)));
        }

        if (new DateOnly(lastYear + 1, 1, 1) < afterLastWhole)
        {
            months.Add((new DateOnly(lastYear + 1, 1, 1), afterLastWhole.AddMonths(-1)));
        }

        return new PeriodParts((firstYear, lastYear), months, edges);
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
