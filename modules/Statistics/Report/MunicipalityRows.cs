using SocialJour.Core.Configuration;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>
/// The report's municipality rows for the chosen period: every municipality that was a member on some day of it (membership
/// is [Joined, Left)), labelled with the day it joined or left when it was a member only part of the period, then any other
/// municipality with facts in the period ("(ej medlem)", e.g. where a case was moved to). A municipality view has its one row.
/// </summary>
internal sealed record MunicipalityRows(IReadOnlyList<MunicipalityRow> Rows, IReadOnlyList<string> Notes)
{
    public static MunicipalityRows Of(JourConfiguration configuration, PeriodFacts chosen, Municipality? view)
    {
        var (from, to) = (chosen.Period.From, chosen.Period.To);
        var rows = new List<MunicipalityRow>();
        var notes = new List<string>();
        var members = configuration.Municipalities.Where(m => m.Joined <= to && (m.Left is null || m.Left > from));
        foreach (var m in members.Where(m => view is null || m.Code == view.Code))
        {
            var joined = m.Joined > from ? m.Joined : (DateOnly?)null;
            var left = m.Left is { } l && l <= to ? l : (DateOnly?)null;
            var parts = new List<string>();
            if (joined is { } j)
            {
                parts.Add($"ansluten {StatisticsText.Date(j)}");
                notes.Add($"{m.Name} anslöt till jouren {StatisticsText.Date(j)} och räknas från den dagen.");
            }

            if (left is { } x)
            {
                parts.Add($"lämnade {StatisticsText.Date(x)}");
                notes.Add($"{m.Name} lämnade jouren {StatisticsText.Date(x)} och räknas till och med dagen före.");
            }

            rows.Add(new MunicipalityRow(m.Code, m.Name, parts.Count == 0 ? m.Name : $"{m.Name} ({string.Join(", ", parts)})"));
        }

        var listed = rows.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var code in chosen.MunicipalityCodes.Where(c => !listed.Contains(c) && (view is null || c == view.Code)).Order(StringComparer.Ordinal))
        {
            var name = NameOf(configuration, code);
            rows.Add(new MunicipalityRow(code, name, $"{name} (ej medlem)"));
            notes.Add($"{name} var inte medlem under perioden; raden visar det som ändå räknats där (t.ex. ärenden som flyttats dit).");
        }

        return new MunicipalityRows(rows, notes);
    }

    /// <summary>The configured name, else the official short name (a referred case), else the code.</summary>
    public static string NameOf(JourConfiguration configuration, string code) =>
        (MunicipalityCode.TryParse(code, out var c) ? configuration.Find(c.Value)?.Name : null)
        ?? MunicipalityCodes.ShortNames.GetValueOrDefault(code) ?? code;
}
