using SocialJour.Core;
using SocialJour.Modules.Billing.Calculation;
using SocialJour.Modules.Billing.Contracts;
using static SocialJour.Tests.Billing.BillingTestData;

namespace SocialJour.Tests.Billing;

/// <summary>The seeds' own figures through the calculator, both models, membership proration, committees and the refusals.</summary>
public sealed class BillingCalculatorTests
{
    private static decimal Sum(IEnumerable<PayerSplit> payers, Func<PayerSplit, decimal> amount) => payers.Sum(amount);

    private static void WithinOneOre(decimal expected, decimal actual) =>
        Assert.True(Math.Abs(expected - actual) < 0.01m, $"{actual} is not within one öre of {expected}");

    private static BillingSplit NordvastBudget2021(Core.Configuration.JourConfiguration demo) =>
        BillingCalculator.Compute(Input(2021, BillingPeriodKind.Budget, BillingSettingsReader.Read(demo), 9_723_000m,
            BillingCalculator.MembersOf(demo, 2021), Usage(NordvastMinutesFirstHalf2021)));

    [Fact]
    public void Nordvast_2021_budget_9_723_000_is_split_half_by_population_half_by_time_with_a_5_percent_fee()
    {
        var demo = LoadDemo();

        var split = NordvastBudget2021(demo);

        Assert.Equal(8, split.Payers.Count);
        Assert.Equal(2020, split.PopulationYear);
        Assert.Equal((new DateOnly(2021, 1, 1), new DateOnly(2021, 6, 30)), (split.TimeFrom, split.TimeTo));
        // Seed 002: the budget includes the 5 % fee. The municipalities share 9 723 000 / 1.05 = 9 260 000 kr.
        Assert.Equal(4_630_000m, split.PopulationPart);
        Assert.Equal(4_630_000m, split.TimePart);
        Assert.Equal(4_630_000m, Sum(split.Payers, p => p.PopulationAmount));
        Assert.Equal(4_630_000m, Sum(split.Payers, p => p.TimeAmount));
        Assert.Equal(9_260_000m, Sum(split.Payers, p => p.Amount));
        // The July invoices total the budget: 463 000 kr of fees inside it, to the one öre that rounding each payer's fee on its
        // own line leaves with these minutes (the demo's give exactly 9 723 000), which the notes show.
        Assert.Equal(463_000.01m, Sum(split.Payers, p => p.AdministrativeFee));
        Assert.Equal(9_723_000.01m, split.Total);
        Assert.Contains(split.Notes, n => n.StartsWith("Betalarnas belopp med avgift summerar till", StringComparison.Ordinal));

        // Sigtuna: population 49 537 of 445 337 on 31 December 2020; 41 310 of 247 800 minutes January–June.
        var sigtuna = Assert.Single(split.Payers, p => p.MunicipalityCode == "0191");
        Assert.Equal(49_537, sigtuna.Population);
        Assert.Equal(365, sigtuna.MemberDays);
        Assert.Equal("Socialnämnden", sigtuna.Committee);
        WithinOneOre(4_630_000m * 49_537m / 445_337m, sigtuna.PopulationAmount);
        WithinOneOre(4_630_000m * 41_310m / 247_800m, sigtuna.TimeAmount);
        Assert.Equal(decimal.Round(0.05m * sigtuna.Amount, 2, MidpointRounding.AwayFromZero), sigtuna.AdministrativeFee); // its own line
        Assert.Equal(sigtuna.Amount + sigtuna.AdministrativeFee, sigtuna.ToInvoice);
        Assert.Contains(split.Notes, n => n.Contains("Tid på uppdrag räknas inte", StringComparison.Ordinal));
    }

