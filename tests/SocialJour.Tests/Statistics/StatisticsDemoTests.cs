using Autofac;
using SocialJour.Core.Audit;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Contracts;
using SocialJour.Modules.Statistics.Demo;
using SocialJour.Tests.Billing;

namespace SocialJour.Tests.Statistics;

/// <summary>
/// The demo's statistics history (SocialJour:Statistics:DemoHistory): Nordväst's generated events add up, 1 January–10
/// December of each year by the local date of receipt, to the business plan's figures (4 983 / 1 915, 4 607 / 1 924,
/// 5 303 / 2 527) and 2021's 79 SOS calls beyond the contract; the same every time; Syd's only from members on each date.
/// </summary>
public sealed class StatisticsDemoTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(new DateTimeOffset(2022, 2, 1, 9, 0, 0, TimeSpan.FromHours(1)));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Nordvasts_generated_cases_and_child_cases_from_1_January_to_10_December_are_the_plans_figures()
    {
        var configuration = Configuration(DemoConfig.CopyTo(_dir));
        var events = DemoEvents.Generate(configuration).Select(i => i.Event).ToList();
        var zone = configuration.Jour.TimeZone;
        var cases = events.OfType<CaseOpened>().ToList();

        foreach (var (year, total, children) in new[] { (2019, 4_983, 1_915), (2020, 4_607, 1_924), (2021, 5_303, 2_527) })
        {
            var period = cases.Where(c => JourClock.LocalDate(c.ReceivedAt, zone) is var d && d >= new DateOnly(year, 1, 1) && d <= new DateOnly(year, 12, 10)).ToList();
            Assert.Equal((year, total, children), (year, period.Count, period.Count(c => c.ConcernsChild)));
        }

        // A contact's cases are one per person; several persons in some (an SOS call with a family).
        var contacts = events.OfType<ContactRegistered>().ToList();
        Assert.Equal(cases.Count, contacts.Sum(c => c.Cases));
        Assert.Contains(contacts, c => c.Cases == 3 && c.Channel == ContactChannel.SosAlarm);
        Assert.All(cases, c => Assert.True(c.Category != CaseCategory.ChildrenAndYouth || c.ConcernsChild));

        // 2021: 1 000 standby SOS calls in the contract and 79 beyond (the annual report), modes as the schedule has them.
        var sos2021 = contacts.Count(c => c.Channel == ContactChannel.SosAlarm && c.JourMode == nameof(JourMode.Standby) && JourClock.LocalDate(c.ReceivedAt, zone).Year == 2021);
        Assert.Equal(1_079, sos2021);
        Assert.All(contacts, c => Assert.Equal(configuration.Schedule.ModeAt(c.ReceivedAt).ToString(), c.JourMode));
        Assert.DoesNotContain(contacts, c => c.JourMode == nameof(JourMode.Closed));

        // 2021's three deviations and three complaints; every kind of event the report counts is there.
        var deviations2021 = events.OfType<DeviationReported>().Where(d => d.OccurredAt.Year == 2021).ToList();
        Assert.Equal((3, 3), (deviations2021.Count(d => d.Category != DeviationCategory.Complaint), deviations2021.Count(d => d.Category == DeviationCategory.Complaint)));
        Assert.NotEmpty(events.OfType<CaseMoved>());
        Assert.NotEmpty(events.OfType<TimeRecorded>());
        Assert.NotEmpty(events.OfType<CommissionCompleted>());
        Assert.Contains(events.OfType<ResponseStepRecorded>(), s => s.At > s.DueAt);
        Assert.Contains(events.OfType<ResponseTargetMissed>(), m => m.Kind == ResponseTargetKind.OnSite);
        Assert.All(events.OfType<LookupLogged>(), l => Assert.Equal(l.MunicipalityCodes, l.Sources!.Select(s => s.MunicipalityCode)));
        Assert.Contains(events.OfType<LookupLogged>().SelectMany(l => l.Sources!), s => s.Status == "NoAccess");
    }

    [Fact]
    public void The_history_is_the_same_every_time_with_unique_demo_message_ids_in_the_order_things_happened()
    {
        var configuration = Configuration(DemoConfig.CopyTo(_dir));
        var first = DemoEvents.Generate(configuration);
        var second = DemoEvents.Generate(configuration);

        Assert.Equal(first.Select(i => i.MessageId), second.Select(i => i.MessageId));
        Assert.Equal(first.Select(i => System.Text.Json.JsonSerializer.Serialize(i.Event, i.Event.GetType())), second.Select(i => System.Text.Json.JsonSerializer.Serialize(i.Event, i.Event.GetType())));
        Assert.All(first, i => Assert.StartsWith("demo-", i.MessageId, StringComparison.Ordinal));
        Assert.Equal(first.Count, first.Select(i => i.MessageId).Distinct().Count());
        Assert.All(first.Select(i => i.Event).OfType<CaseOpened>(), c => Assert.True(c.ContactId > DemoEvents.FirstId));
    }

    [Fact]
    public void Syds_history_has_cases_only_for_members_on_the_day()
    {
        var configuration = Configuration(BillingDemoTests.SydConfig);
        var zone = configuration.Jour.TimeZone;
        var cases = DemoEvents.Generate(configuration).Select(i => i.Event).OfType<CaseOpened>().ToList();

        Assert.InRange(cases.Count, 3_000, 6_000);
        Assert.All(cases, c => Assert.True(configuration.Find(c.MunicipalityCode)!.IsMemberOn(JourClock.LocalDate(c.ReceivedAt, zone)), $"{c.CaseId} {c.MunicipalityCode} {c.ReceivedAt:O}"));
        Assert.Contains(cases, c => c.MunicipalityCode == "1262"); // Lomma, from 18 March 2021
        Assert.Contains(cases, c => c.MunicipalityCode == "1230"); // Staffanstorp, until 30 September 2021
    }

    [Fact]
    public async Task Seeded_through_the_projection_the_report_over_1_January_to_10_December_gives_the_plans_table_once()
    {
        using var container = CoreHarness.Build(DemoConfig.CopyTo(_dir), new DatabaseOptions(DatabaseProvider.Sqlite, _dir.File("data"), null), time: _time, withModules: true,
            configure: b => b.RegisterType<StatisticsDemoHistory>().AsSelf());
        var history = container.Resolve<StatisticsDemoHistory>();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var seeded = await history.SeedAsync(CancellationToken.None);
        var took = watch.Elapsed;

        Assert.NotNull(seeded);
        var report = await container.Resolve<IStatisticsModule>().ReportAsync(new StatisticsQuery(new DateOnly(2021, 1, 1), new DateOnly(2021, 12, 10), 2), CancellationToken.None);
        Assert.Equal(["2019-01-01 – 2019-12-10", "2020-01-01 – 2020-12-10", "2021-01-01 – 2021-12-10"], report.Periods.Select(p => p.Label));
        var key = report.Tables.Single(t => t.Key == "key-figures");
        string[] Row(string row) => key.Rows.Single(r => r.Key == row).Cells.Select(c => c.Display).ToArray();
        Assert.Equal(["4\u00a0983", "4\u00a0607", "5\u00a0303"], Row("cases"));
        Assert.Equal(["1\u00a0915", "1\u00a0924", "2\u00a0527"], Row("child-cases"));
        Assert.Equal(["38,4\u00a0%", "41,7\u00a0%", "47,6\u00a0%"], Row("child-share"));

        // The whole of 2021: 79 standby SOS calls beyond the contract's 1 000; three deviations and three complaints.
        var year = await container.Resolve<IStatisticsModule>().ReportAsync(new StatisticsQuery(new DateOnly(2021, 1, 1), new DateOnly(2021, 12, 31), 0), CancellationToken.None);
        var figures = year.Tables.Single(t => t.Key == "key-figures").Rows.ToDictionary(r => r.Key, r => r.Cells[^1].Display);
        Assert.Equal(("1\u00a0079", "79", "3", "3"), (figures["standby-sos-calls"], figures["sos-beyond-contract"], figures["deviations"], figures["complaints"]));
        Assert.Equal(8, year.Tables.Single(t => t.Key == "by-municipality").Rows.Count);

        // Once: a second start adds nothing; the seeding is in the audit log.
        Assert.Null(await history.SeedAsync(CancellationToken.None));
        Assert.Contains(await container.Resolve<IAuditLog>().RecentAsync(10), a => a.Action == "statistics.demo-history-seeded" && a.Actor == "demo" && a.Subject == "Socialjouren Nordväst");
        Console.WriteLine($"Statistics demo history seeded in {took.TotalSeconds:F1} s: {seeded}");
    }

    private JourConfiguration Configuration(string path)
    {
        using var container = CoreHarness.Build(path, new DatabaseOptions(DatabaseProvider.Sqlite, _dir.File("data"), null), time: _time);
        return container.Resolve<IMunicipalityRegistry>().Current;
    }
}
