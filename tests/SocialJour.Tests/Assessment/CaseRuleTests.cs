using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Tests.Assessment;

/// <summary>The protection assessment of a child's case and time entries.</summary>
public sealed class CaseRuleTests
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 27, 23, 40, 0, TimeSpan.FromHours(1));
    private static readonly JourCaseInfo Child = new("J-1", "201003152384", "Maja", "0191", "ChildrenAndYouth", Opened, null, ConcernsChild: true);
    private static readonly JourCaseInfo Adult = Child with { Id = "J-2", ConcernsChild = false };

    [Fact]
    public void A_protection_assessment_is_made_in_a_childs_case_with_an_outcome_and_reasoning()
    {
        Assert.Equal("caseId", Assert.Throws<ValidationException>(() => ProtectionAssessmentRule.Check(Adult, new(ProtectionOutcome.NoImmediateNeed, "Tryggt hos mormor"))).Field);
        Assert.Equal("outcome", Assert.Throws<ValidationException>(() => ProtectionAssessmentRule.Check(Child, new(null, "Tryggt hos mormor"))).Field);
        Assert.Equal("reasoning", Assert.Throws<ValidationException>(() => ProtectionAssessmentRule.Check(Child, new(ProtectionOutcome.NoImmediateNeed, " Trygg "))).Field);
        Assert.Equal((ProtectionOutcome.ImmediateNeed, "Våld i hemmet ikväll"), ProtectionAssessmentRule.Check(Child, new(ProtectionOutcome.ImmediateNeed, " Våld i hemmet ikväll ")));
    }

    [Fact]
    public void A_childs_case_is_closable_only_with_its_assessment_and_an_adults_always()
    {
        Assert.Contains("dokumentera den omedelbara skyddsbedömningen", ProtectionAssessmentRule.WhyNotClosable(Child, assessed: false), StringComparison.Ordinal);
        Assert.Null(ProtectionAssessmentRule.WhyNotClosable(Child, assessed: true));
        Assert.Null(ProtectionAssessmentRule.WhyNotClosable(Adult, assessed: false));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1441)]
    public void A_time_entry_outside_1_to_1440_minutes_is_refused(int? minutes) =>
        Assert.Equal("minutes", Assert.Throws<ValidationException>(() => TimeEntryRule.Check(minutes)).Field);

    [Theory]
    [InlineData(1)]
    [InlineData(1440)]
    public void A_time_entry_of_1_to_1440_minutes_is_kept(int minutes) => Assert.Equal(minutes, TimeEntryRule.Check(minutes));
}