    [Fact]
    public void Nordvast_2021_outcome_8_966_000_less_the_July_invoice_is_a_credit_of_the_757_000_surplus()
    {
        var demo = LoadDemo();
        var july = NordvastBudget2021(demo);
        var invoiced = july.Payers.ToDictionary(p => new PayerKey(Code(p.MunicipalityCode), p.Committee), p => p.ToInvoice);

        var january = BillingCalculator.Compute(Input(2021, BillingPeriodKind.Outcome, BillingSettingsReader.Read(demo), 8_966_000m,
            BillingCalculator.MembersOf(demo, 2021), Usage(NordvastMinutes2021), previouslyInvoiced: invoiced));

        Assert.Equal((new DateOnly(2021, 1, 1), new DateOnly(2021, 12, 31)), (january.TimeFrom, january.TimeTo));
        Assert.Equal(8_539_047.62m, Sum(january.Payers, p => p.Amount)); // 8 966 000 / 1.05, the fee being inside the outcome
        Assert.Equal(july.Total, Sum(january.Payers, p => p.PreviouslyInvoiced));

        // The surplus 9 723 000 − 8 966 000 = 757 000 comes back, as the annual report says: the fee was inside both. Fees
        // rounded on each payer's line may leave an öre or two, and the notes say so.
        var rounding = Sum(january.Payers, p => p.Amount + p.AdministrativeFee) - 8_966_000m;
        Assert.InRange(rounding, -0.04m, 0.04m);
        Assert.Equal(8_966_000m + rounding - july.Total, january.Total);
        Assert.InRange(january.Total, -757_000.05m, -756_999.95m);
        Assert.Equal(rounding != 0, january.Notes.Any(n => n.StartsWith("Betalarnas belopp med avgift summerar till", StringComparison.Ordinal)));
        Assert.All(january.Payers, p => Assert.Equal(p.Amount + p.AdministrativeFee - p.PreviouslyInvoiced, p.ToInvoice));
        Assert.Contains(january.Notes, n => n.Contains("kreditering", StringComparison.Ordinal));
    }

    [Fact]
    public void Syd_2020_commissions_are_priced_from_the_price_list_and_the_275_000_deficit_is_shared_by_population()
    {
        // The seed gives the deficit (275 000) and the commission revenue (117 000), not the budget: we choose annual fees of
        // 4 000 000 and an outcome of 4 392 000, so that 4 392 000 − 4 000 000 − 117 000 = 275 000.
        var commissions = new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["1287"] = new Dictionary<string, int> { ["HomeVisit"] = 3, ["PhoneSupport"] = 8 },
            ["1286"] = new Dictionary<string, int> { ["HomeVisit"] = 2, ["PhoneSupport"] = 6 },
            ["1291"] = new Dictionary<string, int> { ["HomeVisit"] = 1, ["PhoneSupport"] = 4 },
            ["1265"] = new Dictionary<string, int> { ["PhoneSupport"] = 3 },
            ["1264"] = new Dictionary<string, int> { ["HomeVisit"] = 1, ["PhoneSupport"] = 2 },
            ["1230"] = new Dictionary<string, int> { ["HomeVisit"] = 1, ["PhoneSupport"] = 3 },
            ["1263"] = new Dictionary<string, int> { ["PhoneSupport"] = 2 },
            ["1270"] = new Dictionary<string, int> { ["HomeVisit"] = 1, ["PhoneSupport"] = 1 },
            ["1233"] = new Dictionary<string, int> { ["PhoneSupport"] = 1 },
        };
        Assert.Equal(9, commissions.Values.Sum(c => c.GetValueOrDefault("HomeVisit")));
        Assert.Equal(30, commissions.Values.Sum(c => c.GetValueOrDefault("PhoneSupport")));

        var split = BillingCalculator.Compute(Input(2020, BillingPeriodKind.YearEnd, SydSettings(), 4_392_000m, SydMembers2020(),
            Usage(commissions: commissions), feesInvoiced: 4_000_000m));

        Assert.Equal(117_000m, split.CommissionRevenue);
        Assert.Equal(117_000m, Sum(split.Payers, p => p.CommissionAmount));
        Assert.Equal(275_000m, split.Deficit);
        Assert.Equal(275_000m, Sum(split.Payers, p => p.DeficitAmount));
        Assert.Equal(392_000m, split.Total);
        Assert.Equal(4_000_000m, split.FeesInvoiced);

