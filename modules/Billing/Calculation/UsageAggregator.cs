using System.Runtime.InteropServices;
using SocialJour.Core.Configuration;

namespace SocialJour.Modules.Billing.Calculation;

/// <summary>
/// Sums time and commission records to a period's <see cref="UsageTotals"/>: minutes per municipality on cases and on
/// commissions, and commissions per kind, counting only records whose local date lies in the period's time window
/// (inclusive). One pass, in memory; a million records take tens of milliseconds (docs/benchmarks.md).
/// </summary>
internal sealed class UsageAggregator(DateOnly from, DateOnly to)
{
    private readonly Dictionary<MunicipalityCode, long> _caseMinutes = [];
    private readonly Dictionary<MunicipalityCode, long> _commissionMinutes = [];
    private readonly Dictionary<MunicipalityCode, Dictionary<string, int>> _commissions = [];

    /// <summary>Minutes recorded on the municipality's case (<paramref name="commission"/>: on one of its commissions) on <paramref name="date"/>.</summary>
    public void AddTime(MunicipalityCode municipality, DateOnly date, int minutes, bool commission)
    {
        if (date < from || date > to)
        {
            return;
        }

        // One hash look-up per record (a million records a year).
        CollectionsMarshal.GetValueRefOrAddDefault(commission ? _commissionMinutes : _caseMinutes, municipality, out _) += minutes;
    }

    /// <summary>A commission of <paramref name="kind"/> (intake's CommissionKind name) done for the municipality on <paramref name="date"/>.</summary>
    public void AddCommission(MunicipalityCode municipality, DateOnly date, string kind)
    {
        if (date < from || date > to)
        {
            return;
        }

        if (!_commissions.TryGetValue(municipality, out var byKind))
        {
            _commissions[municipality] = byKind = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        CollectionsMarshal.GetValueRefOrAddDefault(byKind, kind, out _)++;
    }

    public UsageTotals ToTotals() => new(
        new Dictionary<MunicipalityCode, long>(_caseMinutes),
        new Dictionary<MunicipalityCode, long>(_commissionMinutes),
        _commissions.ToDictionary(k => k.Key, k => (IReadOnlyDictionary<string, int>)new Dictionary<string, int>(k.Value, StringComparer.Ordinal)));
}
