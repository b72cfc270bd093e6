using SocialJour.Core.Security;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Host.Pages;

/// <summary>
/// The unit manager's statistics page (docs/statistics.md): a period (dates, or the quick choices "Hela året" and
/// "1 januari–10 december" of a year), the comparison years, the whole jour or one municipality (that view is always
/// suppressed, as the municipality would get it), and "as it leaves the jour". Shows the key figures first, each chart
/// beside its table (the table is the chart's accessible form), every table, the breaches and the notes, and links to the
/// same report as XLSX, CSV and PDF (the API's exports). The query uses the API's names, so the links repeat it as it is.
/// </summary>
internal sealed class StatisticsModel(IStatisticsModule statistics, IMunicipalityRegistry registry, JourClock clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "compare")]
    public int? Compare { get; set; }

    [BindProperty(SupportsGet = true, Name = "municipality")]
    public string? Municipality { get; set; }

    [BindProperty(SupportsGet = true, Name = "suppress")]
    public bool Suppress { get; set; }

    /// <summary>A quick choice: "year" (1 January–31 December) or "dec10" (1 January–10 December) of <see cref="Year"/>.</summary>
    [BindProperty(SupportsGet = true, Name = "quick")]
    public string? Quick { get; set; }

    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    public StatisticsReport? Report { get; private set; }

    /// <summary>Why the shown period's figures may not leave the jour as files (null: they may).</summary>
    public string? ReleaseRefusal => Report is { } r ? statistics.ReleaseRefusal(r.Period.From, r.Period.To) : null;

    /// <summary>The refusal of each field ("from", "to", "compare", "municipality", "year"), shown beside it.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<Municipality> Municipalities => registry.Current.Municipalities.OrderBy(m => m.Name, StringComparer.Create(new CultureInfo("sv-SE"), false)).ToList();

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public int ShownYear => Year ?? (DateOnly.TryParseExact(From, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f.Year : clock.Today.Year);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Quick is not null)
        {
            if (Year is not { } y || y is < 2000 or > 2100)
            {
                Errors["year"] = $"Året '{Request.Query["year"]}' är inget år: skriv fyra siffror mellan 2000 och 2100, t.ex. 2021.";
                return;
            }

            From = $"{y:0000}-01-01";
            To = Quick == "dec10" ? $"{y:0000}-12-10" : $"{y:0000}-12-31";
        }

        // First visit: this year so far.
        if (From is null && To is null && !Request.Query.ContainsKey("from"))
        {
            var today = clock.Today;
            From = $"{today.Year:0000}-01-01";
            To = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var from = Date(From, "from", "Från och med");
        var to = Date(To, "to", "Till och med");
        if (Request.Query.TryGetValue("compare", out var c) && Compare is null && !string.IsNullOrWhiteSpace(c))
        {
            Errors["compare"] = $"Antal jämförelseår '{c}' ska vara ett heltal från 0 till 4.";
        }

        if (from is null || to is null || Errors.Count > 0)
        {
            return;
        }

        try
        {
            var municipality = string.IsNullOrWhiteSpace(Municipality) ? null : Municipality;
            var form = DisclosurePolicy.Statistics(Audience.Of(User), Suppress, municipality, file: false);
            Report = await statistics.ReportAsync(new StatisticsQuery(from.Value, to.Value, Compare ?? 2, municipality, form == FigureForm.Released), ct);
        }
        catch (ValidationException e)
        {
            Errors[e.Field switch { "compareYears" => "compare", var f => f }] = e.Message;
        }
    }

    /// <summary>The same query for the API (exports, chart files), e.g. <c>from=2021-01-01&amp;to=2021-12-10&amp;compare=2</c>.</summary>
    public string ApiQuery()
    {
        var report = Report!;
        var query = $"from={report.Period.From:yyyy-MM-dd}&to={report.Period.To:yyyy-MM-dd}&compare={report.Periods.Count - 1}";
        if (report.MunicipalityCode is { } code)
        {
            query += "&municipality=" + Uri.EscapeDataString(code);
        }

        return Suppress ? query + "&suppress=true" : query;
    }

    /// <summary>The chart drawn from a table, if any.</summary>
    public StatisticsChart? ChartOf(StatisticsTable table) => Report!.Charts.FirstOrDefault(c => c.TableKey == table.Key);

    public string? Svg(StatisticsChart chart) => statistics.ChartSvg(Report!, chart.Key);

    public string? Error(string field) => Errors.GetValueOrDefault(field);

    private DateOnly? Date(string? text, string field, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Errors[field] = $"{name}: ange ett datum, t.ex. 2021-01-01.";
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 2000 and <= 2100)
        {
            return date;
        }

        Errors[field] = $"{name}: '{text}' är inget datum på formen ÅÅÅÅ-MM-DD mellan 2000-01-01 och 2100-12-31.";
        return null;
    }
}
