using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Feed;
using static SocialJour.Tests.Statistics.StatisticsTestBed;

namespace SocialJour.Tests.Statistics;

/// <summary>
/// What is counted and where, against hand-computed fixtures applied through the projection (docs/statistics.md): contacts
/// and cases, a moved case, a municipality that joined mid-period, a DST night, period boundaries at local midnight, and a
/// repeated delivery.
/// </summary>
public sealed class StatisticsCountingTests
{
    private static readonly DateOnly Jan1 = new(2021, 1, 1);
    private static readonly DateOnly Dec31 = new(2021, 12, 31);

    [Fact]
    public async Task An_SOS_call_with_a_woman_and_two_children_is_one_contact_and_three_cases()
    {
        using var bed = new StatisticsTestBed();
        await bed.ApplyAsync(Contact(1, ContactChannel.SosAlarm, Local(2021, 5, 10, 22), "Standby",
            ("0191", CaseCategory.DomesticViolence, false), ("0191", CaseCategory.ChildrenAndYouth, true), ("0191", CaseCategory.ChildrenAndYouth, true)));
        await bed.ApplyAsync(Contact(2, ContactChannel.DirectLine, Local(2021, 5, 11, 17), "Open", ("0123", CaseCategory.SubstanceAbuse, false)));

        var report = await bed.ReportAsync(Jan1, Dec31);

        Assert.Equal("2021", report.Period.Label);
        Assert.Equal("2", report.Key("contacts"));
        Assert.Equal("4", report.Key("cases"));
        Assert.Equal("2", report.Key("child-cases"));
        Assert.Equal(ReportAssertions.Nb("50,0 %"), report.Key("child-share"));
        Assert.Equal("1", report.Key("sos-calls"));
        Assert.Equal("3", report.Key("sos-cases"));
        Assert.Equal("1", report.Key("standby-contacts"));
        Assert.Equal("1", report.Key("standby-sos-calls"));
        Assert.Equal(("1", "3"), (report.Cell("contacts-by-channel", "SosAlarm", "Kontakter"), report.Cell("contacts-by-channel", "SosAlarm", "Ärenden")));
        Assert.Equal(("2", "4"), (report.Cell("contacts-by-channel", "total", "Kontakter"), report.Cell("contacts-by-channel", "total", "Ärenden")));
        Assert.Equal("1", report.Cell("by-municipality", "0191", "Kontakter"));
        Assert.Equal("3", report.Cell("by-municipality", "0191", "Ärenden"));
        Assert.Equal("2", report.Cell("by-municipality", "0191", "Barn och unga"));
        Assert.Equal(ReportAssertions.Nb("66,6 %"), report.Cell("by-municipality", "0191", "Andel barn och unga")); // 2/3 cut, not 66,7
        Assert.Equal("2", report.Cell("cases-by-category", "0191", "Barn och unga"));
        Assert.Equal("3", report.Cell("cases-by-channel", "0191", "SOS Alarm/112"));
        Assert.Equal(("1", "3", "4"), (report.Cell("jour-mode", "cases", "Öppettid"), report.Cell("jour-mode", "cases", "Beredskap"), report.Cell("jour-mode", "cases", "Totalt")));
        Assert.Equal(["Sigtuna", "Järfälla", "Solna", "Ekerö", "Sollentuna", "Sundbyberg", "Upplands-Bro", "Upplands Väsby"], report.Table("by-municipality").Rows.Select(r => r.Label));
    }

