using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>
/// Makes the report's cells and hides small counts in what leaves the jour: a count from 1 to <see cref="Below"/>−1 shows
/// "&lt;N" (value null), 0 is shown, a share whose numerator or denominator is hidden shows "–", hours are never hidden.
/// Totals (total rows, the key figures) stay shown in the jour's own report; in a municipality view everything is about
/// one municipality, so its totals are hidden like any other count.
/// </summary>
internal sealed class Suppression(bool active, bool totalsToo, int below)
{
    public bool Active => active;

    public int Below => below;

    /// <summary>No suppression: the jour's own report.</summary>
    public static Suppression None { get; } = new(false, false, 1);

    public StatisticsCell Count(long n, bool total = false) =>
        Hides(n, total)
            ? new StatisticsCell(StatisticsValueKind.Count, null, "<" + StatisticsText.Count(below), true)
            : new StatisticsCell(StatisticsValueKind.Count, n, StatisticsText.Count(n));

    /// <summary>numerator / denominator in per cent, cut (not rounded) to one decimal; "–" with nothing to divide by.</summary>
    public StatisticsCell Percent(long numerator, long denominator, bool total = false)
    {
        if (Hides(numerator, total) || Hides(denominator, total))
        {
            return new StatisticsCell(StatisticsValueKind.Percent, null, StatisticsText.Dash, true);
        }

        if (denominator <= 0)
        {
            return new StatisticsCell(StatisticsValueKind.Percent, null, StatisticsText.Dash);
        }

        var share = CutPercent(numerator, denominator);
        return new StatisticsCell(StatisticsValueKind.Percent, share, StatisticsText.Percent(share));
    }

    /// <summary>Minutes as hours with one decimal (rounded half away from zero); never hidden.</summary>
    public static StatisticsCell Hours(long minutes)
    {
        var hours = Math.Round(minutes / 60m, 1, MidpointRounding.AwayFromZero);
        return new StatisticsCell(StatisticsValueKind.Hours, hours, StatisticsText.Hours(hours));
    }

    /// <summary>A cell with nothing to show ("–").</summary>
    public static StatisticsCell Nothing { get; } = new(StatisticsValueKind.Text, null, StatisticsText.Dash);

    /// <summary>numerator / denominator × 100, cut to one decimal: 1 924 / 4 607 = 41,7 (41,76…).</summary>
    public static decimal CutPercent(long numerator, long denominator) => Math.Floor(numerator * 1000m / denominator) / 10m;

    private bool Hides(long n, bool total) => active && (!total || totalsToo) && n > 0 && n < below;
}
