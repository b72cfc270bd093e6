using SocialJour.Core;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing.Calculation;

/// <summary>
/// Model "population fee, commissions, deficit" (Sociala jouren syd). AnnualFee: the year's budget allocated by weighted
/// population. YearEnd: each municipality's commissions priced from the price list (count × price per kind, exact), and
/// the deficit (outcome − annual fees invoiced − commission revenue) allocated by weighted population — negative: a
/// surplus, refunded.
/// </summary>
internal static class PopulationFeeModel
{
    public static ModelResult Compute(BillingInput input, IReadOnlyList<MunicipalityBasis> bases, List<string> notes)
    {
        if (input.Period == BillingPeriodKind.AnnualFee)
        {
            var fee = PopulationRule.Allocate(input.Cost, bases, input.Year);
            notes.Add($"Årsavgiften: budgeten {Swedish.Kronor(input.Cost)} fördelad efter folkmängd.");
            return new ModelResult(input.Cost, 0m, 0m, 0m, 0m, bases.Select((_, i) => new MunicipalityAmounts(fee[i], 0m, 0m, 0m)).ToList());
        }

        var commissions = bases.Select(b => CommissionRevenue(input, b)).ToList();
        var revenue = commissions.Sum();
        var deficit = input.Cost - input.FeesInvoiced - revenue;
        var shares = PopulationRule.Allocate(deficit, bases, input.Year);

        notes.Add($"Uppdragen är prissatta enligt prislistan ({string.Join(", ", input.Settings.PriceList.Select(p => $"{p.Key} {Swedish.Kronor(p.Value)}"))}): totalt {Swedish.Kronor(revenue)}.");
        notes.Add(deficit >= 0
            ? $"Underskott = utfall {Swedish.Kronor(input.Cost)} − årsavgifter {Swedish.Kronor(input.FeesInvoiced)} − uppdragsintäkter {Swedish.Kronor(revenue)} = {Swedish.Kronor(deficit)}, fördelat efter folkmängd som tilläggsbetalning."
            : $"Överskott = utfall {Swedish.Kronor(input.Cost)} − årsavgifter {Swedish.Kronor(input.FeesInvoiced)} − uppdragsintäkter {Swedish.Kronor(revenue)} = {Swedish.Kronor(deficit)}, återbetalas efter folkmängd.");
        return new ModelResult(0m, 0m, revenue, deficit, 0m, bases.Select((_, i) => new MunicipalityAmounts(0m, 0m, commissions[i], shares[i])).ToList());
    }

    /// <summary>The municipality's commissions of the period: count × price per kind. A kind without a price is refused, naming it.</summary>
    public static decimal CommissionRevenue(BillingInput input, MunicipalityBasis basis)
    {
        if (!input.Usage.CommissionsByKind.TryGetValue(basis.Member.Code, out var byKind))
        {
            return 0m;
        }

        var sum = 0m;
        foreach (var (kind, count) in byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (count == 0)
            {
                continue;
            }

            if (!input.Settings.PriceList.TryGetValue(kind, out var price))
            {
                throw new ValidationException($"Billing.PriceList.{kind}",
                    $"Prislistan saknar pris för uppdragstypen {kind}, som {basis.Member.Code.Value} ({basis.Member.Name}) har {count} uppdrag av {input.Year}. Lägg till Billing.PriceList.{kind} i konfigurationen.");
            }

            sum += count * price;
        }

        return sum;
    }
}