    [Fact]
    public async Task A_moved_case_counts_where_it_ended_with_its_response_targets_and_a_move_to_a_non_member_gets_its_own_row()
    {
        using var bed = new StatisticsTestBed();
        var at = Local(2021, 9, 3, 18);
        await bed.ApplyAsync(Contact(1, ContactChannel.Police, at, "Open", ("0191", CaseCategory.SubstanceAbuse, false), ("0191", CaseCategory.SubstanceAbuse, false)));
        await bed.ApplyAsync(new ResponseTargetMissed(CaseId(1), "0191", ResponseTargetKind.Callback, at.AddMinutes(30), at.AddMinutes(31)));
        await bed.ApplyAsync(new CaseMoved(CaseId(1), "0191", "0123", false, at.AddHours(1)), new CaseMoved(CaseId(1, 1), "0191", "0180", true, at.AddHours(1)));
        // The first move delivered again after a later one changes nothing.
        await bed.ApplyAsync(new CaseMoved(CaseId(1), "0123", "0184", false, at.AddHours(2)));
        await bed.ApplyAsync(new CaseMoved(CaseId(1), "0191", "0123", false, at.AddHours(1)));

        var report = await bed.ReportAsync(Jan1, Dec31);

        Assert.Equal("0", report.Cell("by-municipality", "0191", "Ärenden"));
        Assert.Equal("0", report.Cell("by-municipality", "0191", "Kontakter"));
        Assert.Equal(("1", "1"), (report.Cell("by-municipality", "0184", "Ärenden"), report.Cell("by-municipality", "0184", "Kontakter")));
        Assert.Equal(("1", "1"), (report.Cell("by-municipality", "0180", "Ärenden"), report.Cell("by-municipality", "0180", "Kontakter")));
        Assert.Equal("Stockholm (ej medlem)", report.Table("by-municipality").Rows[^1].Label);
        Assert.Equal("1", report.Key("contacts")); // one contact, though two municipalities count it
        var breach = Assert.Single(report.Breaches);
        Assert.Equal((CaseId(1), "0184", "Solna", "Återuppringning inom 30 minuter", (DateTimeOffset?)null), (breach.CaseId, breach.MunicipalityCode, breach.MunicipalityName, breach.Target, breach.DoneAt));
        Assert.Contains(report.Notes, n => n.StartsWith("Stockholm var inte medlem", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_move_delivered_before_its_case_still_counts_the_case_where_it_ended()
    {
        using var bed = new StatisticsTestBed();
        var at = Local(2021, 9, 3, 18);
        await bed.ApplyAsync(new CaseMoved(CaseId(1), "0191", "0125", false, at.AddHours(1)));
        var empty = await bed.ReportAsync(Jan1, Dec31);
        Assert.Equal("0", empty.Key("cases")); // the move alone is no case

        await bed.ApplyAsync(Contact(1, ContactChannel.Police, at, "Open", ("0191", CaseCategory.ChildrenAndYouth, true)));

        var report = await bed.ReportAsync(Jan1, Dec31);
        Assert.Equal(("0", "1", "1"), (report.Cell("by-municipality", "0191", "Ärenden"), report.Cell("by-municipality", "0125", "Ärenden"), report.Cell("by-municipality", "0125", "Barn och unga")));
        Assert.Equal("1", report.Key("cases"));
    }

    [Fact]
    public async Task A_municipality_that_joined_mid_period_is_labelled_with_the_day_and_counted_from_it()
    {
        using var bed = new StatisticsTestBed(json => json.Replace("\"Code\": \"0139\", \"Name\": \"Upplands-Bro\", \"Joined\": \"2015-01-01\"", "\"Code\": \"0139\", \"Name\": \"Upplands-Bro\", \"Joined\": \"2021-03-18\"", StringComparison.Ordinal));
        await bed.ApplyAsync(Contact(1, ContactChannel.DirectLine, Local(2021, 3, 18, 0, 0), "Standby", ("0139", CaseCategory.Other, false)));
        await bed.ApplyAsync(Contact(2, ContactChannel.DirectLine, Local(2021, 6, 1), "Open", ("0139", CaseCategory.ChildrenAndYouth, true)));

        var year = await bed.ReportAsync(Jan1, Dec31);
        var row = year.Table("by-municipality").Rows.Single(r => r.Key == "0139");
        Assert.Equal("Upplands-Bro (ansluten 2021-03-18)", row.Label);
        Assert.Equal("2", row.Cells[1].Display);
        Assert.Contains("Upplands-Bro anslöt till jouren 2021-03-18 och räknas från den dagen.", year.Notes);

        // Before it joined it is not a row; from the day it joined it is a whole member.
        var before = await bed.ReportAsync(Jan1, new DateOnly(2021, 3, 17));
        Assert.DoesNotContain(before.Table("by-municipality").Rows, r => r.Key == "0139");
        var after = await bed.ReportAsync(new DateOnly(2021, 3, 18), new DateOnly(2021, 6, 30));
        Assert.Equal("Upplands-Bro", after.Table("by-municipality").Rows.Single(r => r.Key == "0139").Label);
        Assert.Equal("2", after.Cell("by-municipality", "0139", "Ärenden"));
    }

    [Fact]
    public async Task The_DST_nights_count_on_their_own_local_dates()
    {
        using var bed = new StatisticsTestBed();
        // Spring 2021-03-28: 01:30 CET (00:30Z) and 03:30 CEST (01:30Z); 02:00–03:00 does not exist.
        // Autumn 2021-10-31: 02:30 CEST (00:30Z) and 02:30 CET (01:30Z), the same wall-clock time twice; 00:30 CEST is 22:30Z the day before.
        DateTimeOffset Utc(int m, int d, int h, int min) => new(2021, m, d, h, min, 0, TimeSpan.Zero);
        await bed.ApplyAsync(Contact(1, ContactChannel.SosAlarm, Utc(3, 28, 0, 30), "Standby", ("0191", CaseCategory.Other, false)));
        await bed.ApplyAsync(Contact(2, ContactChannel.SosAlarm, Utc(3, 28, 1, 30), "Standby", ("0191", CaseCategory.Other, false)));
        await bed.ApplyAsync(Contact(3, ContactChannel.SosAlarm, Utc(3, 27, 22, 59), "Standby", ("0191", CaseCategory.Other, false))); // 23:59 CET on the 27th
        await bed.ApplyAsync(Contact(4, ContactChannel.SosAlarm, Utc(10, 31, 0, 30), "Standby", ("0191", CaseCategory.Other, false)));
        await bed.ApplyAsync(Contact(5, ContactChannel.SosAlarm, Utc(10, 31, 1, 30), "Standby", ("0191", CaseCategory.Other, false)));
        await bed.ApplyAsync(Contact(6, ContactChannel.SosAlarm, Utc(10, 30, 22, 30), "Standby", ("0191", CaseCategory.Other, false))); // 00:30 CEST on the 31st
        await bed.ApplyAsync(Contact(7, ContactChannel.SosAlarm, Utc(10, 31, 23, 0), "Standby", ("0191", CaseCategory.Other, false))); // 00:00 CET on 1 November
        await bed.ApplyAsync(Time(CaseId(2), "0191", 90, Utc(3, 28, 1, 30)), Time(CaseId(5), "0191", 30, Utc(10, 31, 1, 30)));

        async Task<string> CasesOn(int month, int day)
        {
            var date = new DateOnly(2021, month, day);
            return (await bed.ReportAsync(date, date)).Key("cases");
        }

        Assert.Equal("1", await CasesOn(3, 27));
        Assert.Equal("2", await CasesOn(3, 28));
        Assert.Equal("3", await CasesOn(10, 31));
        Assert.Equal("1", await CasesOn(11, 1));
        var spring = await bed.ReportAsync(new DateOnly(2021, 3, 28), new DateOnly(2021, 3, 28));
        Assert.Equal("1,5", spring.Key("hours"));
        Assert.Equal("1,5", spring.Cell("jour-mode", "hours", "Beredskap")); // 03:30 on a Sunday: standby by the schedule
    }

    [Theory]
    [InlineData(7)] // summer, UTC+2
    [InlineData(1)] // winter, UTC+1
    public async Task A_period_begins_and_ends_at_local_midnight(int month)
    {
        using var bed = new StatisticsTestBed();
        var first = new DateOnly(2021, month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var before = first.AddDays(-1);
        var after = last.AddDays(1);
        await bed.ApplyAsync(Contact(1, ContactChannel.DirectLine, Local(before.Year, before.Month, before.Day, 23, 59, 59), "Standby", ("0191", CaseCategory.Other, false)));
        await bed.ApplyAsync(Contact(2, ContactChannel.DirectLine, Local(first.Year, first.Month, first.Day, 0, 0, 0), "Standby", ("0191", CaseCategory.Other, false)));
        await bed.ApplyAsync(Contact(3, ContactChannel.DirectLine, Local(last.Year, last.Month, last.Day, 23, 59, 59), "Standby", ("0191", CaseCategory.Other, false)));
        await bed.ApplyAsync(Contact(4, ContactChannel.DirectLine, Local(after.Year, after.Month, after.Day, 0, 0, 0), "Standby", ("0191", CaseCategory.Other, false)));

        var report = await bed.ReportAsync(first, last);

        Assert.Equal(("2", "2"), (report.Key("contacts"), report.Key("cases")));
        Assert.Equal($"{first:yyyy-MM-dd} – {last:yyyy-MM-dd}", report.Period.Label);
    }

    [Fact]
    public async Task A_repeated_delivery_counts_once()
    {
        using var bed = new StatisticsTestBed();
        var at = Local(2021, 4, 6, 19);
        var items = Contact(1, ContactChannel.SosAlarm, at, "Open", ("0191", CaseCategory.Other, false), ("0123", CaseCategory.ChildrenAndYouth, true))
            .Concat<SocialJour.Core.Events.IIntegrationEvent>(
            [
                Time(CaseId(1), "0191", 45, at.AddMinutes(40)),
                new CommissionOrdered(7, "0184", CommissionKind.HomeVisit, at, true),
                new CommissionCompleted(7, "0184", CommissionKind.HomeVisit, 60, at.AddHours(3)),
                Deviation(3, SocialJour.Modules.Assessment.Contracts.DeviationCategory.Technical, null, at),
                Lookup(11, at, "Lookup", ("0191", "Found"), ("0123", "NotFound")),
                new ResponseStepRecorded(CaseId(1), "0191", ResponseTargetKind.Callback, at.AddMinutes(30), at.AddMinutes(20)),
            ])
            .Select((e, i) => new FeedItem($"msg-{i}", e)).ToList();

        await bed.ApplyAsync(items);
        await bed.ApplyAsync(items); // the whole batch again
        await bed.ApplyAsync([items[^1] with { Event = new ResponseStepRecorded(CaseId(1), "0191", ResponseTargetKind.Callback, at.AddMinutes(30), at.AddMinutes(50)) }]);
        await bed.ApplyAsync([.. items, .. items]); // twice within one batch

        var report = await bed.ReportAsync(Jan1, Dec31);
        Assert.Equal(("1", "2", "1"), (report.Key("contacts"), report.Key("cases"), report.Key("child-cases")));
        Assert.Equal("0,8", report.Key("hours"));
        Assert.Equal(("1", "1", "2"), (report.Key("commissions"), report.Key("deviations"), report.Key("lookups")));
        Assert.Equal(ReportAssertions.Nb("100,0 %"), report.Key("callback-compliance")); // the first done instant is kept
        Assert.Empty(report.Breaches);
    }
}
