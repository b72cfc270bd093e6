using System.Diagnostics;
using SocialJour.Core;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Contracts;
using static SocialJour.Tests.Statistics.ReportAssertions;
using static SocialJour.Tests.Statistics.StatisticsTestBed;

namespace SocialJour.Tests.Statistics;

/// <summary>
/// The report's measures and rules against hand-computed fixtures (docs/statistics.md): the children's share cut to one
/// decimal, suppression, response compliance and breaches, SOS calls beyond the contract, look-ups per status, comparison
/// periods, and the Swedish errors for bad queries.
/// </summary>
public sealed class StatisticsReportTests
{
    private static readonly DateOnly Jan1 = new(2021, 1, 1);
    private static readonly DateOnly Dec31 = new(2021, 12, 31);

    /// <summary>The end of the demo jour's release period (Statistics.ReleaseYearEnd "12-10"): what leaves the jour is for 1 January–10 December.</summary>
    private static readonly DateOnly Dec10 = new(2021, 12, 10);

    [Fact]
    public async Task The_children_share_is_cut_not_rounded_as_in_the_business_plan()
    {
        using var bed = new StatisticsTestBed();
        var events = new List<IIntegrationEvent>();
        var start = Local(2020, 1, 1, 0, 30);
        for (var i = 0; i < 4607; i++)
        {
            var child = i < 1924;
            events.AddRange(Contact(i + 1, ContactChannel.DirectLine, start.AddMinutes(i * 97), "Open",
                ("0191", child ? CaseCategory.ChildrenAndYouth : CaseCategory.SubstanceAbuse, child)));
        }

        var watch = Stopwatch.StartNew();
        await bed.ApplyAsync([.. events]);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"one batch of {events.Count} events took {watch.Elapsed}");

        var report = await bed.ReportAsync(new DateOnly(2020, 1, 1), new DateOnly(2020, 12, 31));

