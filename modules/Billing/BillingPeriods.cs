using SocialJour.Core;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing;

/// <summary>Names of the models, periods and costs as users and URLs see them.</summary>
internal static class BillingPeriods
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    public static string ModelName(BillingModelKind model) => model switch
    {
        BillingModelKind.PopulationAndTime => "Befolkning och tid (budget i juli, utfall i januari)",
        _ => "Befolkningsavgift, uppdrag och underskott (årsavgift, bokslut)",
    };

    public static string Name(BillingPeriodKind period) => period switch
    {
        BillingPeriodKind.Budget => "Budget",
        BillingPeriodKind.Outcome => "Utfall",
        BillingPeriodKind.AnnualFee => "Årsavgift",
        _ => "Bokslut",
    };

    public static string CostName(CostKind kind) => kind == CostKind.Budget ? "budget" : "utfall";

    /// <summary>The period's name in a URL: budget, outcome, annual-fee, year-end (or budget, utfall, arsavgift, bokslut).</summary>
    public static string Slug(BillingPeriodKind period) => period switch
    {
        BillingPeriodKind.Budget => "budget",
        BillingPeriodKind.Outcome => "outcome",
        BillingPeriodKind.AnnualFee => "annual-fee",
        _ => "year-end",
    };

    public static BillingPeriodKind ParsePeriod(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "budget" => BillingPeriodKind.Budget,
        "outcome" or "utfall" => BillingPeriodKind.Outcome,
        "annual-fee" or "annualfee" or "arsavgift" or "årsavgift" => BillingPeriodKind.AnnualFee,
        "year-end" or "yearend" or "bokslut" => BillingPeriodKind.YearEnd,
        _ => throw new ValidationException("period", $"Perioden '{text}' finns inte: ange budget, outcome (utfall), annual-fee (årsavgift) eller year-end (bokslut)."),
    };

    public static CostKind ParseCostKind(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "budget" => CostKind.Budget,
        "outcome" or "utfall" => CostKind.Outcome,
        _ => throw new ValidationException("kind", $"Kostnadsslaget '{text}' finns inte: ange budget eller outcome (utfall)."),
    };

    public static int ParseYear(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) ? CheckYear(year)
            : throw new ValidationException("year", $"Året '{text}' är inget år: skriv fyra siffror, t.ex. 2021.");

    public static int CheckYear(int year) => year is >= FirstYear and <= LastYear
        ? year
        : throw new ValidationException("year", $"Året {year} ligger utanför {FirstYear}–{LastYear}.");
}
