using Autofac;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics;
using SocialJour.Modules.Statistics.Contracts;
using SocialJour.Modules.Statistics.Facts;
using SocialJour.Modules.Statistics.Report;
using static SocialJour.Tests.Statistics.StatisticsTestBed;

namespace SocialJour.Tests.Statistics;

/// <summary>
/// The month roll-ups (docs/statistics.md, "Roll-ups") against the facts they come from: a year of varied events delivered
/// in small and large batches, with moves, late targets and repeated deliveries, then every measure of several periods read
/// the report's way (whole months from the roll-ups, edge days from the facts) and straight from the facts — they must agree.
/// </summary>
public sealed class StatisticsRollupTests
{
    private static readonly string[] Codes = ["0191", "0123", "0184", "0125", "0163", "0183", "0139", "0114"];

    private static readonly (DateOnly From, DateOnly To)[] Periods =
    [
        (new(2021, 1, 1), new(2021, 12, 31)),   // whole months only
        (new(2021, 1, 1), new(2021, 12, 10)),   // the business plan's period: 1–10 December from the facts
        (new(2021, 3, 15), new(2021, 4, 14)),   // no whole month
        (new(2021, 3, 28), new(2021, 3, 28)),   // a DST night
        (new(2021, 2, 1), new(2021, 2, 28)),    // one whole month
        (new(2021, 10, 31), new(2022, 1, 31)),  // the DST night of October at an edge, and a year boundary
        (new(2020, 12, 15), new(2022, 2, 10)),  // edges, a whole year and a whole month
    ];

    [Theory]
    [InlineData("2025-01-01", "2025-12-31", "2025–2025", "", "")]
    [InlineData("2021-01-01", "2021-12-10", "", "2021-01-01–2021-11-01", "2021-12-01–2021-12-10")]
    [InlineData("2021-03-15", "2021-04-14", "", "", "2021-03-15–2021-04-14")]
    [InlineData("2021-02-01", "2021-02-28", "", "2021-02-01–2021-02-01", "")]
    [InlineData("2020-12-15", "2022-02-10", "2021–2021", "2022-01-01–2022-01-01", "2020-12-15–2020-12-31 2022-02-01–2022-02-10")]
    [InlineData("2020-11-01", "2022-01-31", "2021–2021", "2020-11-01–2020-12-01 2022-01-01–2022-01-01", "")]
    [InlineData("2024-02-29", "2024-02-29", "", "", "2024-02-29–2024-02-29")]
    public void A_period_is_read_as_whole_years_whole_months_and_edge_days(string from, string to, string years, string months, string edges)
    {
        var parts = FactQueries.Split(DateOnly.Parse(from), DateOnly.Parse(to));
        Assert.Equal(years, parts.Years is { } y ? $"{y.First}–{y.Last}" : "");
        Assert.Equal(months, string.Join(" ", parts.Months.Select(m => $"{m.First:yyyy-MM-dd}–{m.Last:yyyy-MM-dd}")));
        Assert.Equal(edges, string.Join(" ", parts.Edges.Select(e => $"{e.From:yyyy-MM-dd}–{e.To:yyyy-MM-dd}")));
    }

    [Fact]
    public async Task The_report_reads_of_every_period_equal_the_facts_and_a_rebuild_changes_nothing()
    {
        using var bed = new StatisticsTestBed();
        await DeliverAYearAsync(bed);
        var contexts = bed.Container.Resolve<Func<StatisticsDbContext>>();

        foreach (var (from, to) in Periods)
        {
            foreach (var municipality in new string?[] { null, "0184" })
            {
                var period = new StatisticsPeriod(from, to, "p");
                var rolledUp = await FactQueries.LoadAsync(contexts, period, municipality, CancellationToken.None);
                var facts = await FromFactsAsync(contexts, period, municipality);
                var what = $"{from}–{to} {municipality ?? "jouren"}";
                Assert.True(rolledUp.CaseTotal > 0 || from == new DateOnly(2021, 3, 28), what);
                Assert.Equal(Describe(facts), Describe(rolledUp));
            }
        }

        // The roll-ups kept batch by batch are exactly what a rebuild from the facts gives.
        await using var db = contexts();
        var kept = await Snapshot(db);
        Assert.NotEmpty(kept);
        await MonthRollup.RebuildAsync(db, CancellationToken.None);
        Assert.Equal(kept, await Snapshot(db));
    }