        // Ystad: 2 home visits and 6 phone supports = 24 400; population 30 541 of 228 140 (31 December 2019).
        var ystad = Assert.Single(split.Payers, p => p.MunicipalityCode == "1286");
        Assert.Equal(24_400m, ystad.CommissionAmount);
        Assert.Equal(8, ystad.Commissions);
        WithinOneOre(275_000m * 30_541m / 228_140m, ystad.DeficitAmount);
        Assert.Equal(ystad.CommissionAmount + ystad.DeficitAmount, ystad.ToInvoice);
        Assert.Contains(split.Notes, n => n.StartsWith("Underskott", StringComparison.Ordinal));
    }

    [Fact]
    public void Syd_2020_annual_fee_is_the_budget_by_population_and_Trelleborg_pays_through_two_committees()
    {
        var split = BillingCalculator.Compute(Input(2020, BillingPeriodKind.AnnualFee, SydSettings(), 4_000_000m, SydMembers2020()));

        Assert.Equal(10, split.Payers.Count); // nine municipalities, Trelleborg twice
        Assert.Equal(4_000_000m, split.Total);
        var trelleborg = split.Payers.Where(p => p.MunicipalityCode == "1287").ToList();
        Assert.Equal(["Socialnämnden", "Arbetsmarknadsnämnden"], trelleborg.Select(p => p.Committee));
        Assert.All(trelleborg, p => Assert.Equal(0.5m, p.CommitteeShare));
        var municipality = trelleborg.Sum(p => p.PopulationAmount);
        WithinOneOre(4_000_000m * 45_440m / 228_140m, municipality);
        Assert.True(Math.Abs(trelleborg[0].PopulationAmount - trelleborg[1].PopulationAmount) <= 0.01m);
        Assert.Contains(split.Notes, n => n.Contains("Trelleborg betalar genom 2 nämnder", StringComparison.Ordinal));
    }

    [Fact]
    public void Syd_2021_prorates_Lomma_joining_2021_03_18_and_Staffanstorp_leaving_2021_10_01_by_days()
    {
        var members = SydMembers2021();
        members.Add(new MemberBasis(Code("1266"), "Hörby", new DateOnly(2015, 1, 7), new DateOnly(2020, 7, 1), null)); // left in 2020: no payer, no population needed

        var split = BillingCalculator.Compute(Input(2021, BillingPeriodKind.AnnualFee, SydSettings(trelleborgTwoCommittees: false), 4_100_000m, members));

        var lomma = Assert.Single(split.Payers, p => p.MunicipalityCode == "1262");
        var staffanstorp = Assert.Single(split.Payers, p => p.MunicipalityCode == "1230");
        Assert.DoesNotContain(split.Payers, p => p.MunicipalityCode == "1266");
        Assert.Equal((289, 365), (lomma.MemberDays, lomma.DaysInYear));
        Assert.Equal(273, staffanstorp.MemberDays);
        Assert.Equal(4_100_000m, split.Total);

        // Weighted population: population × member days / 365.
        var weighted = members.Where(m => m.Code.Value != "1266")
            .Sum(m => m.Population!.Value * (decimal)MembershipDays.InYear(m.Joined, m.Left, 2021) / 365m);
        WithinOneOre(4_100_000m * (24_876m * 289m / 365m) / weighted, lomma.PopulationAmount);
        WithinOneOre(4_100_000m * (staffanstorp.Population * 273m / 365m) / weighted, staffanstorp.PopulationAmount);
        Assert.Contains("Lomma: medlem 289 av 365 dagar, inträdde 2021-03-18.", split.Notes);
        Assert.Contains("Staffanstorp: medlem 273 av 365 dagar, utträdde 2021-10-01.", split.Notes);
    }

    [Fact]
    public void A_missing_population_names_the_municipality_and_the_year_never_a_silent_zero()
    {
        var members = SydMembers2021().Select(m => m.Code.Value == "1262" ? m with { Population = null } : m).ToList();

        var e = Assert.Throws<ValidationException>(() =>
            BillingCalculator.Compute(Input(2021, BillingPeriodKind.AnnualFee, SydSettings(), 4_100_000m, members)));

        Assert.Equal("Population.2020", e.Field);
        Assert.Contains("1262 (Lomma)", e.Message, StringComparison.Ordinal);
        Assert.Contains("31 december 2020", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_time_recorded_when_time_counts_is_refused_with_a_clear_message_but_a_population_only_split_needs_none()
    {
        var demo = LoadDemo();
        var members = BillingCalculator.MembersOf(demo, 2021);

        var e = Assert.Throws<ValidationException>(() =>
            BillingCalculator.Compute(Input(2021, BillingPeriodKind.Budget, NordvastSettings(), 9_723_000m, members)));
        Assert.Equal("Billing.TimeShare", e.Field);
        Assert.Contains("Ingen tid är registrerad", e.Message, StringComparison.Ordinal);

        var populationOnly = BillingCalculator.Compute(Input(2021, BillingPeriodKind.Budget, NordvastSettings(populationShare: 1m), 9_723_000m, members));
        Assert.Equal(9_260_000m, Sum(populationOnly.Payers, p => p.Amount)); // the base: 9 723 000 with its 5 % fee inside
    }

    [Fact]
    public void Commission_time_counts_only_when_configured()
    {
        var demo = LoadDemo();
        var members = BillingCalculator.MembersOf(demo, 2021);
        var usage = Usage(NordvastMinutesFirstHalf2021, commissionMinutes: new Dictionary<string, long> { ["0125"] = 100_000 });

        var without = BillingCalculator.Compute(Input(2021, BillingPeriodKind.Budget, NordvastSettings(), 9_723_000m, members, usage));
        var with = BillingCalculator.Compute(Input(2021, BillingPeriodKind.Budget, NordvastSettings(commissionTimeCounts: true), 9_723_000m, members, usage));

        Assert.Equal(9_975, without.Payers.Single(p => p.MunicipalityCode == "0125").Minutes);
        Assert.Equal(109_975, with.Payers.Single(p => p.MunicipalityCode == "0125").Minutes);
        Assert.True(with.Payers.Single(p => p.MunicipalityCode == "0125").TimeAmount > without.Payers.Single(p => p.MunicipalityCode == "0125").TimeAmount);
    }

    [Fact]
    public void A_commission_kind_missing_from_the_price_list_is_refused_naming_the_field()
    {
        var settings = SydSettings() with { PriceList = new Dictionary<string, decimal> { ["HomeVisit"] = 5000m, ["PhoneSupport"] = 2400m } };
        var usage = Usage(commissions: new Dictionary<string, IReadOnlyDictionary<string, int>> { ["1286"] = new Dictionary<string, int> { ["Other"] = 1 } });

        var e = Assert.Throws<ValidationException>(() =>
            BillingCalculator.Compute(Input(2020, BillingPeriodKind.YearEnd, settings, 4_392_000m, SydMembers2020(), usage, feesInvoiced: 4_000_000m)));

        Assert.Equal("Billing.PriceList.Other", e.Field);
        Assert.Contains("1286 (Ystad)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_surplus_at_year_end_is_refunded_by_population_as_negative_amounts()
    {
        var split = BillingCalculator.Compute(Input(2020, BillingPeriodKind.YearEnd, SydSettings(), 3_800_000m, SydMembers2020(), feesInvoiced: 4_000_000m));

        Assert.Equal(-200_000m, split.Deficit);
        Assert.Equal(-200_000m, split.Total);
        Assert.All(split.Payers, p => Assert.True(p.ToInvoice < 0));
        Assert.Contains(split.Notes, n => n.StartsWith("Överskott", StringComparison.Ordinal));
    }

    [Fact]
    public void The_worked_example_of_docs_billing_md()
    {
        // docs/billing.md, "A worked example": three municipalities (populations rounded for the example), 2021, 105 000 kr
        // with the 5 % fee inside (the shared base 100 000 kr), half by population, half by time; Lomma a member from 2 July.
        var members = new List<MemberBasis>
        {
            new(Code("1270"), "Tomelilla", new DateOnly(2015, 1, 7), null, 10_000),
            new(Code("1287"), "Trelleborg", new DateOnly(2015, 1, 7), null, 20_000),
            new(Code("1262"), "Lomma", new DateOnly(2021, 7, 2), null, 14_600),
        };
        var usage = Usage(new Dictionary<string, long> { ["1270"] = 700, ["1287"] = 1_100, ["1262"] = 200 });

        var split = BillingCalculator.Compute(Input(2021, BillingPeriodKind.Budget, NordvastSettings(), 105_000m, members, usage));

        Assert.Equal([365, 365, 183], split.Payers.Select(p => p.MemberDays));
        Assert.Equal([13_397.64m, 26_795.29m, 9_807.07m], split.Payers.Select(p => p.PopulationAmount));
        Assert.Equal([17_500m, 27_500m, 5_000m], split.Payers.Select(p => p.TimeAmount));
        Assert.Equal([30_897.64m, 54_295.29m, 14_807.07m], split.Payers.Select(p => p.Amount));
        Assert.Equal([1_544.88m, 2_714.76m, 740.35m], split.Payers.Select(p => p.AdministrativeFee)); // 5 % of its own amount, rounded on its line
        Assert.Equal([32_442.52m, 57_010.05m, 15_547.42m], split.Payers.Select(p => p.ToInvoice));
        Assert.Equal(104_999.99m, split.Total);
        Assert.Contains(split.Notes, n => n.StartsWith("Betalarnas belopp med avgift summerar till", StringComparison.Ordinal) && n.Contains("från kostnaden", StringComparison.Ordinal));
    }
}