        Assert.Equal(Nb("4 607"), report.Key("cases"));
        Assert.Equal(Nb("1 924"), report.Key("child-cases"));
        Assert.Equal(Nb("41,7 %"), report.Key("child-share")); // 41,76…: rounding would say 41,8
        var share = report.Table("key-figures").Rows.Single(r => r.Key == "child-share").Cells[^1];
        Assert.Equal((StatisticsValueKind.Percent, 41.7m), (share.Kind, share.Value));
    }

    [Fact]
    public async Task Small_counts_are_suppressed_in_what_leaves_the_jour_but_totals_and_hours_are_shown()
    {
        using var bed = new StatisticsTestBed();
        var at = Local(2021, 2, 10, 18);
        await bed.ApplyAsync(Contact(1, ContactChannel.SosAlarm, at, "Open", ("0191", CaseCategory.ChildrenAndYouth, true), ("0191", CaseCategory.DomesticViolence, false), ("0191", CaseCategory.DomesticViolence, false)));
        for (var i = 0; i < 7; i++)
        {
            await bed.ApplyAsync(Contact(10 + i, ContactChannel.DirectLine, at.AddHours(i), "Open", ("0123", CaseCategory.SubstanceAbuse, false)));
        }

        await bed.ApplyAsync(
            Time(CaseId(1), "0191", 90, at.AddHours(1)),
            Deviation(1, DeviationCategory.Complaint, "0191", at),
            Deviation(2, DeviationCategory.Complaint, "0191", at),
            new ResponseTargetMissed(CaseId(1), "0191", ResponseTargetKind.Callback, at.AddMinutes(30), at.AddMinutes(31)));

        var own = await bed.ReportAsync(Jan1, Dec31);
        Assert.False(own.Suppressed);
        Assert.Equal("3", own.Cell("by-municipality", "0191", "Ärenden"));
        Assert.Single(own.Breaches);

        var report = await bed.ReportAsync(Jan1, Dec10, suppress: true);

        Assert.True(report.Suppressed);
        Assert.Equal(5, report.SuppressBelow);
        var cases = report.Table("by-municipality").Rows.Single(r => r.Key == "0191").Cells[1];
        Assert.Equal((null, "<5", true), (cases.Value, cases.Display, cases.Suppressed));
        Assert.Equal("<5", report.Cell("by-municipality", "0191", "Barn och unga"));
        Assert.Equal("–", report.Cell("by-municipality", "0191", "Andel barn och unga"));
        Assert.Equal("1,5", report.Cell("by-municipality", "0191", "Timmar"));
        Assert.Equal("7", report.Cell("by-municipality", "0123", "Ärenden"));
        Assert.Equal(Nb("0,0 %"), report.Cell("by-municipality", "0123", "Andel barn och unga"));
        Assert.Equal("0", report.Cell("by-municipality", "0184", "Ärenden"));
        Assert.Equal(("10", "1", Nb("10,0 %")), (report.Cell("by-municipality", "total", "Ärenden"), report.Cell("by-municipality", "total", "Barn och unga"), report.Cell("by-municipality", "total", "Andel barn och unga")));
        Assert.Equal("<5", report.Cell("complaints", "0191", "Antal"));
        Assert.Equal("2", report.Cell("complaints", "total", "Antal"));
        Assert.Equal("10", report.Key("cases"));
        Assert.Empty(report.Breaches);
        Assert.Contains(report.Notes, n => n.Contains("visas som \"<5\"", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Charts, c => c.Description.Contains("0191: 3", StringComparison.Ordinal) || c.Description.Contains("Sigtuna: 3", StringComparison.Ordinal));

        // A municipality's own view: its one row, everything about it suppressed, no breach list, no SOS contract.
        var view = await bed.ReportAsync(Jan1, Dec10, municipality: "0191");
        Assert.Equal(("0191", "Sigtuna", true), (view.MunicipalityCode, view.MunicipalityName, view.Suppressed));
        Assert.Equal(["0191"], view.Table("by-municipality").Rows.Select(r => r.Key));
        Assert.Equal(("<5", "<5", "<5"), (view.Key("cases"), view.Key("child-cases"), view.Key("contacts")));
        Assert.Equal("–", view.Key("sos-beyond-contract"));
        Assert.Equal("<5", view.Cell("by-municipality", "total", "Ärenden"));
        Assert.Equal("1,5", view.Key("hours"));
        Assert.Equal(["0191"], view.Table("complaints").Rows.Select(r => r.Key));
        Assert.Empty(view.Breaches);
        Assert.DoesNotContain(view.Notes, n => n.Contains("SOS Alarm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Response_compliance_counts_measured_targets_and_lists_the_breaches()
    {
        using var bed = new StatisticsTestBed();
        var at = Local(2021, 11, 2, 10);
        var events = new List<IIntegrationEvent>();
        events.AddRange(Contact(1, ContactChannel.DirectLine, at, "Open",
            ("0191", CaseCategory.Other, false), ("0123", CaseCategory.Other, false), ("0191", CaseCategory.Other, false), ("0184", CaseCategory.Other, false), ("0191", CaseCategory.Other, false), ("0191", CaseCategory.Other, false)));
        var due = at.AddMinutes(30);
        events.Add(new ResponseStepRecorded(CaseId(1, 0), "0191", ResponseTargetKind.Callback, due, due.AddMinutes(-10))); // met
        events.Add(new ResponseTargetMissed(CaseId(1, 1), "0123", ResponseTargetKind.Callback, due.AddMinutes(1), due.AddMinutes(2)));
        events.Add(new ResponseStepRecorded(CaseId(1, 1), "0123", ResponseTargetKind.Callback, due.AddMinutes(1), due.AddMinutes(16))); // late
        events.Add(new ResponseStepRecorded(CaseId(1, 2), "0191", ResponseTargetKind.Callback, due.AddMinutes(2), due.AddMinutes(2))); // at due: met
        events.Add(new ResponseTargetMissed(CaseId(1, 3), "0184", ResponseTargetKind.OnSite, at.AddHours(2), at.AddHours(2).AddMinutes(1))); // never done
        events.Add(new ResponseStepRecorded(CaseId(1, 4), "0191", ResponseTargetKind.OnSite, at.AddHours(3), at.AddHours(3).AddMinutes(30))); // late, step first
        events.Add(new ResponseTargetMissed(CaseId(1, 4), "0191", ResponseTargetKind.OnSite, at.AddHours(3), at.AddHours(3).AddMinutes(1)));
        events.Add(new ResponseStepRecorded(CaseId(1, 5), "0191", ResponseTargetKind.Callback, Local(2022, 1, 1, 0, 10), Local(2022, 1, 1, 0, 5))); // due next year
        await bed.ApplyAsync([.. events]);

        var report = await bed.ReportAsync(Jan1, Dec31);

        Assert.Equal(("3", "2", "1", Nb("66,6 %")),
            (report.Cell("response-targets", "Callback", "Mätta"), report.Cell("response-targets", "Callback", "Inom tid"), report.Cell("response-targets", "Callback", "Brister"), report.Cell("response-targets", "Callback", "Andel inom tid")));
        Assert.Equal(("2", "0", "2", Nb("0,0 %")),
            (report.Cell("response-targets", "OnSite", "Mätta"), report.Cell("response-targets", "OnSite", "Inom tid"), report.Cell("response-targets", "OnSite", "Brister"), report.Cell("response-targets", "OnSite", "Andel inom tid")));
        Assert.Equal(("5", "3", Nb("40,0 %")), (report.Cell("response-targets", "total", "Mätta"), report.Cell("response-targets", "total", "Brister"), report.Cell("response-targets", "total", "Andel inom tid")));
        Assert.Equal((Nb("66,6 %"), Nb("0,0 %")), (report.Key("callback-compliance"), report.Key("onsite-compliance")));
        Assert.Equal(
            [
                (CaseId(1, 1), "Järfälla", "Återuppringning inom 30 minuter", due.AddMinutes(1), (DateTimeOffset?)due.AddMinutes(16)),
                (CaseId(1, 3), "Solna", "På plats inom 2 timmar", at.AddHours(2), null),
                (CaseId(1, 4), "Sigtuna", "På plats inom 2 timmar", at.AddHours(3), at.AddHours(3).AddMinutes(30)),
            ],
            report.Breaches.Select(b => (b.CaseId, b.MunicipalityName, b.Target, b.DueAt, b.DoneAt)));
    }

    [Fact]
    public async Task Standby_SOS_calls_beyond_the_contract_are_counted_against_the_allowance_for_the_period()
    {
        using var bed = new StatisticsTestBed(json => json.Replace("\"Billing\": {", "\"Statistics\": { \"SuppressBelow\": 5, \"SosCallsPerYear\": 10 },\n  \"Billing\": {", StringComparison.Ordinal));
        var events = new List<IIntegrationEvent>();
        for (var i = 0; i < 8; i++)
        {
            events.AddRange(Contact(100 + i, ContactChannel.SosAlarm, Local(2021, 2, 1 + i, 3), "Standby", ("0191", CaseCategory.Other, false)));
        }

        for (var i = 0; i < 4; i++)
        {
            events.AddRange(Contact(200 + i, ContactChannel.SosAlarm, Local(2021, 9, 1 + i, 3), "Standby", ("0191", CaseCategory.Other, false), ("0191", CaseCategory.Other, false)));
        }

        for (var i = 0; i < 3; i++)
        {
            events.AddRange(Contact(300 + i, ContactChannel.SosAlarm, Local(2021, 3, 1 + i, 18), "Open", ("0191", CaseCategory.Other, false)));
        }

        events.AddRange(Contact(400, ContactChannel.Police, Local(2021, 3, 5, 3), "Standby", ("0191", CaseCategory.Other, false)));
        await bed.ApplyAsync([.. events]);

        var year = await bed.ReportAsync(Jan1, Dec31);
        Assert.Equal(("15", "19", "12", "2"), (year.Key("sos-calls"), year.Key("sos-cases"), year.Key("standby-sos-calls"), year.Key("sos-beyond-contract")));
        Assert.Equal("13", year.Key("standby-contacts"));
        Assert.Equal(("3", "12", "15"), (year.Cell("jour-mode", "sos-calls", "Öppettid"), year.Cell("jour-mode", "sos-calls", "Beredskap"), year.Cell("jour-mode", "sos-calls", "Totalt")));
        const string line = "Avtalet med SOS Alarm omfattar 10 samtal per år under beredskap. Under perioden kom 12 SOS-samtal under beredskap, 2 utöver avtalet.";
        Assert.Equal(line, year.Table("jour-mode").Note);
        Assert.Contains(line, year.Notes);

        // 1 January – 2 July: 183 of 365 days, 10 × 183 / 365 = 5,01 → 5 calls; 8 on standby → 3 beyond.
        var half = await bed.ReportAsync(Jan1, new DateOnly(2021, 7, 2));
        Assert.Equal(("8", "3"), (half.Key("standby-sos-calls"), half.Key("sos-beyond-contract")));
        Assert.StartsWith("Avtalet med SOS Alarm omfattar 10 samtal per år under beredskap, för perioden 5.", half.Table("jour-mode").Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Look_ups_count_once_per_asked_municipality_by_source_status()
    {
        using var bed = new StatisticsTestBed();
        var at = Local(2021, 6, 1, 20);
        await bed.ApplyAsync(
            Lookup(1, at, "Lookup", ("0191", "Found"), ("0123", "NoAccess")),
            Lookup(2, at, "EmergencyLookup", ("0191", "TimedOut")),
            Lookup(3, at, "Lookup", ("0184", null)), // logged before statuses travelled
            Lookup(4, at, "RegisterCheck", ("0191", "Found"))); // not a look-up in a journal system

        var report = await bed.ReportAsync(Jan1, Dec31);

        Assert.Equal("4", report.Key("lookups"));
        Assert.Equal(["Uppgifter funna", "Inga uppgifter", "Ingen behörighet", "Ej tillgänglig", "Tidsgräns", "Ogiltigt svar", "Avstängd", "Okänd status"], report.Table("lookups").Columns);
        Assert.Equal(("1", "1", "0"), (report.Cell("lookups", "0191", "Uppgifter funna"), report.Cell("lookups", "0191", "Tidsgräns"), report.Cell("lookups", "0191", "Ingen behörighet")));
        Assert.Equal("1", report.Cell("lookups", "0123", "Ingen behörighet"));
        Assert.Equal("1", report.Cell("lookups", "0184", "Okänd status"));
        Assert.Equal(("1", "1", "1", "1"), (report.Cell("lookups", "total", "Uppgifter funna"), report.Cell("lookups", "total", "Ingen behörighet"), report.Cell("lookups", "total", "Tidsgräns"), report.Cell("lookups", "total", "Okänd status")));
    }

    [Fact]
    public async Task Comparison_periods_are_the_same_dates_in_earlier_years_with_the_chosen_period_last()
    {
        using var bed = new StatisticsTestBed();
        await bed.ApplyAsync(Contact(1, ContactChannel.DirectLine, Local(2019, 6, 1), "Open", ("0191", CaseCategory.Other, false)));
        await bed.ApplyAsync(Contact(2, ContactChannel.DirectLine, Local(2020, 12, 10, 23, 59), "Standby", ("0191", CaseCategory.ChildrenAndYouth, true), ("0191", CaseCategory.Other, false)));
        await bed.ApplyAsync(Contact(3, ContactChannel.DirectLine, Local(2020, 12, 11, 0, 1), "Open", ("0191", CaseCategory.Other, false)));
        await bed.ApplyAsync(Contact(4, ContactChannel.DirectLine, Local(2021, 1, 1, 0, 0), "Open", ("0191", CaseCategory.Other, false), ("0123", CaseCategory.Other, false), ("0123", CaseCategory.Other, false)));

        var report = await bed.ReportAsync(Jan1, new DateOnly(2021, 12, 10), compareYears: 2);

        Assert.Equal(["2019-01-01 – 2019-12-10", "2020-01-01 – 2020-12-10", "2021-01-01 – 2021-12-10"], report.Periods.Select(p => p.Label));
        Assert.Equal(report.Periods[^1], report.Period);
        var keyFigures = report.Table("key-figures");
        Assert.Equal(report.Periods.Select(p => p.Label), keyFigures.Columns);
        Assert.Equal(["1", "2", "3"], keyFigures.Rows.Single(r => r.Key == "cases").Cells.Select(c => c.Display));
        Assert.Equal(["1", "1", "1"], keyFigures.Rows.Single(r => r.Key == "contacts").Cells.Select(c => c.Display));
        Assert.Equal(["0", "1", "0"], keyFigures.Rows.Single(r => r.Key == "standby-contacts").Cells.Select(c => c.Display));
        Assert.Equal([Nb("0,0 %"), Nb("50,0 %"), Nb("0,0 %")], keyFigures.Rows.Single(r => r.Key == "child-share").Cells.Select(c => c.Display));
        Assert.Equal("3", report.Cell("by-municipality", "total", "Ärenden")); // the other tables are the chosen period's
        Assert.Contains(report.Charts, c => c.Key == "cases-by-period" && c.TableKey == "key-figures" && c.Description.Contains("2020-01-01 – 2020-12-10: 2 ärenden, varav 1 barn och unga", StringComparison.Ordinal));
        Assert.Equal(["cases-by-period", "cases-by-municipality", "cases-by-category", "jour-mode"], report.Charts.Select(c => c.Key));

        // 29 February a year back is 28 February.
        var leap = await bed.ReportAsync(new DateOnly(2024, 2, 29), new DateOnly(2024, 3, 31), compareYears: 1);
        Assert.Equal(["2023-02-28 – 2023-03-31", "2024-02-29 – 2024-03-31"], leap.Periods.Select(p => p.Label));
    }

    [Theory]
    [InlineData("2021-12-31", "2021-01-01", 2, null, "to", false)]
    [InlineData("2021-01-01", "2022-01-02", 2, null, "to", false)]
    [InlineData("2021-01-01", "2021-12-31", 5, null, "compareYears", false)]
    [InlineData("2021-01-01", "2021-12-31", -1, null, "compareYears", false)]
    [InlineData("2021-01-01", "2021-12-31", 2, "0180", "municipality", true)]
    [InlineData("2021-01-01", "2021-12-31", 2, "Sigtuna", "municipality", false)]
    [InlineData("0001-01-01", "0001-12-31", 0, null, "from", false)]
    public async Task A_bad_query_is_refused_in_Swedish_naming_the_field(string from, string to, int compareYears, string? municipality, string field, bool notFound)
    {
        using var bed = new StatisticsTestBed();
        var e = await Assert.ThrowsAsync<ValidationException>(() => bed.ReportAsync(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), compareYears, municipality));
        Assert.Equal((field, notFound), (e.Field, e.NotFound));
        Assert.Matches("ligger före|högst 366 dagar|0–4|inte med i jouren|ingen kommunkod|Startdatum", e.Message);
    }

    [Fact]
    public async Task A_period_of_366_days_is_allowed()
    {
        using var bed = new StatisticsTestBed();
        var report = await bed.ReportAsync(new DateOnly(2020, 1, 1), new DateOnly(2020, 12, 31), compareYears: 4);
        Assert.Equal("2020", report.Period.Label);
        Assert.Equal(5, report.Periods.Count);
        Assert.Equal("0", report.Key("cases"));
        Assert.Equal("–", report.Key("child-share"));
    }
}