    [Fact]
    public async Task A_case_moved_months_later_leaves_its_old_municipality_in_the_month_it_was_received()
    {
        using var bed = new StatisticsTestBed();
        var at = Local(2021, 5, 10, 23);
        await bed.ApplyAsync(Contact(1, ContactChannel.SosAlarm, at, "Standby", ("0191", CaseCategory.ChildrenAndYouth, true), ("0191", CaseCategory.DomesticViolence, false)));
        var before = await bed.ReportAsync(new DateOnly(2021, 1, 1), new DateOnly(2021, 12, 31));
        Assert.Equal("2", before.Cell("by-municipality", "0191", "Ärenden"));

        // The move arrives in September; the roll-up of May (where the case is counted) is rewritten for both municipalities.
        await bed.ApplyAsync(new CaseMoved(CaseId(1), "0191", "0123", false, Local(2021, 9, 1)));
        var after = await bed.ReportAsync(new DateOnly(2021, 1, 1), new DateOnly(2021, 12, 31));
        Assert.Equal("1", after.Cell("by-municipality", "0191", "Ärenden"));
        Assert.Equal("1", after.Cell("by-municipality", "0123", "Ärenden"));
        Assert.Equal("1", after.Cell("by-municipality", "0123", "Barn och unga"));
        Assert.Equal("0", after.Cell("by-municipality", "0191", "Barn och unga"));
        Assert.Equal("1", after.Cell("by-municipality", "0123", "Kontakter"));
        Assert.Equal("1", after.Cell("by-municipality", "0191", "Kontakter"));
        Assert.Equal("2", after.Key("cases"));
        Assert.Equal("1", after.Key("contacts"));
    }

    /// <summary>Contacts with 1–3 cases over 2021 and January 2022, time, targets, commissions and look-ups, in batches of 1–200 events.</summary>
    private static async Task DeliverAYearAsync(StatisticsTestBed bed)
    {
        var random = new Random(20211210);
        var events = new List<IIntegrationEvent>();
        var channels = Enum.GetValues<ContactChannel>();
        var categories = Enum.GetValues<CaseCategory>();
        var statuses = new[] { "Found", "NotFound", "TimedOut", "Unavailable" };
        var caseIds = new List<(string Id, string Municipality)>();
        for (var id = 1; id <= 900; id++)
        {
            var day = new DateOnly(2021, 1, 1).AddDays(random.Next(396));
            var at = Local(day.Year, day.Month, day.Day, random.Next(24), random.Next(60));
            var mode = random.Next(3) == 0 ? "Open" : "Standby";
            var cases = Enumerable.Range(0, 1 + random.Next(3))
                .Select(_ => (Codes[random.Next(Codes.Length)], categories[random.Next(categories.Length)], random.Next(3) == 0)).ToArray();
            events.AddRange(Contact(id, channels[random.Next(channels.Length)], at, mode, cases));
            for (var i = 0; i < cases.Length; i++)
            {
                var caseId = CaseId(id, i);
                caseIds.Add((caseId, cases[i].Item1));
                var due = at.AddMinutes(30);
                events.Add(random.Next(4) == 0
                    ? new ResponseTargetMissed(caseId, cases[i].Item1, ResponseTargetKind.Callback, due, due.AddMinutes(1))
                    : new ResponseStepRecorded(caseId, cases[i].Item1, ResponseTargetKind.Callback, due, at.AddMinutes(random.Next(50))));
                events.Add(Time(caseId, cases[i].Item1, 5 + random.Next(90), at.AddMinutes(20)));
            }

            if (id % 7 == 0)
            {
                events.Add(new CommissionOrdered(id, Codes[random.Next(Codes.Length)], CommissionKind.HomeVisit, at, true));
            }

            events.Add(Lookup(id, at.AddMinutes(5), "Lookup", (Codes[random.Next(Codes.Length)], statuses[random.Next(statuses.Length)]), ("0184", "Found")));
        }

        // Moves between municipalities, some delivered twice.
        foreach (var (caseId, municipality) in caseIds.Where((_, i) => i % 11 == 0))
        {
            var to = Codes[(Array.IndexOf(Codes, municipality) + 1) % Codes.Length];
            events.Add(new CaseMoved(caseId, municipality, to, false, Local(2022, 2, 1)));
        }

        var position = 0;
        while (position < events.Count)
        {
            var size = random.Next(4) == 0 ? 200 : 1 + random.Next(8);
            var batch = events.Skip(position).Take(size).ToArray();
            await bed.ApplyAsync(batch);
            if (random.Next(10) == 0)
            {
                await bed.ApplyAsync(batch); // a repeated delivery (new message ids: the facts' own keys make it count once)
            }

            position += size;
        }

        foreach (var (caseId, municipality) in caseIds.Where((_, i) => i % 11 == 0).Take(20))
        {
            await bed.ApplyAsync(new CaseMoved(caseId, municipality, Codes[(Array.IndexOf(Codes, municipality) + 1) % Codes.Length], false, Local(2022, 2, 1)));
        }
    }

