using CsCheck;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Billing.Calculation;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Tests.Billing;

/// <summary>
/// Properties of the calculation over random inputs (CsCheck, ADR 0023): the parts add up to each total to the öre, no
/// amount has more than two decimals, and no amount is negative unless its total is (a credit or refund).
/// </summary>
public sealed class BillingPropertyTests
{
    private sealed record Case(BillingInput Input);

    private static readonly string[] Codes = MunicipalityCodes.ShortNames.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>A member: population, joined/left as day offsets around the year, minutes, commission counts, committees.</summary>
    private static readonly Gen<(int Population, int JoinOffset, int LeaveOffset, long Minutes, int Visits, int Phone, int Committees)> Member =
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[-400, 380], Gen.Int[-10, 800], Gen.Long[0, 200_000], Gen.Int[0, 40], Gen.Int[0, 60], Gen.Int[1, 3])
            .Select(t => (t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7));

    private static readonly Gen<Case> Cases =
        Gen.Select(Member.Array[1, 60], Gen.Long[-2_000_000_000, 5_000_000_000], Gen.Int[0, 100], Gen.Int[0, 1000], Gen.Int[0, 3], Gen.Long[0, 5_000_000_000], Gen.Bool)
            .Select(t => Build(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7));

    private static Case Build((int Population, int JoinOffset, int LeaveOffset, long Minutes, int Visits, int Phone, int Committees)[] generated,
        long costOre, int populationPercent, int feeTenthsOfPercent, int periodIndex, long previousOre, bool leapYear)
    {
        var year = leapYear ? 2020 : 2021;
        var first = new DateOnly(year, 1, 1);
        var members = new List<MemberBasis>();
        var caseMinutes = new Dictionary<MunicipalityCode, long>();
        var commissionMinutes = new Dictionary<MunicipalityCode, long>();
        var commissions = new Dictionary<MunicipalityCode, IReadOnlyDictionary<string, int>>();
        var committees = new Dictionary<MunicipalityCode, IReadOnlyList<CommitteeShare>>();
        for (var i = 0; i < generated.Length; i++)
        {
            var g = generated[i];
            var code = MunicipalityCode.Of(Codes[i]);
            var joined = first.AddDays(g.JoinOffset);
            DateOnly? left = g.LeaveOffset > 400 ? null : joined.AddDays(Math.Max(1, g.LeaveOffset));

            // The first is a member all year with people and time, so that there is always something to allocate by.
            members.Add(i == 0 ? new MemberBasis(code, Codes[i], first.AddYears(-1), null, g.Population + 1) : new MemberBasis(code, Codes[i], joined, left, g.Population));
            caseMinutes[code] = i == 0 ? g.Minutes + 1 : g.Minutes;
            commissionMinutes[code] = g.Minutes / 3;
            commissions[code] = new Dictionary<string, int> { ["HomeVisit"] = g.Visits, ["PhoneSupport"] = g.Phone, ["Other"] = g.Visits % 3 };
            if (g.Committees > 1)
            {
                committees[code] = g.Committees == 2
                    ? [new("Socialnämnden", 0.37m), new("Arbetsmarknadsnämnden", 0.63m)]
                    : [new("Socialnämnden", 0.333333m), new("Arbetsmarknadsnämnden", 0.333333m), new("Utbildningsnämnden", 0.333334m)];
            }
        }

        var period = (BillingPeriodKind)periodIndex;
        var model = period is BillingPeriodKind.Budget or BillingPeriodKind.Outcome ? BillingModelKind.PopulationAndTime : BillingModelKind.PopulationFeeCommissionsDeficit;
        var populationShare = populationPercent / 100m;
        var settings = new BillingSettings(model, populationShare, 1m - populationShare, feeTenthsOfPercent % 2 == 0, feeTenthsOfPercent / 1000m,
            new Dictionary<string, decimal> { ["HomeVisit"] = 5000m, ["PhoneSupport"] = 2400m, ["Other"] = 1499.99m }, committees);
        var previously = new Dictionary<PayerKey, decimal>();
        if (period == BillingPeriodKind.Outcome)
        {
            previously[new PayerKey(members[0].Code, BillingSettings.DefaultCommittee)] = previousOre / 100m;
            previously[new PayerKey(members[0].Code, "Nedlagd nämnd")] = 1234.56m; // a payer since removed: credited
        }

        var usage = new UsageTotals(caseMinutes, commissionMinutes, commissions);
        var input = new BillingInput(year, period, settings, costOre / 100m, 1, period == BillingPeriodKind.YearEnd ? previousOre / 100m : 0m, members, usage, previously);
        return new Case(input);
    }

    private static bool Ore(decimal amount) => decimal.Round(amount, 2) == amount;

    private static void SameSign(decimal total, decimal part, string what) =>
        Assert.True(total >= 0 ? part >= 0 : part <= 0, $"{what}: a part {part} of the total {total} has the other sign");

    [Fact]
    public void Any_input_gives_parts_that_add_up_to_every_total_to_the_ore()
    {
        Cases.Sample(c =>
        {
            var input = c.Input;
            var split = BillingCalculator.Compute(input);
            var payers = split.Payers;

            Assert.Equal(split.PopulationPart, payers.Sum(p => p.PopulationAmount));
            Assert.Equal(split.TimePart, payers.Sum(p => p.TimeAmount));
            Assert.Equal(split.CommissionRevenue, payers.Sum(p => p.CommissionAmount));
            Assert.Equal(split.Deficit, payers.Sum(p => p.DeficitAmount));
            Assert.Equal(split.Total, payers.Sum(p => p.ToInvoice));
            Assert.All(payers, p => Assert.Equal(p.PopulationAmount + p.TimeAmount + p.CommissionAmount + p.DeficitAmount, p.Amount));
            Assert.All(payers, p => Assert.Equal(p.Amount + p.AdministrativeFee - p.PreviouslyInvoiced, p.ToInvoice));
            Assert.Equal(input.PreviouslyInvoiced.Values.Sum(), payers.Sum(p => p.PreviouslyInvoiced));
            if (input.Settings.Model == BillingModelKind.PopulationAndTime)
            {
                // The cost includes the fee: the payers share the base, cost / (1 + rate) rounded to öre.
                var rate = input.Settings.AdministrativeFeeRate;
                Assert.Equal(rate == 0 ? input.Cost : decimal.Round(input.Cost / (1 + rate), 2, MidpointRounding.AwayFromZero), payers.Sum(p => p.Amount));
            }
            else if (input.Period == BillingPeriodKind.AnnualFee)
            {
                Assert.Equal(input.Cost, payers.Sum(p => p.Amount));
            }
            else
            {
                Assert.Equal(input.Cost - input.FeesInvoiced, payers.Sum(p => p.Amount));
            }

            if (input.Settings.Model == BillingModelKind.PopulationAndTime)
            {
                // Each payer's fee is its own rate × amount, rounded on its line; together within half an öre a payer (plus the
                // base's own rounding) of the cost, and a difference is in the notes.
                Assert.All(payers, p => Assert.Equal(decimal.Round(input.Settings.AdministrativeFeeRate * p.Amount, 2, MidpointRounding.AwayFromZero), p.AdministrativeFee));
                var invoiced = payers.Sum(p => p.Amount + p.AdministrativeFee);
                Assert.InRange(invoiced - input.Cost, -0.01m * (payers.Count + 1), 0.01m * (payers.Count + 1));
                Assert.Equal(invoiced != input.Cost, split.Notes.Any(n => n.StartsWith("Betalarnas belopp med avgift summerar till", StringComparison.Ordinal)));
            }

            // Each municipality's committees add up to what the municipality would pay as one payer.
            foreach (var municipality in payers.GroupBy(p => p.MunicipalityCode).Where(g => g.Count() > 1 && g.All(p => p.CommitteeShare > 0)))
            {
                Assert.Equal(1m, municipality.Sum(p => p.CommitteeShare));
            }
        }, iter: 400);
    }

    [Fact]
    public void No_amount_has_more_than_two_decimals_and_none_is_negative_unless_its_total_is()
    {
        Cases.Sample(c =>
        {
            var split = BillingCalculator.Compute(c.Input);
            foreach (var p in split.Payers)
            {
                Assert.True(Ore(p.PopulationAmount) && Ore(p.TimeAmount) && Ore(p.CommissionAmount) && Ore(p.DeficitAmount) && Ore(p.Amount) && Ore(p.AdministrativeFee) && Ore(p.ToInvoice),
                    $"{p.MunicipalityCode} {p.Committee}: an amount has more than two decimals");
                SameSign(split.PopulationPart, p.PopulationAmount, "population");
                SameSign(split.TimePart, p.TimeAmount, "time");
                SameSign(split.Deficit, p.DeficitAmount, "deficit");
                Assert.True(p.CommissionAmount >= 0, "commissions are never negative");
                SameSign(split.Cost * split.AdministrativeFeeRate, p.AdministrativeFee, "fee");
                Assert.True(p.MemberDays is >= 0 and <= 366);
            }

            // Only members of the year pay (the extra line of a removed payer has no amounts, only the credit).
            Assert.All(split.Payers.Where(p => p.MemberDays == 0), p => Assert.Equal(0m, p.Amount));
        }, iter: 400);
    }
}
