using SocialJour.Core;
using SocialJour.Core.Configuration;
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
    public static BillingSplit Compute(BillingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckPeriod(input);
        CheckOre(input.Cost, "Cost", "Kostnaden");
        CheckOre(input.FeesInvoiced, "FeesInvoiced", "De fakturerade årsavgifterna");

        var year = input.Year;
        var daysInYear = MembershipDays.DaysInYear(year);
        var populationYear = year - 1;
        var (from, to) = TimeWindow(year, input.Period);
        var notes = new List<string>();
        var bases = Bases(input, daysInYear, notes);
        if (bases.Count == 0)
        {
            throw new ValidationException("Municipalities", $"Ingen kommun är medlem någon dag {year}: det finns ingen att fördela kostnaden på.");
        }

        var result = input.Settings.Model == BillingModelKind.PopulationAndTime
            ? PopulationAndTimeModel.Compute(input, bases, notes)
            : PopulationFeeModel.Compute(input, bases, notes);

        var payers = Payers(input, bases, result, daysInYear, notes);
        if (input.Settings.Model == BillingModelKind.PopulationAndTime)
        {
            // Fees rounded on each payer's line may leave some öre against the entered cost: shown, never hidden.
            var invoiced = payers.Sum(p => p.Amount + p.AdministrativeFee);
            if (invoiced != input.Cost)
            {
                notes.Add($"Betalarnas belopp med avgift summerar till {Swedish.Kronor(invoiced)}, {Swedish.Kronor(invoiced - input.Cost)} från kostnaden {Swedish.Kronor(input.Cost)}: " +
                          "varje avgift är avrundad till hela ören på sin egen rad.");
            }
        }

        notes.Add($"Folkmängden är den 31 december {populationYear}, viktad med antalet medlemsdagar {year} av {daysInYear}.");
        notes.Add("Varje total är fördelad på hela ören med största restmetoden, först på kommunerna och sedan på deras nämnder, så att delarna summerar exakt till totalen.");

        return new BillingSplit(
            year,
            input.Period,
            NameOf(input.Period),
            input.Settings.Model,
            Version: null,
            Locked: false,
            ApprovedBy: null,
            ApprovedAt: null,
            CorrectionReason: null,
            input.Cost,
            input.CostVersion,
            populationYear,
            from,
            to,
            result.PopulationPart,
            result.TimePart,
            input.Settings.AdministrativeFeeRate,
            result.CommissionRevenue,
            input.Period == BillingPeriodKind.YearEnd ? input.FeesInvoiced : 0m,
            result.Deficit,
            payers,
            payers.Sum(p => p.ToInvoice),
            notes);
    }

    /// <summary>Every configured municipality as billing sees it for <paramref name="year"/>: membership and population on 31 December of the year before.</summary>
    public static IReadOnlyList<MemberBasis> MembersOf(JourConfiguration configuration, int year) =>
        configuration.Municipalities.Select(m => new MemberBasis(m.Code, m.Name, m.Joined, m.Left, m.PopulationAt(year - 1))).ToList();

    /// <summary>The Swedish name of a period.</summary>
    public static string NameOf(BillingPeriodKind period) => period switch
    {
        BillingPeriodKind.Budget => "Budget (julifakturan)",
        BillingPeriodKind.Outcome => "Utfall (januarifakturan)",
        BillingPeriodKind.AnnualFee => "Årsavgift",
        _ => "Årsavslut: uppdrag och underskott/överskott",
    };

    /// <summary>When a period of <paramref name="year"/> is invoiced, in Swedish ("juli 2021", "januari 2022").</summary>
    public static string InvoicedIn(int year, BillingPeriodKind period) => period switch
    {
        BillingPeriodKind.Budget => $"juli {year}",
        BillingPeriodKind.AnnualFee => $"januari {year}",
        _ => $"januari {year + 1}",
    };

    private static void CheckPeriod(BillingInput input)
    {
        if (!PeriodsOf(input.Settings.Model).Contains(input.Period))
        {
            throw new ValidationException("Period", $"Perioden {input.Period} finns inte i modellen {input.Settings.Model}; den har {string.Join(" och ", PeriodsOf(input.Settings.Model))}.");
        }
    }

    private static void CheckOre(decimal amount, string field, string what)
    {
        if (decimal.Round(amount, 2) != amount)
        {
            throw new ValidationException(field, $"{what} ({amount}) ska anges i kronor med högst två decimaler (hela ören).");
        }
    }

    /// <summary>The paying municipalities: every member on at least one day of the year, with its population (required) and usage.</summary>
    private static List<MunicipalityBasis> Bases(BillingInput input, int daysInYear, List<string> notes)
    {
        var bases = new List<MunicipalityBasis>(input.Members.Count);
        var countsCommissionTime = input.Settings.Model == BillingModelKind.PopulationAndTime && input.Settings.CommissionTimeCounts;
        foreach (var member in input.Members)
        {
            var days = MembershipDays.InYear(member.Joined, member.Left, input.Year);
            if (days == 0)
            {
                if (input.Usage.CaseMinutes.GetValueOrDefault(member.Code) + input.Usage.CommissionMinutes.GetValueOrDefault(member.Code) > 0 ||
                    input.Usage.CommissionsByKind.ContainsKey(member.Code))
                {
                    notes.Add($"{member.Name}: inte medlem {input.Year}; registrerad tid och uppdrag räknas inte.");
                }

                continue;
            }

            if (member.Population is not { } population)
            {
                throw new ValidationException($"Population.{input.Year - 1}",
                    $"Folkmängden den 31 december {input.Year - 1} saknas för kommun {member.Code.Value} ({member.Name}), som är medlem {input.Year}. " +
                    $"Lägg till \"{input.Year - 1}\" under Population för kommunen i konfigurationen.");
            }

            if (days < daysInYear)
            {
                var left = member.Left is { } l && l.Year == input.Year ? $", utträdde {l:yyyy-MM-dd}" : "";
                var joined = member.Joined.Year == input.Year ? $", inträdde {member.Joined:yyyy-MM-dd}" : "";
                notes.Add($"{member.Name}: medlem {days} av {daysInYear} dagar{joined}{left}.");
            }

            var minutes = input.Usage.CaseMinutes.GetValueOrDefault(member.Code) + (countsCommissionTime ? input.Usage.CommissionMinutes.GetValueOrDefault(member.Code) : 0);
            var commissions = input.Usage.CommissionsByKind.TryGetValue(member.Code, out var byKind) ? byKind.Values.Sum() : 0;
            bases.Add(new MunicipalityBasis(member, population, days, minutes, commissions));
        }

        return bases;
    }

    /// <summary>Each municipality's amounts split between its committees (largest remainder by share), with what was invoiced before.</summary>
    private static List<PayerSplit> Payers(BillingInput input, List<MunicipalityBasis> bases, ModelResult result, int daysInYear, List<string> notes)
    {
        var settings = input.Settings;
        var totalWeight = bases.Sum(b => b.PopulationWeight);
        var totalMinutes = bases.Sum(b => b.Minutes);
        var timeCounts = settings.Model == BillingModelKind.PopulationAndTime;
        var payers = new List<PayerSplit>();
        var seen = new HashSet<PayerKey>();
        for (var i = 0; i < bases.Count; i++)
        {
            var b = bases[i];
            var a = result.Amounts[i];
            var committees = settings.Committees.TryGetValue(b.Member.Code, out var list) && list.Count > 0
                ? list
                : [new CommitteeShare(BillingSettings.DefaultCommittee, 1m)];
            var weights = committees.Select(c => (long)(c.Share * ShareScale)).ToList();
            var population = Allocation.Allocate(a.Population, weights);
            var time = Allocation.Allocate(a.Time, weights);
            var commission = Allocation.Allocate(a.Commission, weights);
            var deficit = Allocation.Allocate(a.Deficit, weights);
            // Each payer's fee on its own line: the rate times its own amount, rounded half-up to the öre (seed 002, issue 24 §9).
            var fee = committees.Select((_, c) => settings.Model == BillingModelKind.PopulationAndTime
                ? Allocation.RoundToOre(settings.AdministrativeFeeRate * (population[c] + time[c] + commission[c] + deficit[c]))
                : 0m).ToArray();

            if (committees.Count > 1)
            {
                notes.Add($"{b.Member.Name} betalar genom {committees.Count} nämnder: {string.Join(", ", committees.Select(c => $"{c.Name} {Swedish.Percent(c.Share)}"))}.");
            }

            for (var c = 0; c < committees.Count; c++)
            {
                var key = new PayerKey(b.Member.Code, committees[c].Name);
                seen.Add(key);
                var amount = population[c] + time[c] + commission[c] + deficit[c];
                var before = input.PreviouslyInvoiced.GetValueOrDefault(key);
                payers.Add(new PayerSplit(
                    b.Member.Code.Value,
                    b.Member.Name,
                    committees[c].Name,
                    committees[c].Share,
                    b.Population,
                    b.MemberDays,
                    daysInYear,
                    PopulationRule.ShareOf(b.PopulationWeight, totalWeight),
                    population[c],
                    b.Minutes,
                    timeCounts ? PopulationRule.ShareOf(b.Minutes, totalMinutes) : 0m,
                    time[c],
                    b.Commissions,
                    commission[c],
                    deficit[c],
                    amount,
                    fee[c],
                    before,
                    amount + fee[c] - before));
            }
        }

        // Invoiced before to a payer that no longer is one (a committee renamed or removed since): credited in full, never lost.
        foreach (var (key, before) in input.PreviouslyInvoiced.Where(p => !seen.Contains(p.Key) && p.Value != 0).OrderBy(p => p.Key.Municipality.Value, StringComparer.Ordinal).ThenBy(p => p.Key.Committee, StringComparer.Ordinal))
        {
            var member = input.Members.FirstOrDefault(m => m.Code == key.Municipality);
            var name = member?.Name ?? key.Municipality.Value;
            notes.Add($"{name}, {key.Committee}: fakturerades {Swedish.Kronor(before)} tidigare men är inte längre betalare; beloppet krediteras.");
            payers.Add(new PayerSplit(key.Municipality.Value, name, key.Committee, 0m, member?.Population ?? 0, 0, daysInYear, 0m, 0m, 0, 0m, 0m, 0, 0m, 0m, 0m, 0m, before, -before));
        }

        return payers;
    }

    /// <summary>Committee shares have at most six decimals (checked in the configuration): scaled to integer weights.</summary>
    private const decimal ShareScale = 1_000_000m;
}
