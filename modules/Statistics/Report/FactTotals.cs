using Microsoft.EntityFrameworkCore;
using SocialJour.Modules.Statistics.Contracts;
using SocialJour.Modules.Statistics.Facts;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>
/// A comparison period's key figures for the whole jour, each fact table read in ONE pass over its covering index with
/// conditional counts (COUNT(CASE WHEN …)) instead of a GROUP BY: the key figures need only totals (cases, child cases, SOS
/// cases; contacts, SOS calls and standby contacts; minutes; each target's measured and met; look-ups), and a GROUP BY over a
/// year of a national host (300 000 cases) made SQLite sort every row — six times slower than counting them
/// (docs/benchmarks.md, "Statistics"). The result has the shape <see cref="FactQueries"/> gives, with the keys the key
/// figures ask for: channel "SosAlarm" or "" (any other), mode "Standby" or "" (any other).
/// </summary>
internal static class FactTotals
{
    // The SQL below names only the module's own table constants; every value is a parameter ({0}, {1}, …).
    public static async Task<PeriodFacts> LoadAsync(StatisticsDbContext db, StatisticsPeriod period, CancellationToken ct)
    {
        var (from, to) = (period.From, period.To);
        var sos = StatisticsText.SosAlarm;
        var standby = StatisticsText.Standby;

        var cSql = $$"""
            SELECT COUNT(CASE WHEN concerns_child AND channel = {2} THEN 1 END) AS "ChildSos",
                   COUNT(CASE WHEN concerns_child AND channel <> {2} THEN 1 END) AS "ChildOther",
                   COUNT(CASE WHEN NOT concerns_child AND channel = {2} THEN 1 END) AS "AdultSos",
                   COUNT(CASE WHEN NOT concerns_child AND channel <> {2} THEN 1 END) AS "AdultOther"
            FROM {{db.Table(FactModel.CasesTable)}} WHERE received_date >= {0} AND received_date <= {1}
            """;
        var c = await db.Database.SqlQueryRaw<CaseTotals>(cSql, from, to, sos).SingleAsync(ct);

        var kSql = $$"""
            SELECT COUNT(CASE WHEN channel = {2} AND jour_mode = {3} THEN 1 END) AS "SosStandby",
                   COUNT(CASE WHEN channel = {2} AND jour_mode <> {3} THEN 1 END) AS "SosOther",
                   COUNT(CASE WHEN channel <> {2} AND jour_mode = {3} THEN 1 END) AS "OtherStandby",
                   COUNT(CASE WHEN channel <> {2} AND jour_mode <> {3} THEN 1 END) AS "OtherOther"
            FROM {{db.Table(FactModel.ContactsTable)}} WHERE received_date >= {0} AND received_date <= {1}
            """;
        var k = await db.Database.SqlQueryRaw<ContactTotals>(kSql, from, to, sos, standby).SingleAsync(ct);

        var minutes = await db.Time.Where(t => t.Date >= from && t.Date <= to).SumAsync(t => (long?)t.Minutes, ct) ?? 0;

        var lookups = await db.Lookups.CountAsync(l => l.Date >= from && l.Date <= to, ct);

        // Commissions, deviations and complaints are a few hundred rows a year: grouped as in the chosen period.
        var commissions = await db.Commissions.Where(x => x.OrderedDate >= from && x.OrderedDate <= to)
            .GroupBy(x => x.Kind).Select(g => new CommissionCount("", g.Key, g.Count())).ToListAsync(ct);
        var deviations = await db.Deviations.Where(d => d.OccurredDate >= from && d.OccurredDate <= to)
            .GroupBy(d => d.Category).Select(g => new DeviationCount(g.Key, null, g.Count())).ToListAsync(ct);

        return new PeriodFacts(
            period,
            false,
            [
                new("", "", true, sos, "", (int)c.ChildSos), new("", "", true, "", "", (int)c.ChildOther),
                new("", "", false, sos, "", (int)c.AdultSos), new("", "", false, "", "", (int)c.AdultOther),
            ],
            [new(sos, standby, (int)k.SosStandby), new(sos, "", (int)k.SosOther), new("", standby, (int)k.OtherStandby), new("", "", (int)k.OtherOther)],
            new Dictionary<string, int>(),
            [new MinutesSum("", "", minutes)],
            await ResponsesAsync(db, period, null, ct),
            commissions,
            deviations,
            [new LookupCount("", "", lookups)]);
    }

    /// <summary>
    /// Each target's measured and met in a period (optionally one municipality's), counted in one pass over the covering
    /// index ix_response_facts_report: measured = done or found missed; met = done at or before due.
    /// </summary>
    public static async Task<IReadOnlyList<ResponseCount>> ResponsesAsync(StatisticsDbContext db, StatisticsPeriod period, string? municipality, CancellationToken ct)
    {
        var only = municipality is null ? "" : "AND municipality_code = {4}";
        var rSql = $$"""
            SELECT COUNT(CASE WHEN kind = {2} THEN 1 END) AS "CallbackMeasured",
                   COUNT(CASE WHEN kind = {2} AND done_at IS NOT NULL AND done_at <= due_at THEN 1 END) AS "CallbackMet",
                   COUNT(CASE WHEN kind = {3} THEN 1 END) AS "OnSiteMeasured",
                   COUNT(CASE WHEN kind = {3} AND done_at IS NOT NULL AND done_at <= due_at THEN 1 END) AS "OnSiteMet"
            FROM {{db.Table(FactModel.ResponsesTable)}}
            WHERE due_date >= {0} AND due_date <= {1} AND (done_at IS NOT NULL OR missed_at IS NOT NULL)
            {{only}}
            """;
        var r = await db.Database.SqlQueryRaw<ResponseTotals>(rSql, period.From, period.To, "Callback", "OnSite", municipality ?? "").SingleAsync(ct);
        var kinds = new List<ResponseCount>();
        if (r.CallbackMeasured > 0)
        {
            kinds.Add(new("Callback", (int)r.CallbackMeasured, (int)r.CallbackMet));
        }

        if (r.OnSiteMeasured > 0)
        {
            kinds.Add(new("OnSite", (int)r.OnSiteMeasured, (int)r.OnSiteMet));
        }

        return kinds;
    }

    internal sealed class CaseTotals
    {
        public long ChildSos { get; set; }

        public long ChildOther { get; set; }

        public long AdultSos { get; set; }

        public long AdultOther { get; set; }
    }

    internal sealed class ContactTotals
    {
        public long SosStandby { get; set; }

        public long SosOther { get; set; }

        public long OtherStandby { get; set; }

        public long OtherOther { get; set; }
    }

    internal sealed class ResponseTotals
    {
        public long CallbackMeasured { get; set; }

        public long CallbackMet { get; set; }

        public long OnSiteMeasured { get; set; }

        public long OnSiteMet { get; set; }
    }
}
