using SocialJour.Core;

namespace SocialJour.Modules.Billing.Calculation;

/// <summary>
/// The population rule of both models: a total is allocated by weighted population — population on 31 December of the
/// year before × days of membership in the year (÷ days in the year, a common factor left out so the weights stay
/// integers) — by largest remainder.
/// </summary>
internal static class PopulationRule
{
    public static decimal[] Allocate(decimal total, IReadOnlyList<MunicipalityBasis> bases, int year)
    {
        var weights = bases.Select(b => b.PopulationWeight).ToList();
        if (total != 0 && weights.Sum() == 0)
        {
            throw new ValidationException($"Population.{year - 1}",
                $"Folkmängden den 31 december {year - 1} är 0 för alla medlemskommuner {year}; kostnaden kan inte fördelas efter folkmängd.");
        }

        return Allocation.Allocate(total, weights);
    }

    /// <summary>The municipality's share of the weighted population, for display (six decimals); the amounts come from the exact weights.</summary>
    public static decimal ShareOf(long weight, long totalWeight) => totalWeight == 0 ? 0m : decimal.Round((decimal)weight / totalWeight, 6, MidpointRounding.AwayFromZero);
}
