using SocialJour.Core.Events;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Feed;
using static SocialJour.Tests.Statistics.ReportAssertions;
using static SocialJour.Tests.Statistics.StatisticsTestBed;

namespace SocialJour.Tests.Statistics;

/// <summary>The projection and every report query on PostgreSQL (the module's own schema): the same counts as on SQLite.</summary>
public sealed class StatisticsPostgresTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task The_report_translates_and_counts_the_same_on_PostgreSQL()
    {
        using var bed = new StatisticsTestBed(database: new DatabaseOptions(DatabaseProvider.PostgreSql, "", postgres.ConnectionString));
        var at = Local(2021, 10, 31, 2, 30); // the autumn DST night
        var items = new List<IIntegrationEvent>();
        items.AddRange(Contact(1, ContactChannel.SosAlarm, at, "Standby", ("0191", CaseCategory.DomesticViolence, false), ("0191", CaseCategory.ChildrenAndYouth, true), ("0191", CaseCategory.ChildrenAndYouth, true)));
        items.AddRange(Contact(2, ContactChannel.DirectLine, Local(2020, 3, 1, 18), "Open", ("0123", CaseCategory.SubstanceAbuse, false)));
        items.AddRange(Contact(3, ContactChannel.Police, Local(2021, 12, 31, 23, 59, 59), "Open", ("0184", CaseCategory.Other, false)));
        items.Add(new CaseMoved(CaseId(1), "0191", "0123", false, at.AddHours(1)));
        items.Add(new ResponseTargetMissed(CaseId(1, 1), "0191", ResponseTargetKind.Callback, at.AddMinutes(30), at.AddMinutes(31)));
        items.Add(new ResponseStepRecorded(CaseId(1), "0123", ResponseTargetKind.Callback, at.AddMinutes(30), at.AddMinutes(10)));
        items.Add(Time(CaseId(1), "0191", 75, at.AddHours(1)));
        items.Add(new CommissionOrdered(5, "0184", CommissionKind.PhoneSupport, at, false));
        items.Add(Deviation(9, DeviationCategory.Complaint, null, at));
        items.Add(Deviation(10, DeviationCategory.Technical, "0191", at));
        items.Add(Lookup(20, at, "Lookup", ("0191", "Found"), ("0123", "Unavailable")));
        var feed = items.Select((e, i) => new FeedItem($"pg-{i}", e)).ToList();
        await bed.ApplyAsync(feed);
        await bed.ApplyAsync(feed); // repeated delivery

        var report = await bed.ReportAsync(new DateOnly(2021, 1, 1), new DateOnly(2021, 12, 31), compareYears: 2);

        Assert.Equal(["2019", "2020", "2021"], report.Periods.Select(p => p.Label));
        Assert.Equal(["0", "1", "4"], report.Table("key-figures").Rows.Single(r => r.Key == "cases").Cells.Select(c => c.Display));
        Assert.Equal(("2", "2", Nb("50,0 %"), "1", "3"), (report.Key("contacts"), report.Key("child-cases"), report.Key("child-share"), report.Key("sos-calls"), report.Key("sos-cases")));
        Assert.Equal(("2", "1", "1"), (report.Cell("by-municipality", "0191", "Ärenden"), report.Cell("by-municipality", "0123", "Ärenden"), report.Cell("by-municipality", "0191", "Kontakter")));
        Assert.Equal("1,3", report.Cell("by-municipality", "0191", "Timmar"));
        Assert.Equal(("2", "1", Nb("50,0 %")), (report.Cell("response-targets", "Callback", "Mätta"), report.Cell("response-targets", "Callback", "Inom tid"), report.Cell("response-targets", "Callback", "Andel inom tid")));
        Assert.Equal((CaseId(1, 1), "Sigtuna"), (Assert.Single(report.Breaches).CaseId, report.Breaches[0].MunicipalityName));
        Assert.Equal(("1", "1", "1"), (report.Cell("commissions", "0184", "Telefonstöd"), report.Cell("deviations", "Technical", "Antal"), report.Cell("complaints", "none", "Antal")));
        Assert.Equal(("1", "1"), (report.Cell("lookups", "0191", "Uppgifter funna"), report.Cell("lookups", "0123", "Ej tillgänglig")));

        var view = await bed.ReportAsync(new DateOnly(2021, 1, 1), new DateOnly(2021, 12, 10), municipality: "0123"); // a release period
        Assert.Equal(("<5", "<5", "0"), (view.Key("cases"), view.Key("contacts"), view.Key("child-cases")));
        Assert.Equal(["0123"], view.Table("by-municipality").Rows.Select(r => r.Key));
    }
}
