using SocialJour.Modules.Intake.Routing;

namespace SocialJour.Tests.IntakeRules;

/// <summary>A contact is routed to the person's home municipality: a member that day, or referred to any other municipality.</summary>
public sealed class HomeMunicipalityRuleTests
{
    private static readonly DateOnly Day = new(2026, 11, 24);

    [Fact]
    public void A_member_on_the_day_gets_the_case_without_referral()
    {
        var home = HomeMunicipalityRule.Route(" 0191 ", Day, RuleFixtures.Members);

        Assert.Equal(new HomeMunicipality("0191", null), home);
        Assert.False(home!.Referred);
    }

    [Theory]
    [InlineData("0123", "Järfälla (0123) är inte medlem i jouren 2026-11-24")] // joins on 2027-01-01
    [InlineData("0184", "Solna (0184) är inte medlem i jouren 2026-11-24")] // left on 2026-07-01
    [InlineData("0180", "Stockholm (0180) är inte medlem i jouren 2026-11-24: hänvisas till Stockholms socialtjänst")] // never a member
    public void A_municipality_that_is_not_a_member_that_day_keeps_the_case_as_referred_with_a_note(string code, string note)
    {
        var home = HomeMunicipalityRule.Route(code, Day, RuleFixtures.Members);

        Assert.Equal(code, home!.Code);
        Assert.True(home.Referred);
        Assert.StartsWith(note, home.Referral, StringComparison.Ordinal);
    }

    [Fact]
    public void Membership_is_judged_on_the_day_given_the_first_day_included_the_day_of_leaving_not()
    {
        Assert.False(HomeMunicipalityRule.Route("0123", new DateOnly(2027, 1, 1), RuleFixtures.Members)!.Referred);
        Assert.False(HomeMunicipalityRule.Route("0184", new DateOnly(2026, 6, 30), RuleFixtures.Members)!.Referred);
        Assert.True(HomeMunicipalityRule.Route("0184", new DateOnly(2026, 7, 1), RuleFixtures.Members)!.Referred);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("9999")]
    [InlineData("Sigtuna")]
    public void What_is_no_municipality_code_routes_nowhere(string? code) =>
        Assert.Null(HomeMunicipalityRule.Route(code, Day, RuleFixtures.Members));

    [Fact]
    public void A_move_needs_a_logged_reason_and_another_municipality()
    {
        Assert.Equal("reason", Assert.Throws<Core.ValidationException>(() => CaseMoveRule.CheckReason("flytt")).Field);
        Assert.Equal("Folkbokförd i Sigtuna", CaseMoveRule.CheckReason("  Folkbokförd i Sigtuna "));
        Assert.Contains("redan", Assert.Throws<Core.ValidationException>(() => CaseMoveRule.Target("0191", "0191", Day, RuleFixtures.Members)).Message, StringComparison.Ordinal);
        Assert.Equal("municipalityCode", Assert.Throws<Core.ValidationException>(() => CaseMoveRule.Target("9999", "0191", Day, RuleFixtures.Members)).Field);
        Assert.True(CaseMoveRule.Target("0180", "0191", Day, RuleFixtures.Members).Referred);
    }
}
