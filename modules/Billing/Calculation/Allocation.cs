namespace SocialJour.Modules.Billing.Calculation;

/// <summary>
/// The largest-remainder method (docs/billing.md, ADR 0023), in whole öre: each part first gets its exact quota rounded
/// down, then the öre left over go one each to the parts with the largest remainders (ties: the larger weight, then the
/// earlier part). The parts always add up exactly to the total. A negative total (a credit or refund) is allocated as its
/// absolute value and every part negated. Integer arithmetic throughout (Int128): no rounding error can creep in.
/// </summary>
internal static class Allocation
{
    /// <summary>Kronor with öre to whole öre. Throws when the amount has more than two decimals (a caller's bug: round first).</summary>
    public static long ToOre(decimal kronor)
    {
        var ore = kronor * 100m;
        if (ore != decimal.Truncate(ore))
        {
            throw new ArgumentException($"The amount {kronor} has more than two decimals; round it to öre before allocating.", nameof(kronor));
        }

        return (long)ore;
    }

    public static decimal ToKronor(long ore) => ore / 100m;

    /// <summary>Rounds to whole öre, half away from zero (the usual commercial rounding), for a total computed by a rate.</summary>
    public static decimal RoundToOre(decimal kronor) => decimal.Round(kronor, 2, MidpointRounding.AwayFromZero);

    /// <summary>Allocates <paramref name="total"/> kronor (at most two decimals) over the weights.</summary>
    public static decimal[] Allocate(decimal total, IReadOnlyList<long> weights)
    {
        var ore = LargestRemainder(ToOre(total), weights);
        var result = new decimal[ore.Length];
        for (var i = 0; i < ore.Length; i++)
        {
            result[i] = ToKronor(ore[i]);
        }

        return result;
    }

    /// <summary>
    /// Allocates <paramref name="totalOre"/> over non-negative <paramref name="weights"/>. When every weight is zero, only a
    /// zero total can be allocated (all parts zero); any other total throws, since there is nothing to allocate it by —
    /// callers check for that first and say what is missing.
    /// </summary>
    public static long[] LargestRemainder(long totalOre, IReadOnlyList<long> weights)
    {
        var n = weights.Count;
        var parts = new long[n];
        Int128 sum = 0;
        for (var i = 0; i < n; i++)
        {
            if (weights[i] < 0)
            {
                throw new ArgumentException("A weight is negative.", nameof(weights));
            }

            sum += weights[i];
        }

        if (totalOre == 0)
        {
            return parts;
        }

        if (sum == 0)
        {
            throw new InvalidOperationException("Nothing to allocate by: every weight is zero.");
        }

        var negative = totalOre < 0;
        Int128 total = negative ? -(Int128)totalOre : totalOre;
        var remainders = new Int128[n];
        Int128 given = 0;
        for (var i = 0; i < n; i++)
        {
            var product = total * weights[i];
            var quota = product / sum;
            parts[i] = (long)quota;
            remainders[i] = product - quota * sum;
            given += quota;
        }

        var left = (int)(total - given); // < n: each part lost less than one öre
        if (left > 0)
        {
            var order = new int[n];
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) =>
            {
                var c = remainders[b].CompareTo(remainders[a]);
                if (c != 0)
                {
                    return c;
                }

                c = weights[b].CompareTo(weights[a]);
                return c != 0 ? c : a.CompareTo(b);
            });
            for (var k = 0; k < left; k++)
            {
                parts[order[k]]++;
            }
        }

        if (negative)
        {
            for (var i = 0; i < n; i++)
            {
                parts[i] = -parts[i];
            }
        }

        return parts;
    }
}
