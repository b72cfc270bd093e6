using SocialJour.Core;
using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>
/// What leaves the jour cannot be differenced (docs/statistics.md, "Små tal och differensattacker"): figures in the released
/// form (small counts suppressed) are given only for a <em>release period</em> — 1 January to the configured
/// <c>ReleaseYearEnd</c> of one year (default the whole calendar year) — and only once it has ended. Release periods never
/// overlap, and an ended one no longer grows day by day, so no two releases differ by a few days of cases; only the exact
/// internal form (the unit manager's page) takes any period.
/// </summary>
internal static class ReleasePeriodRule
{
    /// <summary>Throws <see cref="ValidationException"/> (field "from") unless From–To is an ended release period on <paramref name="today"/>.</summary>
    public static void Check(StatisticsQuery query, StatisticsSettings settings, DateOnly today)
    {
        var expected = Of(query.From.Year, settings);
        if (query.From != expected.From || query.To != expected.To)
        {
            throw new ValidationException("from",
                $"Statistik som lämnar jouren (fil, kommunvy, maskinklient, små tal dolda) ges bara för hela rapportperioder: {expected.From:yyyy-MM-dd}–{expected.To:yyyy-MM-dd} " +
                $"för {query.From.Year}. Två perioder som överlappar skulle tillsammans avslöja de små tal som döljs. Den exakta statistiken för valfri period finns på sidan Statistik.");
        }

        if (expected.To >= today)
        {
            throw new ValidationException("to",
                $"Rapportperioden {expected.From:yyyy-MM-dd}–{expected.To:yyyy-MM-dd} har inte tagit slut: den kan lämna jouren från {expected.To.AddDays(1):yyyy-MM-dd}. " +
                "Siffror för en pågående period ändras dag för dag och skulle avslöja enskilda ärenden.");
        }
    }

    /// <summary>The release period of <paramref name="year"/>.</summary>
    public static (DateOnly From, DateOnly To) Of(int year, StatisticsSettings settings) =>
        (new DateOnly(year, 1, 1), new DateOnly(year, settings.ReleaseEndMonth, settings.ReleaseEndDay));
}
