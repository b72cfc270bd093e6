using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>
/// The query's periods: the chosen From–To (local dates, both included, at most 366 days) and the same dates 1…CompareYears
/// years earlier (DateOnly.AddYears: 29 February becomes 28 February), in date order with the chosen period last.
/// </summary>
internal static class ReportPeriods
{
    public const int MaxDays = 366;

    public const int MaxCompareYears = 4;

    /// <summary>Checks the query; throws <see cref="ValidationException"/> naming the field, in Swedish. Returns the municipality of a municipality view.</summary>
    public static Municipality? Validate(StatisticsQuery query, JourConfiguration configuration)
    {
        if (query.From.Year < 1900 + MaxCompareYears)
        {
            throw new ValidationException("from", $"Startdatum {StatisticsText.Date(query.From)} är orimligt: ange ett datum från år {1900 + MaxCompareYears}.");
        }

        if (query.To < query.From)
        {
            throw new ValidationException("to", $"Slutdatum {StatisticsText.Date(query.To)} ligger före startdatum {StatisticsText.Date(query.From)}.");
        }

        if (Days(query.From, query.To) > MaxDays)
        {
            throw new ValidationException("to", $"Perioden är {Days(query.From, query.To)} dagar; den får vara högst {MaxDays} dagar (ett år).");
        }

        if (query.CompareYears is < 0 or > MaxCompareYears)
        {
            throw new ValidationException("compareYears", $"Antal jämförelseår ska vara 0–{MaxCompareYears}, inte {query.CompareYears}.");
        }

        if (query.MunicipalityCode is null)
        {
            return null;
        }

        var code = MunicipalityCode.Require(query.MunicipalityCode, "municipality");
        return configuration.Find(code)
            ?? throw new ValidationException("municipality", $"Kommunen {code} är inte med i jouren.", notFound: true);
    }

    /// <summary>The periods in date order, the chosen one last.</summary>
    public static IReadOnlyList<StatisticsPeriod> Of(StatisticsQuery query) =>
        Enumerable.Range(0, query.CompareYears + 1).Reverse()
            .Select(back => Period(query.From.AddYears(-back), query.To.AddYears(-back)))
            .ToList();

    public static StatisticsPeriod Period(DateOnly from, DateOnly to) => new(from, to, StatisticsText.PeriodLabel(from, to));

    public static int Days(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber + 1;

    /// <summary>
    /// The standby SOS calls the contract allows in the period: <paramref name="perYear"/> × the period's days / the days of
    /// From's year, rounded to a whole call (exactly <paramref name="perYear"/> for a calendar year).
    /// </summary>
    public static long SosAllowance(StatisticsPeriod period, int perYear)
    {
        var daysInYear = DateTime.IsLeapYear(period.From.Year) ? 366 : 365;
        return (long)Math.Round((decimal)perYear * Days(period.From, period.To) / daysInYear, MidpointRounding.AwayFromZero);
    }
}
