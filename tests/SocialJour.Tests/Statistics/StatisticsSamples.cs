using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Tests.Statistics;

/// <summary>A report built by hand as the reporter hands it over: Nordväst's 1 January–10 December 2021 against 2019 and 2020.</summary>
internal static class StatisticsSamples
{
    public static readonly string[] Categories =
        ["Barn och unga", "Missbruk", "Våld i nära relation", "Akut ekonomiskt bistånd/boende", "Äldre/funktionsnedsättning", "Ensamkommande/asyl", "Övrigt"];

    /// <param name="suppressed">Small counts shown as "&lt;5" (what leaves the jour).</param>
    /// <param name="manyMunicipalities">Extra municipality rows ("Kommun 1", …), for a table over several pages.</param>
    public static StatisticsReport Report(bool suppressed, int manyMunicipalities = 0)
    {
        var periods = new[]
        {
            new StatisticsPeriod(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 10), "2019-01-01 – 2019-12-10"),
            new StatisticsPeriod(new DateOnly(2020, 1, 1), new DateOnly(2020, 12, 10), "2020-01-01 – 2020-12-10"),
            new StatisticsPeriod(new DateOnly(2021, 1, 1), new DateOnly(2021, 12, 10), "2021-01-01 – 2021-12-10"),
        };
        var keyFigures = new StatisticsTable("key-figures", "Nyckeltal", "Nyckeltal", periods.Select(p => p.Label).ToList(),
        [
            new("cases", "Ärenden", [Count(4983), Count(4607), Count(5303)]),
            new("child-cases", "Barn och unga", [Count(1915), Count(1924), Count(2527)]),
            new("child-share", "Andel barn och unga", [Percent(38.4m), Percent(41.7m), Percent(47.6m)]),
            new("hours", "Timmar", [Hours(1520.5m), Hours(1498m), Hours(1702.3m)]),
        ], null, null);

        var small = suppressed ? Suppressed() : Count(3);
        var smallCases = suppressed ? Suppressed() : Count(4);
        var municipalities = new List<StatisticsRow>
        {
            new("0191", "Sigtuna", [Count(700), Count(812), Count(301), Percent(37.0m), Hours(120.5m)]),
            new("0139", "Upplands-Bro (ansluten 2021-03-18)", [small, smallCases, Count(0), suppressed ? Dash() : Percent(0m), Hours(3.5m)]),
        };
        municipalities.AddRange(Enumerable.Range(1, manyMunicipalities).Select(i =>
            new StatisticsRow($"9{i:000}", $"Kommun {i}", [Count(10), Count(12), Count(5), Percent(41.6m), Hours(2m)])));
        var byMunicipality = new StatisticsTable("by-municipality", "Ärenden per kommun", "Kommun",
            ["Kontakter", "Ärenden", "Barn och unga", "Andel barn och unga", "Timmar"], municipalities,
            new("total", "Totalt", [Count(4100), Count(5303), Count(2527), Percent(47.6m), Hours(1702.3m)]), null);

        var byCategory = new StatisticsTable("cases-by-category", "Ärenden per kategori och per kommun", "Kommun", Categories,
        [
            new("0191", "Sigtuna", [Count(301), Count(120), Count(95), Count(88), Count(77), Count(31), Count(100)]),
            new("0139", "Upplands-Bro (ansluten 2021-03-18)", [Count(0), smallCases, Count(0), Count(0), Count(0), Count(0), Count(0)]),
        ], new("total", "Totalt", [Count(2527), Count(801), Count(610), Count(402), Count(388), Count(95), Count(480)]), "Ett ärende räknas i den kommun där det slutade.");

        var jourMode = new StatisticsTable("jour-mode", "Öppettid och beredskap", "Mått", ["Öppettid", "Beredskap", "Totalt"],
        [
            new("contacts", "Kontakter", [Count(2900), Count(1200), Count(4100)]),
            new("cases", "Ärenden", [Count(3700), Count(1603), Count(5303)]),
            new("sos-calls", "SOS-samtal", [Count(800), Count(1102), Count(1902)]),
            new("hours", "Timmar", [Hours(1100.3m), Hours(602m), Hours(1702.3m)]),
        ], null, "Avtalet med SOS Alarm omfattar 945 samtal under beredskap i perioden: 157 samtal utöver avtalet.");

        return new StatisticsReport(
            periods[^1], periods, null, null, suppressed, 5,
            [keyFigures, byMunicipality, byCategory, jourMode],
            [
                new("cases-by-period", "Ärenden per period", "key-figures", "Stapeldiagram: ärenden och ärenden som rör barn och unga per period."),
                new("cases-by-municipality", "Ärenden per kommun", "by-municipality", "Stapeldiagram: ärenden och ärenden som rör barn och unga per kommun."),
                new("cases-by-category", "Ärenden per kategori", "cases-by-category", "Stapeldiagram: ärenden per kategori för hela jouren."),
                new("jour-mode", "Öppettid och beredskap", "jour-mode", "Stapeldiagram: kontakter, ärenden, SOS-samtal och timmar under öppettid och beredskap."),
            ],
            suppressed ? [] : [new ResponseBreach("J1204", "0191", "Sigtuna", "På plats inom 2 timmar", new DateTimeOffset(2021, 3, 4, 23, 0, 0, TimeSpan.FromHours(1)), null)],
            ["Upplands-Bro anslöt 2021-03-18."],
            new DateTimeOffset(2021, 12, 11, 8, 5, 0, TimeSpan.Zero));
    }

    private static StatisticsCell Count(long n) => new(StatisticsValueKind.Count, n, n.ToString("#,##0", Modules.Statistics.Documents.DocumentText.Numbers));

    private static StatisticsCell Percent(decimal p) => new(StatisticsValueKind.Percent, p, p.ToString("0.0", Modules.Statistics.Documents.DocumentText.Numbers) + "\u00a0%");

    private static StatisticsCell Hours(decimal h) => new(StatisticsValueKind.Hours, h, h.ToString("#,##0.0", Modules.Statistics.Documents.DocumentText.Numbers));

    private static StatisticsCell Suppressed() => new(StatisticsValueKind.Count, null, "<5", true);

    private static StatisticsCell Dash() => new(StatisticsValueKind.Percent, null, "–", true);
}
