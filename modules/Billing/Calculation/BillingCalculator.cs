using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing.Calculation;

/// <summary>
/// Computes a period's split (docs/billing.md): pure, no I/O, exact to the öre — every total is allocated by the
/// largest-remainder method, so the payers' amounts add up exactly to it.
/// </summary>
internal static class BillingCalculator
{
    /// <summary>The periods of a model, in the order they are invoiced.</summary>
    public static IReadOnlyList<BillingPeriodKind> PeriodsOf(BillingModelKind model) => model switch
    {
        BillingModelKind.PopulationAndTime => [BillingPeriodKind.Budget, BillingPeriodKind.Outcome],
        _ => [BillingPeriodKind.AnnualFee, BillingPeriodKind.YearEnd],
    };

    /// <summary>The local dates (inclusive) whose time and commissions count in a period of <paramref name="year"/>.</summary>
    public static (DateOnly From, DateOnly To) TimeWindow(int year, BillingPeriodKind period) => period switch
    {
        BillingPeriodKind.Budget => (new DateOnly(year, 1, 1), new DateOnly(year, 6, 30)),
        _ => (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)),
    };

    /// <summary>Which cost a period splits.</summary>
    public static CostKind CostOf(BillingPeriodKind period) => period is BillingPeriodKind.Budget or BillingPeriodKind.AnnualFee ? CostKind.Budget : CostKind.Outcome;

    /// <summary>
    /// The split. Throws <c>SocialJour.Core.ValidationException</c> naming the municipality and year when a population is
    /// missing, and when no time was recorded in a period whose split depends on time.
    /// </summary>
    public static BillingSplit Compute(BillingInput input) => throw new NotImplementedException("Helper A implements the calculation (issue 13).");
}
