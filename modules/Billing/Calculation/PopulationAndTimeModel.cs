using SocialJour.Core;

namespace SocialJour.Modules.Billing.Calculation;

/// <summary>
/// Model "population and time" (Socialjouren Nordväst). The entered cost includes the administrative fee (seed 002): the
/// shared base is the cost without it — the cost less an imported ledger's overhead line, or else the cost ÷ (1 + rate),
/// rounded to öre. The base's population part (× PopulationShare, rounded to öre) is allocated by weighted population, the
/// time part (the rest) by minutes on the municipality's cases (and commissions, where they count); every allocation by
/// largest remainder (<see cref="Allocation"/>). Each payer's fee is the rate times its own amount, rounded half-up to the
/// öre on its own line (<see cref="BillingCalculator"/>), so a controller checks one invoice alone.
/// </summary>
internal static class PopulationAndTimeModel
{
    public static ModelResult Compute(BillingInput input, IReadOnlyList<MunicipalityBasis> bases, List<string> notes)
    {
        var settings = input.Settings;
        var rate = settings.AdministrativeFeeRate;
        var shared = input.OverheadLine is { } overhead ? input.Cost - overhead
            : rate == 0 ? input.Cost
            : Allocation.RoundToOre(input.Cost / (1m + rate));
        var populationPart = Allocation.RoundToOre(shared * settings.PopulationShare);
        var timePart = shared - populationPart;
        var (from, to) = BillingCalculator.TimeWindow(input.Year, input.Period);

        var population = PopulationRule.Allocate(populationPart, bases, input.Year);

        var minutes = bases.Select(b => b.Minutes).ToList();
        if (settings.TimeShare > 0 && minutes.Sum() == 0)
        {
            throw new ValidationException("Billing.TimeShare",
                $"Ingen tid är registrerad på någon medlemskommuns ärenden {from:yyyy-MM-dd}–{to:yyyy-MM-dd}, så tidsdelen ({Swedish.Percent(settings.TimeShare)}) kan inte fördelas. " +
                "Kontrollera att tiden är registrerad, eller be IT ändra tidsandelen i jourens konfiguration (inställningen Billing.TimeShare).");
        }

        var time = timePart == 0 ? new decimal[bases.Count] : Allocation.Allocate(timePart, minutes);

        var feeInside = input.Cost - shared;
        if (rate != 0)
        {
            notes.Add(input.OverheadLine is not null
                ? $"Kostnaden {Swedish.Kronor(input.Cost)} innehåller huvudbokens rad för administrativ avgift ({Swedish.Kronor(feeInside)}): kommunerna delar på {Swedish.Kronor(shared)}."
                : $"Kostnaden {Swedish.Kronor(input.Cost)} innehåller den administrativa avgiften {Swedish.Percent(rate)}: kommunerna delar på {Swedish.Kronor(input.Cost)} / {1m + rate:0.00##} = {Swedish.Kronor(shared)}.");
        }

        notes.Add($"{Swedish.Kronor(shared)} fördelas till {Swedish.Percent(settings.PopulationShare)} efter folkmängd ({Swedish.Kronor(populationPart)}) " +
                  $"och till {Swedish.Percent(settings.TimeShare)} efter tid på kommunens ärenden {from:yyyy-MM-dd}–{to:yyyy-MM-dd} ({Swedish.Kronor(timePart)}).");
        notes.Add(settings.CommissionTimeCounts ? "Tid på uppdrag räknas med i tiden." : "Tid på uppdrag räknas inte med i tiden.");
        if (rate != 0)
        {
            notes.Add($"Varje betalares administrativa avgift är {Swedish.Percent(rate)} av betalarens eget belopp, avrundad till hela ören på sin egen rad.");
        }

        if (input.Period == Contracts.BillingPeriodKind.Outcome)
        {
            notes.Add("Januarifakturan är årets slutliga belopp med administrativ avgift minus det som fakturerades i juli; ett negativt belopp är en kreditering.");
        }

        // The fee is computed per payer (BillingCalculator), not allocated here.
        var amounts = bases.Select((_, i) => new MunicipalityAmounts(population[i], time[i], 0m, 0m)).ToList();
        return new ModelResult(populationPart, timePart, 0m, 0m, feeInside, amounts);
    }
}
