using Autofac;
using SocialJour.Core.Calendar;
using SocialJour.Core.Events;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Contracts;
using SocialJour.Modules.Statistics.Feed;

namespace SocialJour.Tests.Statistics;

/// <summary>
/// The modules on a real database (as billing's tests build them) and hand-built events applied through the statistics
/// projection, the one path into the fact tables. Times are the jour's local wall-clock times (Europe/Stockholm).
/// </summary>
internal sealed class StatisticsTestBed : IDisposable
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
    private readonly TempDir _dir = new();
    private int _messages;

    public StatisticsTestBed(Func<string, string>? editConfig = null, DatabaseOptions? database = null)
    {
        var config = DemoConfig.CopyTo(_dir, edit: editConfig);
        Container = Billing.BillingTestBed.Build(_dir, new FixedTime(new DateTimeOffset(2022, 1, 20, 9, 0, 0, TimeSpan.FromHours(1))), database, config);
    }

    public IContainer Container { get; }

    public IStatisticsModule Module => Container.Resolve<IStatisticsModule>();

    /// <summary>The instant of a local wall-clock time at the jour.</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour = 12, int minute = 0, int second = 0) =>
        JourClock.ToInstant(new DateOnly(year, month, day), new TimeOnly(hour, minute, second), Stockholm);

    /// <summary>Applies the events as one batch, each with a new message id.</summary>
    public Task ApplyAsync(params IIntegrationEvent[] events) => ApplyAsync(events.Select(e => new FeedItem($"m{Interlocked.Increment(ref _messages)}", e)).ToList());

    public Task ApplyAsync(IReadOnlyList<FeedItem> items) => Container.Resolve<StatisticsProjection>().ApplyAsync(items, CancellationToken.None);

    public Task<StatisticsReport> ReportAsync(DateOnly from, DateOnly to, int compareYears = 0, string? municipality = null, bool suppress = false) =>
        Module.ReportAsync(new StatisticsQuery(from, to, compareYears, municipality, suppress), CancellationToken.None);

    public void Dispose()
    {
        Container.Dispose();
        _dir.Dispose();
    }

    /// <summary>A contact and one case per (municipality, category, child) given, all received at <paramref name="at"/>.</summary>
    public static IIntegrationEvent[] Contact(long id, ContactChannel channel, DateTimeOffset at, string mode, params (string Municipality, CaseCategory Category, bool Child)[] cases) =>
        [
            new ContactRegistered(id, channel, at, mode, cases.Length, at),
            .. cases.Select((c, i) => (IIntegrationEvent)new CaseOpened(CaseId(id, i), id, c.Municipality, c.Category, c.Child, TriageLevel.Normal, channel, mode, false, at, at)),
        ];

    /// <summary>The id of a contact's <paramref name="index"/>th case in <see cref="Contact"/>.</summary>
    public static string CaseId(long contact, int index = 0) => $"J{contact}-{index + 1}";

    public static TimeRecorded Time(string caseId, string municipality, int minutes, DateTimeOffset at) => new(caseId, municipality, "anna", minutes, at);

    public static DeviationReported Deviation(long id, DeviationCategory category, string? municipality, DateTimeOffset at) => new(id, category, null, municipality, at, at);

    public static LookupLogged Lookup(long sequence, DateTimeOffset at, string kind = "Lookup", params (string Code, string? Status)[] sources) =>
        new(sequence, $"L{sequence}", kind, "anna", null, "Bedömning", sources.Select(s => s.Code).ToList(), at,
            sources.All(s => s.Status is null) ? null : sources.Where(s => s.Status is not null).Select(s => new LookupSourceOutcome(s.Code, s.Status!)).ToList());
}

internal static class ReportAssertions
{
    public static StatisticsTable Table(this StatisticsReport report, string key) => report.Tables.Single(t => t.Key == key);

    /// <summary>The displayed cell of row <paramref name="row"/> ("total" for the total row) and column heading <paramref name="column"/>.</summary>
    public static string Cell(this StatisticsReport report, string table, string row, string column)
    {
        var t = report.Table(table);
        var r = row == "total" && t.Total is not null ? t.Total : t.Rows.Single(x => x.Key == row);
        var i = t.Columns.ToList().IndexOf(column);
        Assert.True(i >= 0, $"no column {column} in {table}: {string.Join(", ", t.Columns)}");
        return r.Cells[i].Display;
    }

    /// <summary>A key figure of the chosen period (the last column).</summary>
    public static string Key(this StatisticsReport report, string row) => report.Table("key-figures").Rows.Single(x => x.Key == row).Cells[^1].Display;

    /// <summary>"4 983" as the report shows it (no-break spaces).</summary>
    public static string Nb(string text) => text.Replace(' ', '\u00A0');
}
