using SocialJour.Core;
using SocialJour.Modules.Intake.Commissions;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests.IntakeRules;

/// <summary>A commission is ordered by a member that day (the jour's local date), by someone, not in the future; done with 1–1440 minutes.</summary>
public sealed class CommissionRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 21, 15, 0, TimeSpan.FromHours(1));

    private static CommissionOrder Order(string? municipality = "0191", DateTimeOffset? orderedAt = null, string? identity = null) =>
        new(municipality, CommissionKind.HomeVisit, " Handläggare Sigtuna ", orderedAt, identity, " Tillsyn i hemmet kl 22 ");

    [Fact]
    public void A_valid_order_is_trimmed_and_ordered_now_when_no_time_is_given()
    {
        var valid = CommissionRule.Check(Order(identity: "20100315-2384"), Now, RuleFixtures.Stockholm, RuleFixtures.Members);

        Assert.Equal(new ValidCommission("0191", CommissionKind.HomeVisit, "Handläggare Sigtuna", Now, RuleFixtures.Maja, "Tillsyn i hemmet kl 22"), valid);
    }

    [Fact]
    public void The_ordering_municipality_must_be_a_member_on_the_jours_local_date_of_the_order()
    {
        // 23:30 UTC on New Year's Eve is already 1 January in Stockholm: Järfälla is a member from that day.
        var newYear = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal("0123", CommissionRule.Check(Order("0123", newYear), newYear, RuleFixtures.Stockholm, RuleFixtures.Members).MunicipalityCode);

        var before = newYear.AddHours(-1);
        Assert.Equal("municipalityCode", Assert.Throws<ValidationException>(() => CommissionRule.Check(Order("0123", before), before, RuleFixtures.Stockholm, RuleFixtures.Members)).Field);
        Assert.Equal("municipalityCode", Assert.Throws<ValidationException>(() => CommissionRule.Check(Order("0180"), Now, RuleFixtures.Stockholm, RuleFixtures.Members)).Field);
    }

    [Fact]
    public void An_order_time_more_than_five_minutes_ahead_is_refused()
    {
        Assert.Equal(Now.AddMinutes(5), CommissionRule.Check(Order(orderedAt: Now.AddMinutes(5)), Now, RuleFixtures.Stockholm, RuleFixtures.Members).OrderedAt);
        Assert.Equal("orderedAt", Assert.Throws<ValidationException>(() => CommissionRule.Check(Order(orderedAt: Now.AddMinutes(6)), Now, RuleFixtures.Stockholm, RuleFixtures.Members)).Field);
    }

    [Theory]
    [InlineData("orderedBy")]
    [InlineData("description")]
    [InlineData("kind")]
    [InlineData("identityNumber")]
    public void A_missing_or_bad_field_is_named(string field)
    {
        var order = field switch
        {
            "orderedBy" => Order() with { OrderedBy = " " },
            "description" => Order() with { Description = null },
            "kind" => Order() with { Kind = (CommissionKind)42 },
            _ => Order(identity: "20100315-2385"),
        };

        Assert.Equal(field, Assert.Throws<ValidationException>(() => CommissionRule.Check(order, Now, RuleFixtures.Stockholm, RuleFixtures.Members)).Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1441)]
    public void The_time_spent_is_1_to_1440_minutes(int? minutes) =>
        Assert.Equal("minutesSpent", Assert.Throws<ValidationException>(() => CommissionRule.CheckMinutes(minutes)).Field);

    [Fact]
    public void A_commission_is_done_once()
    {
        Assert.Equal(1, CommissionRule.CheckMinutes(1));
        Assert.Equal(1440, CommissionRule.CheckMinutes(1440));
        CommissionRule.CheckNotDone(3, null);
        Assert.Equal("Uppdraget 3 är redan utfört.", Assert.Throws<ValidationException>(() => CommissionRule.CheckNotDone(3, Now)).Message);
    }
}