    /// <summary>The period's measures straight from the facts, by the roll-ups' own definitions (the whole period as one "edge").</summary>
    private static async Task<PeriodFacts> FromFactsAsync(Func<StatisticsDbContext> contexts, StatisticsPeriod period, string? municipality)
    {
        await using var db = contexts();
        var sql = "SELECT measure AS \"Measure\", municipality_code AS \"MunicipalityCode\", item AS \"Item\", amount AS \"Amount\" " +
            $"FROM ({MonthRollup.EdgeSql(db, municipality is not null)}) AS edge";
        object[] args = municipality is null ? [period.From, period.To] : [period.From, period.To, municipality];
        var rows = await db.Database.SqlQueryRaw<TallyRow>(sql, args).ToListAsync();
        return new PeriodFacts(period, rows, [], municipality is not null);
    }

    private static string Describe(PeriodFacts p)
    {
        static string Of<TKey>(IEnumerable<KeyValuePair<TKey, long>> values) => string.Join(" ", values.Select(v => $"{v.Key}={v.Value}").Order(StringComparer.Ordinal));
        return string.Join("\n",
            $"cases {p.CaseTotals}",
            "contacts " + string.Join(" ", p.Contacts.Select(c => c.ToString()).Order(StringComparer.Ordinal)),
            "by municipality " + Of(p.ContactsByMunicipality),
            "minutes " + string.Join(" ", p.Minutes.Select(m => m.ToString()).Order(StringComparer.Ordinal)),
            "responses " + string.Join(" ", p.Responses),
            "category " + Of(p.CasesByCategory),
            "channel " + Of(p.CasesByChannel),
            "modes " + string.Join(" ", new[] { "Open", "Standby" }.Select(m => $"{m}={p.CasesOfMode(m)}")),
            "commissions " + Of(p.Commissions),
            "lookups " + Of(p.Lookups));
    }

    private static async Task<List<string>> Snapshot(StatisticsDbContext db) =>
        (await db.MonthCounts.AsNoTracking().ToListAsync())
            .Select(m => $"{m.Month:yyyy-MM-dd} {m.Measure} {m.MunicipalityCode} {m.Item} {m.Amount}")
            .Concat((await db.YearCounts.AsNoTracking().ToListAsync()).Select(y => $"{y.Year} {y.Measure} {y.MunicipalityCode} {y.Item} {y.Amount}"))
            .Order(StringComparer.Ordinal).ToList();
}
