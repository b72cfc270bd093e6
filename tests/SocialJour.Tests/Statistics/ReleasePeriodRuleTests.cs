using System.Text.Json;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Statistics;
using SocialJour.Modules.Statistics.Contracts;
using SocialJour.Modules.Statistics.Report;

namespace SocialJour.Tests.Statistics;

/// <summary>The release-period rule (docs/statistics.md, "Små tal och differensattacker"): one rule, its guarantee and its setting.</summary>
public sealed class ReleasePeriodRuleTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    [Theory]
    [InlineData(12, 31)]
    [InlineData(12, 10)]
    [InlineData(6, 30)]
    public void Release_periods_never_overlap_so_no_two_releases_can_be_subtracted(int month, int day)
    {
        var settings = StatisticsSettings.Default with { ReleaseEndMonth = month, ReleaseEndDay = day };
        var periods = Enumerable.Range(2000, 101).Select(y => ReleasePeriodRule.Of(y, settings)).ToList();

        for (var i = 1; i < periods.Count; i++)
        {
            Assert.True(periods[i - 1].To < periods[i].From, $"{periods[i - 1]} och {periods[i]} överlappar");
        }

        // Exactly one period a year is released, the one of the setting, once it has ended.
        var (from, to) = ReleasePeriodRule.Of(2025, settings);
        ReleasePeriodRule.Check(new StatisticsQuery(from, to), settings, Today);
        Assert.Equal("from", Assert.Throws<ValidationException>(() => ReleasePeriodRule.Check(new StatisticsQuery(from, to.AddDays(-1)), settings, Today)).Field);
        Assert.Equal("from", Assert.Throws<ValidationException>(() => ReleasePeriodRule.Check(new StatisticsQuery(from.AddDays(1), to), settings, Today)).Field);
    }

    [Fact]
    public void A_release_period_leaves_the_jour_the_day_after_it_ends_not_before()
    {
        var settings = StatisticsSettings.Default with { ReleaseEndMonth = 12, ReleaseEndDay = 10 };
        var query = new StatisticsQuery(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 10));

        Assert.Equal("to", Assert.Throws<ValidationException>(() => ReleasePeriodRule.Check(query, settings, new DateOnly(2026, 12, 10))).Field);
        ReleasePeriodRule.Check(query, settings, new DateOnly(2026, 12, 11));
    }

    [Theory]
    [InlineData("\"12-10\"", 12, 10, null)]
    [InlineData("\"02-29\"", 12, 31, "Statistics.ReleaseYearEnd")]
    [InlineData("\"10 december\"", 12, 31, "Statistics.ReleaseYearEnd")]
    [InlineData("1210", 12, 31, "Statistics.ReleaseYearEnd")]
    public void The_setting_is_a_day_of_the_year_and_a_bad_one_is_named(string value, int month, int day, string? problemField)
    {
        var problems = new List<ConfigurationProblem>();
        var settings = StatisticsSettings.Parse(JsonDocument.Parse($"{{\"ReleaseYearEnd\": {value}}}").RootElement, problems);

        if (problemField is null)
        {
            Assert.Empty(problems);
            Assert.Equal((month, day), (settings!.ReleaseEndMonth, settings.ReleaseEndDay));
        }
        else
        {
            Assert.Null(settings);
            Assert.Contains(problems, p => p.ToString().Contains(problemField, StringComparison.Ordinal));
        }
    }
}
