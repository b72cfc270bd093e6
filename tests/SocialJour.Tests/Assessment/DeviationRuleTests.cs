using SocialJour.Core;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Tests.Assessment;

/// <summary>What a deviation needs, when it may be closed, and who sees what of it.</summary>
public sealed class DeviationRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 23, 40, 0, TimeSpan.FromHours(1));

    [Fact]
    public void A_deviation_needs_a_category_of_the_annual_report_and_a_description()
    {
        Assert.Equal("category", Assert.Throws<ValidationException>(() => DeviationRule.Check(new DeviationInput(null, "Samtalet bröts i kön", null, null, null), Now)).Field);
        Assert.Equal("category", Assert.Throws<ValidationException>(() => DeviationRule.Check(new DeviationInput((DeviationCategory)42, "Samtalet bröts i kön", null, null, null), Now)).Field);
        Assert.Equal("description", Assert.Throws<ValidationException>(() => DeviationRule.Check(new DeviationInput(DeviationCategory.Technical, " kort ", null, null, null), Now)).Field);
    }

    [Fact]
    public void A_deviation_without_a_time_happened_now_and_one_in_the_future_is_refused_beyond_five_minutes_of_clock_difference()
    {
        Assert.Equal(Now, DeviationRule.Check(new DeviationInput(DeviationCategory.UnansweredSosCall, "Samtalet bröts i kön", null, null, null), Now).OccurredAt);
        Assert.Equal(Now.AddMinutes(5), DeviationRule.Check(new DeviationInput(DeviationCategory.UnansweredSosCall, "Samtalet bröts i kön", Now.AddMinutes(5), null, null), Now).OccurredAt);
        Assert.Equal("occurredAt", Assert.Throws<ValidationException>(() =>
            DeviationRule.Check(new DeviationInput(DeviationCategory.UnansweredSosCall, "Samtalet bröts i kön", Now.AddMinutes(6), null, null), Now)).Field);
    }

    [Fact]
    public void A_deviation_is_closed_only_after_a_documented_follow_up()
    {
        Assert.Equal("followUp", Assert.Throws<ValidationException>(() => DeviationRule.CheckFollowUp("ok")).Field);
        Assert.Equal("Telefonkön felkopplad, rättad av IT", DeviationRule.CheckFollowUp(" Telefonkön felkopplad, rättad av IT "));
        Assert.Equal("followUp", Assert.Throws<ValidationException>(() => DeviationRule.CheckClosable(null)).Field);
        DeviationRule.CheckClosable("Telefonkön felkopplad, rättad av IT");
    }

    [Fact]
    public void A_unit_manager_sees_every_deviation_and_a_social_worker_only_her_own_without_the_follow_up_notes()
    {
        DeviationView Of(string by) => new(1, DeviationCategory.Handling, "Beskrivning av händelsen", Now, null, null, by, Now, "Utrett med personalen", "erik", null, null);
        var all = new[] { Of("anna"), Of("bo") };

        Assert.Equal(2, DeviationVisibility.Visible(all, "erik", seesAll: true).Count(d => d.FollowUp is not null));
        var annas = Assert.Single(DeviationVisibility.Visible(all, "ANNA", seesAll: false));
        Assert.Equal(("anna", null, null), (annas.ReportedBy, annas.FollowUp, annas.FollowedUpBy));
        Assert.Empty(DeviationVisibility.Visible(all, null, seesAll: false));
    }
}
