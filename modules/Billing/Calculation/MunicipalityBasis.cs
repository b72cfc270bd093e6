using System.Globalization;

namespace SocialJour.Modules.Billing.Calculation;

/// <summary>
/// A paying municipality's basis in a period: its population on 31 December of the year before, its days of membership
/// in the year and the weight they give (<see cref="PopulationWeight"/> = population × member days: the weighted
/// population × days in the year, an integer so that the allocation is exact), its minutes and commissions.
/// </summary>
internal sealed record MunicipalityBasis(MemberBasis Member, int Population, int MemberDays, long Minutes, int Commissions)
{
    public long PopulationWeight => (long)Population * MemberDays;
}

/// <summary>A municipality's amounts in a period, before the split between its committees (the fee is each payer's own, BillingCalculator).</summary>
internal sealed record MunicipalityAmounts(decimal Population, decimal Time, decimal Commission, decimal Deficit)
{
    public decimal Amount => Population + Time + Commission + Deficit;
}

/// <summary>What a model computes: the period's totals and each municipality's amounts (in the order of the bases).</summary>
internal sealed record ModelResult(
    decimal PopulationPart,
    decimal TimePart,
    decimal CommissionRevenue,
    decimal Deficit,
    decimal FeeTotal,
    IReadOnlyList<MunicipalityAmounts> Amounts);

/// <summary>Swedish number formatting for the notes: "9 723 000,00 kr", "50 %".</summary>
internal static class Swedish
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("sv-SE");

    public static string Kronor(decimal amount) => amount.ToString("N2", Culture) + " kr";

    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0.##", Culture) + " %";
}
