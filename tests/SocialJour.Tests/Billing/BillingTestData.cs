using SocialJour.Core.Configuration;
using SocialJour.Modules.Billing.Calculation;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Tests.Billing;

/// <summary>
/// The jours of the seeds as billing sees them. Syd's populations on 31 December 2019 are the real ones
/// (../shared/reference/municipalities/population-partial.csv, SCB via the sources listed there); Lomma's 2020 too. The
/// other 2020 populations are not in the reference: they are the 2019 figure plus 1 % (an assumption, said here).
/// </summary>
internal static class BillingTestData
{
    public static readonly IReadOnlyDictionary<string, decimal> SydPriceList = new Dictionary<string, decimal>
    {
        ["HomeVisit"] = 5000m,
        ["PhoneSupport"] = 2400m,
        ["Other"] = 1500m,
    };

    public static MunicipalityCode Code(string code) => MunicipalityCode.Of(code);

    /// <summary>Sociala jouren syd's members on 31 December 2019 (real populations), Vellinge the host among them.</summary>
    public static readonly (string Code, string Name, int Population2019)[] Syd =
    [
        ("1291", "Simrishamn", 19174),
        ("1265", "Sjöbo", 19226),
        ("1264", "Skurup", 15889),
        ("1230", "Staffanstorp", 25396),
        ("1263", "Svedala", 22229),
        ("1270", "Tomelilla", 13617),
        ("1287", "Trelleborg", 45440),
        ("1233", "Vellinge", 36628),
        ("1286", "Ystad", 30541),
    ];

    public static BillingSettings SydSettings(bool trelleborgTwoCommittees = true) => new(
        BillingModelKind.PopulationFeeCommissionsDeficit, 1m, 0m, false, 0m, SydPriceList,
        trelleborgTwoCommittees
            ? new Dictionary<MunicipalityCode, IReadOnlyList<CommitteeShare>>
            {
                [Code("1287")] = [new("Socialnämnden", 0.5m), new("Arbetsmarknadsnämnden", 0.5m)],
            }
            : new Dictionary<MunicipalityCode, IReadOnlyList<CommitteeShare>>());

    public static BillingSettings NordvastSettings(decimal populationShare = 0.5m, decimal feeRate = 0.05m, bool commissionTimeCounts = false) => new(
        BillingModelKind.PopulationAndTime, populationShare, 1m - populationShare, commissionTimeCounts, feeRate,
        new Dictionary<string, decimal>(), new Dictionary<MunicipalityCode, IReadOnlyList<CommitteeShare>>());

    /// <summary>Syd's members for 2020: everyone a member since 2015, population on 31 December 2019.</summary>
    public static List<MemberBasis> SydMembers2020() =>
        Syd.Select(m => new MemberBasis(Code(m.Code), m.Name, new DateOnly(2015, 1, 7), null, m.Population2019)).ToList();

    /// <summary>
    /// Syd's members for 2021: Lomma joined 2021-03-18 (real population 2020: 24 876), Staffanstorp left 2021-10-01;
    /// the others' 2020 populations are assumed (2019 + 1 %).
    /// </summary>
    public static List<MemberBasis> SydMembers2021()
    {
        var members = Syd.Select(m => new MemberBasis(Code(m.Code), m.Name, new DateOnly(2015, 1, 7), m.Code == "1230" ? new DateOnly(2021, 10, 1) : null,
            (int)Math.Round(m.Population2019 * 1.01m))).ToList();
        members.Add(new MemberBasis(Code("1262"), "Lomma", new DateOnly(2021, 3, 18), null, 24876));
        return members;
    }

    public static UsageTotals Usage(IReadOnlyDictionary<string, long>? caseMinutes = null, IReadOnlyDictionary<string, long>? commissionMinutes = null,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>? commissions = null) => new(
        (caseMinutes ?? new Dictionary<string, long>()).ToDictionary(k => Code(k.Key), k => k.Value),
        (commissionMinutes ?? new Dictionary<string, long>()).ToDictionary(k => Code(k.Key), k => k.Value),
        (commissions ?? new Dictionary<string, IReadOnlyDictionary<string, int>>()).ToDictionary(k => Code(k.Key), k => k.Value));

    public static BillingInput Input(int year, BillingPeriodKind period, BillingSettings settings, decimal cost, IReadOnlyList<MemberBasis> members,
        UsageTotals? usage = null, decimal feesInvoiced = 0m, IReadOnlyDictionary<PayerKey, decimal>? previouslyInvoiced = null) =>
        new(year, period, settings, cost, 1, feesInvoiced, members, usage ?? UsageTotals.Empty, previouslyInvoiced ?? new Dictionary<PayerKey, decimal>());

    /// <summary>The demo configuration (Socialjouren Nordväst) loaded as the host loads it, with the Billing section validated.</summary>
    public static JourConfiguration LoadDemo(Func<string, string>? edit = null)
    {
        var result = LoadDemoResult(edit);
        return result.Ok ? result.Configuration! : throw new InvalidOperationException("The demo configuration is refused: " + string.Join("; ", result.Problems));
    }

    public static LoadResult LoadDemoResult(Func<string, string>? edit = null)
    {
        using var dir = new TempDir();
        var path = DemoConfig.CopyTo(dir, edit: edit);
        return new JourConfigurationLoader(_ => null, TimeProvider.System, sections: [new BillingConfigurationSection()]).Load(path);
    }

    /// <summary>Minutes on each Nordväst municipality's cases, 1 January–30 June 2021 (invented, the seeds give none per municipality).</summary>
    public static readonly Dictionary<string, long> NordvastMinutesFirstHalf2021 = new()
    {
        ["0191"] = 41_310, ["0123"] = 52_845, ["0184"] = 38_200, ["0125"] = 9_975,
        ["0163"] = 35_100, ["0183"] = 30_455, ["0139"] = 12_600, ["0114"] = 27_315,
    };

    /// <summary>The whole year 2021 (invented).</summary>
    public static readonly Dictionary<string, long> NordvastMinutes2021 = new()
    {
        ["0191"] = 85_020, ["0123"] = 101_333, ["0184"] = 80_410, ["0125"] = 21_007,
        ["0163"] = 69_980, ["0183"] = 64_215, ["0139"] = 25_190, ["0114"] = 52_877,
    };
}
