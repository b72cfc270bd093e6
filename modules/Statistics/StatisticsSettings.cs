using System.Text.Json;
using SocialJour.Core.Configuration;

namespace SocialJour.Modules.Statistics;

/// <summary>
/// The jour's statistics settings, from the optional <c>Statistics</c> section of jour.json (docs/operations.md):
/// <c>SuppressBelow</c> (counts from 1 up to this minus one leave the jour as "&lt;N"; default 5; 1 turns suppression off) and
/// <c>SosCallsPerYear</c> (the calls on standby time included in the contract with SOS Alarm; default 1 000) and
/// <c>ReleaseYearEnd</c> ("MM-DD", default "12-31"): the last day of each year's release period, 1 January to that day — the
/// only periods whose figures leave the jour (<see cref="Report.ReleasePeriodRule"/>; Nordväst reports 1 January–10 December).
/// </summary>
internal sealed record StatisticsSettings(int SuppressBelow, int SosCallsPerYear, int ReleaseEndMonth = 12, int ReleaseEndDay = 31)
{
    public const string SectionName = "Statistics";

    public static StatisticsSettings Default { get; } = new(5, 1000);

    /// <summary>The settings of <paramref name="configuration"/>; the defaults when the section is missing (a valid section is guaranteed by the loader).</summary>
    public static StatisticsSettings Read(JourConfiguration configuration)
    {
        if (!configuration.Sections.TryGetValue(SectionName, out var section) || section.ValueKind != JsonValueKind.Object)
        {
            return Default;
        }

        var problems = new List<ConfigurationProblem>();
        return Parse(section, problems) ?? Default;
    }

    /// <summary>Parses the section, adding each problem (naming its field in full); null when there is one.</summary>
    public static StatisticsSettings? Parse(JsonElement section, List<ConfigurationProblem> problems)
    {
        var before = problems.Count;
        void Problem(string field, string message) => problems.Add(new ConfigurationProblem(null, null, $"{SectionName}.{field}", message));
        if (section.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ConfigurationProblem(null, null, SectionName, "ska vara ett objekt, t.ex. {\"SuppressBelow\": 5, \"SosCallsPerYear\": 1000}"));
            return null;
        }

        string[] known = ["SuppressBelow", "SosCallsPerYear", "ReleaseYearEnd"];
        foreach (var p in section.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            Problem(p.Name, $"okänt fält; giltiga fält är {string.Join(", ", known)}");
        }

        int Int(string name, int fallback, int min, int max)
        {
            if (!section.TryGetProperty(name, out var v))
            {
                return fallback;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i) || i < min || i > max)
            {
                Problem(name, $"ska vara ett heltal från {min} till {max}");
                return fallback;
            }

            return i;
        }

        var (endMonth, endDay) = (Default.ReleaseEndMonth, Default.ReleaseEndDay);
        if (section.TryGetProperty("ReleaseYearEnd", out var end))
        {
            // 02-29 is refused: a release period must end on the same day every year.
            if (end.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact("2001-" + end.GetString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                Problem("ReleaseYearEnd", "ska vara en dag på formen \"MM-DD\", t.ex. \"12-10\" eller \"12-31\"");
            }
            else
            {
                (endMonth, endDay) = (day.Month, day.Day);
            }
        }

        var settings = new StatisticsSettings(Int("SuppressBelow", Default.SuppressBelow, 1, 100), Int("SosCallsPerYear", Default.SosCallsPerYear, 0, 1_000_000), endMonth, endDay);
        return problems.Count > before ? null : settings;
    }
}

/// <summary>Validates the <c>Statistics</c> section when the configuration is loaded (start-up, reload, <c>socialjour validate</c>).</summary>
internal sealed class StatisticsConfigurationSection : IJourConfigurationSection
{
    public string Name => StatisticsSettings.SectionName;

    public IReadOnlyList<ConfigurationProblem> Validate(JsonElement section, JourConfiguration configuration)
    {
        var problems = new List<ConfigurationProblem>();
        StatisticsSettings.Parse(section, problems);
        return problems;
    }
}
