using CsCheck;
using SocialJour.Modules.Billing.Calculation;

namespace SocialJour.Tests.Billing;

/// <summary>The largest-remainder allocator and the membership-days rule, alone.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void The_ore_left_over_go_to_the_largest_remainders_so_the_parts_add_up()
    {
        // 100,00 kr by 1:1:1 is 33,333… each: 33,33 each leaves one öre, which goes to the first of the equal remainders.
        Assert.Equal([33.34m, 33.33m, 33.33m], Allocation.Allocate(100m, [1, 1, 1]));

        // 10,00 kr by 2:3:5 is exact.
        Assert.Equal([2m, 3m, 5m], Allocation.Allocate(10m, [2, 3, 5]));

        // 1,00 kr by 3:3:1: quotas 0,428571… 0,428571… 0,142857…; floors 0,42 0,42 0,14 leave two öre, to the two largest remainders (0,8571… öre each).
        Assert.Equal([0.43m, 0.43m, 0.14m], Allocation.Allocate(1m, [3, 3, 1]));
    }

    [Fact]
    public void A_tie_of_remainders_goes_to_the_larger_weight()
    {
        // 0,03 kr by 1:3:2: quotas 0,5, 1,5 and 1 öre: floors 0, 1 and 1 leave one öre; the first two have equal
        // remainders (0,5 öre) and the öre goes to the larger weight, the second.
        Assert.Equal([0m, 0.02m, 0.01m], Allocation.Allocate(0.03m, [1, 3, 2]));

        // 0,01 kr by 2:1:1:2: remainders 2/6, 1/6, 1/6, 2/6: the tie between the first and the last goes to the earlier.
        Assert.Equal([0.01m, 0m, 0m, 0m], Allocation.Allocate(0.01m, [2, 1, 1, 2]));
    }

    [Fact]
    public void A_credit_is_allocated_as_its_absolute_value_and_negated()
    {
        Assert.Equal([-33.34m, -33.33m, -33.33m], Allocation.Allocate(-100m, [1, 1, 1]));
    }

    [Fact]
    public void Nothing_to_allocate_by_is_refused_unless_the_total_is_zero()
    {
        Assert.Equal([0m, 0m], Allocation.Allocate(0m, [0, 0]));
        Assert.Throws<InvalidOperationException>(() => Allocation.Allocate(1m, [0, 0]));
        Assert.Throws<ArgumentException>(() => Allocation.Allocate(0.001m, [1]));
    }

    [Fact]
    public void Any_total_over_any_weights_is_allocated_exactly_each_part_within_one_ore_of_its_quota()
    {
        var gen = Gen.Select(Gen.Long[-100_000_000_000, 100_000_000_000], Gen.Long[0, 400_000_000].Array[1, 300]);
        gen.Sample(sample =>
        {
            var (totalOre, generated) = sample;
            var weights = generated.ToArray();
            if (weights.All(w => w == 0))
            {
                weights[0] = 1;
            }

            var parts = Allocation.LargestRemainder(totalOre, weights);

            Assert.Equal(totalOre, parts.Sum());
            var sum = (decimal)weights.Sum();
            for (var i = 0; i < parts.Length; i++)
            {
                var quota = totalOre * (weights[i] / sum);
                Assert.True(Math.Abs(parts[i] - quota) < 1.000001m, $"part {parts[i]} öre is more than one öre from its quota {quota}");
                Assert.True(totalOre >= 0 ? parts[i] >= 0 : parts[i] <= 0, "a part has the other sign than the total");
            }
        }, iter: 2000);
    }

    [Theory]
    [InlineData("2021-03-18", null, 2021, 289)]       // Lomma joined 2021-03-18
    [InlineData("2015-01-07", "2021-10-01", 2021, 273)] // Staffanstorp left 2021-10-01: 30 September its last day
    [InlineData("2015-01-07", null, 2020, 366)]        // a leap year
    [InlineData("2015-01-07", "2021-01-01", 2021, 0)]  // left on New Year's Day: not a member of the year
    [InlineData("2022-01-01", null, 2021, 0)]          // joins the year after
    [InlineData("2021-12-31", null, 2021, 1)]
    [InlineData("2021-06-01", "2021-06-02", 2021, 1)]
    public void Membership_days_count_the_day_of_joining_but_not_the_day_of_leaving(string joined, string? left, int year, int days)
    {
        Assert.Equal(days, MembershipDays.InYear(DateOnly.Parse(joined), left is null ? null : DateOnly.Parse(left), year));
    }
}
