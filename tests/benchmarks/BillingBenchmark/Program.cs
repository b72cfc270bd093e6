using System.Diagnostics;
using System.Globalization;
using System.Text;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Billing.Calculation;
using SocialJour.Modules.Billing.Contracts;

// The billing benchmark of issue 13. Usage: dotnet run -c Release --project tests/benchmarks/BillingBenchmark [-- <output.md>]
// A year for all 290 municipalities from a million time records (and 20 000 commissions), as the module computes it:
// the records summed in memory to minutes per municipality in the period's window, then the split (target < 200 ms).
// Reported separately: the calculator alone. Every municipality is a member; 30 joined or left during the year;
// 20 pay through two committees. Fixed random seed: the same records every run.
var output = args.Length > 0 ? args[0] : null;
var inv = CultureInfo.InvariantCulture;
const int Year = 2021;
const int Entries = 1_000_000;
const int Commissions = 20_000;
const int Rounds = 30;

var random = new Random(13);
var codes = MunicipalityCodes.ShortNames.Keys.Order(StringComparer.Ordinal).Select(MunicipalityCode.Of).ToArray();
var names = MunicipalityCodes.ShortNames;
var members = codes.Select((c, i) => new MemberBasis(c, names[c.Value],
    i % 20 == 1 ? new DateOnly(Year, 1, 1).AddDays(random.Next(1, 300)) : new DateOnly(2015, 1, 1),
    i % 20 == 2 ? new DateOnly(Year, 1, 1).AddDays(random.Next(30, 364)) : null,
    random.Next(2_500, 980_000))).ToList();
var committees = codes.Where((_, i) => i % 15 == 0).ToDictionary(c => c,
    c => (IReadOnlyList<CommitteeShare>)[new("Socialnämnden", 0.6m), new("Arbetsmarknadsnämnden", 0.4m)]);

// The records as the module keeps them: one row per time entry (municipality, local date, minutes, commission or case).
var time = new TimeRecord[Entries];
for (var i = 0; i < Entries; i++)
{
    time[i] = new TimeRecord(codes[random.Next(codes.Length)], new DateOnly(Year, 1, 1).AddDays(random.Next(0, 365)), random.Next(5, 240), random.Next(10) == 0);
}

var kinds = new[] { "HomeVisit", "PhoneSupport", "Other" };
var commissions = new CommissionRecord[Commissions];
for (var i = 0; i < Commissions; i++)
{
    commissions[i] = new CommissionRecord(codes[random.Next(codes.Length)], new DateOnly(Year, 1, 1).AddDays(random.Next(0, 365)), kinds[random.Next(kinds.Length)]);
}

var nordvast = new BillingSettings(BillingModelKind.PopulationAndTime, 0.5m, 0.5m, false, 0.05m, new Dictionary<string, decimal>(), committees);
var syd = new BillingSettings(BillingModelKind.PopulationFeeCommissionsDeficit, 1m, 0m, false, 0m,
    new Dictionary<string, decimal> { ["HomeVisit"] = 5000m, ["PhoneSupport"] = 2400m, ["Other"] = 1500m }, committees);

UsageTotals Aggregate(BillingPeriodKind period)
{
    var (from, to) = BillingCalculator.TimeWindow(Year, period);
    var aggregator = new UsageAggregator(from, to);
    foreach (var t in time)
    {
        aggregator.AddTime(t.Municipality, t.Date, t.Minutes, t.Commission);
    }

    foreach (var c in commissions)
    {
        aggregator.AddCommission(c.Municipality, c.Date, c.Kind);
    }

    return aggregator.ToTotals();
}

BillingInput InputFor(BillingPeriodKind period, UsageTotals usage) => period switch
{
    BillingPeriodKind.Budget => new(Year, period, nordvast, 2_123_456_789.12m, 1, 0m, members, usage, new Dictionary<PayerKey, decimal>()),
    BillingPeriodKind.Outcome => new(Year, period, nordvast, 2_001_002_003.45m, 1, 0m, members, usage, new Dictionary<PayerKey, decimal>()),
    _ => new(Year, period, syd, 1_999_999_999.99m, 1, 1_800_000_000m, members, usage, new Dictionary<PayerKey, decimal>()),
};

var report = new StringBuilder();
report.AppendLine(inv, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
report.AppendLine(inv, $"{codes.Length} municipalities ({members.Count(m => MembershipDays.InYear(m.Joined, m.Left, Year) < 365)} members part of the year, {committees.Count} with two committees), {Entries:N0} time records, {Commissions:N0} commissions; {Rounds} rounds after 5 warm-up, in milliseconds.");
report.AppendLine();
report.AppendLine("| Period | Records summed + split: median | max | Split alone: median | max | Payers | Total (kr) |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
var worst = 0.0;
var worstMedian = 0.0;
foreach (var period in new[] { BillingPeriodKind.Budget, BillingPeriodKind.Outcome, BillingPeriodKind.YearEnd })
{
    BillingSplit? split = null;
    var whole = new List<double>();
    var alone = new List<double>();
    var usage = Aggregate(period);
    var input = InputFor(period, usage);
    for (var round = 0; round < Rounds + 5; round++)
    {
        var sw = Stopwatch.StartNew();
        split = BillingCalculator.Compute(InputFor(period, Aggregate(period)));
        var a = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        BillingCalculator.Compute(input);
        var b = sw.Elapsed.TotalMilliseconds;
        if (round >= 5)
        {
            whole.Add(a);
            alone.Add(b);
        }
    }

    // The parts must add up: a benchmark of a wrong answer is worth nothing.
    if (split!.Payers.Sum(p => p.ToInvoice) != split.Total || split.Payers.Sum(p => p.PopulationAmount) != split.PopulationPart)
    {
        throw new InvalidOperationException("The parts do not add up.");
    }

    whole.Sort();
    alone.Sort();
    worst = Math.Max(worst, whole[^1]);
    worstMedian = Math.Max(worstMedian, whole[whole.Count / 2]);
    report.AppendLine(inv, $"| {period} | {whole[whole.Count / 2]:F1} | {whole[^1]:F1} | {alone[alone.Count / 2]:F2} | {alone[^1]:F2} | {split.Payers.Count} | {split.Total:N2} |");
}

report.AppendLine();
// The median judges the code; the slowest round also measures whoever else shares the machine (load average below).
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
report.AppendLine(inv, $"Target < 200 ms for a year's split with the records summed (median of each period): {(worstMedian < 200 ? "met" : "NOT met")}, slowest median {worstMedian:F1} ms; slowest single round {worst:F1} ms; load average {load} at the end.");
Console.Write(report);
if (output is not null)
{
    File.WriteAllText(output, report.ToString());
}

internal readonly record struct TimeRecord(MunicipalityCode Municipality, DateOnly Date, int Minutes, bool Commission);

internal readonly record struct CommissionRecord(MunicipalityCode Municipality, DateOnly Date, string Kind);
