using SocialJour.Core;

namespace SocialJour.Modules.Billing.Calculation;

/// <summary>
/// Model "population and time" (Socialjouren Nordväst). The cost's population part (cost × PopulationShare, rounded to öre)
/// is allocated by weighted population, the time part (the rest) by minutes on the municipality's cases (and commissions,
/// where they count); the administrative fee (rate × cost, rounded to öre) by each municipality's amount. Every allocation
/// by largest remainder (<see cref="Allocation"/>).
/// </summary>
internal static class PopulationAndTimeModel
{
    public static ModelResult Compute(BillingInput input, IReadOnlyList<MunicipalityBasis> bases, List<string> notes)
    {
        var settings = input.Settings;
        var populationPart = Allocation.RoundToOre(input.Cost * settings.PopulationShare);
        var timePart = input.Cost - populationPart;
        var (from, to) = BillingCalculator.TimeWindow(input.Year, input.Period);

        var population = PopulationRule.Allocate(populationPart, bases, input.Year);

        var minutes = bases.Select(b => b.Minutes).ToList();
        if (settings.TimeShare > 0 && minutes.Sum() == 0)
        {
            throw new ValidationException("Billing.TimeShare",
                $"Ingen tid är registrerad på någon medlemskommuns ärenden {from:yyyy-MM-dd}–{to:yyyy-MM-dd}, så tidsdelen ({Swedish.Percent(settings.TimeShare)}) kan inte fördelas. " +
                "Kontrollera att tiden är registrerad, eller ändra Billing.TimeShare i konfigurationen.");
        }

        var time = timePart == 0 ? new decimal[bases.Count] : Allocation.Allocate(timePart, minutes);

        var feeTotal = Allocation.RoundToOre(input.Cost * settings.AdministrativeFeeRate);
        var amountWeights = bases.Select((_, i) => Math.Abs(Allocation.ToOre(population[i] + time[i]))).ToList();
        var fee = feeTotal == 0 ? new decimal[bases.Count] : Allocation.Allocate(feeTotal, amountWeights);

        notes.Add($"Kostnaden {Swedish.Kronor(input.Cost)} fördelas till {Swedish.Percent(settings.PopulationShare)} efter folkmängd ({Swedish.Kronor(populationPart)}) " +
                  $"och till {Swedish.Percent(settings.TimeShare)} efter tid på kommunens ärenden {from:yyyy-MM-dd}–{to:yyyy-MM-dd} ({Swedish.Kronor(timePart)}).");
        notes.Add(settings.CommissionTimeCounts ? "Tid på uppdrag räknas med i tiden." : "Tid på uppdrag räknas inte med i tiden.");
        if (settings.AdministrativeFeeRate != 0)
        {
            notes.Add($"Administrativ avgift {Swedish.Percent(settings.AdministrativeFeeRate)} av beloppet: totalt {Swedish.Kronor(feeTotal)}, fördelad efter kommunernas belopp.");
        }

        if (input.Period == Contracts.BillingPeriodKind.Outcome)
        {
            notes.Add("Januarifakturan är årets slutliga belopp med administrativ avgift minus det som fakturerades i juli; ett negativt belopp är en kreditering.");
        }

        var amounts = bases.Select((_, i) => new MunicipalityAmounts(population[i], time[i], 0m, 0m, fee[i])).ToList();
        return new ModelResult(populationPart, timePart, 0m, 0m, feeTotal, amounts);
    }
}
