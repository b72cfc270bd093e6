using SocialJour.Core;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Notices;
using SocialJour.Modules.Intake.RelatedParties;

namespace SocialJour.Tests.IntakeRules;

/// <summary>Who may be added to a case as a related party; what a notice must hold and when it is active.</summary>
public sealed class RelatedPartyAndNoticeRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Fact]
    public void A_related_party_has_a_national_number_a_role_and_a_reason_of_ten_characters()
    {
        Assert.Equal(new ValidRelatedParty(RuleFixtures.Sara, RelatedPartyRole.Parent, "Mamma till barnet"),
            RelatedPartyRule.Check(new RelatedPartyInput("19851130-2385", RelatedPartyRole.Parent, "  Mamma till barnet "), Today));

        Assert.Equal("identityNumber", Assert.Throws<ValidationException>(() => RelatedPartyRule.Check(new RelatedPartyInput("19851130-2384", RelatedPartyRole.Parent, "Mamma till barnet"), Today)).Field);
        Assert.Equal("role", Assert.Throws<ValidationException>(() => RelatedPartyRule.Check(new RelatedPartyInput("19851130-2385", null, "Mamma till barnet"), Today)).Field);
        Assert.Equal("reason", Assert.Throws<ValidationException>(() => RelatedPartyRule.Check(new RelatedPartyInput("19851130-2385", RelatedPartyRole.Parent, "mamma"), Today)).Field);
    }

    [Fact]
    public void A_person_who_already_belongs_to_the_case_is_refused_saying_how()
    {
        CasePersonView[] persons =
        [
            new(RuleFixtures.Maja, "20100315-****", CasePersonRelation.CasePerson, "J1"),
            new(RuleFixtures.Sara, "19851130-****", CasePersonRelation.SameContact, "J2"),
        ];

        Assert.Contains("samma kontakt, ärende J2", Assert.Throws<ValidationException>(() => RelatedPartyRule.CheckNotAlready(persons, RuleFixtures.Sara)).Message, StringComparison.Ordinal);
        Assert.Contains("ärendets person", Assert.Throws<ValidationException>(() => RelatedPartyRule.CheckNotAlready(persons, RuleFixtures.Maja)).Message, StringComparison.Ordinal);
        RelatedPartyRule.CheckNotAlready(persons, "201107222380");
    }

    [Fact]
    public void A_notice_is_from_a_configured_municipality_about_a_valid_number_valid_from_today_unless_told()
    {
        var notice = NoticeRule.Check(new NoticeRegistration(" 0191 ", "20100315-2384", " Bevilja inte ekonomiskt bistånd ", null, null), Today, Find);

        Assert.Equal(new ValidNotice("0191", RuleFixtures.Maja, "Bevilja inte ekonomiskt bistånd", Today, null, null), notice);
    }

    [Theory]
    [InlineData("0180", "20100315-2384", "Bevilja inte", null, "municipalityCode")]
    [InlineData("0191", "20100315-2385", "Bevilja inte", null, "identityNumber")]
    [InlineData("0191", "20100315-2384", "Nej", null, "text")]
    [InlineData("0191", "20100315-2384", "Bevilja inte", "2026-11-23", "validTo")]
    public void A_bad_notice_names_the_field(string municipality, string number, string text, string? validTo, string field) =>
        Assert.Equal(field, Assert.Throws<ValidationException>(() =>
            NoticeRule.Check(new NoticeRegistration(municipality, number, text, null, validTo is null ? null : DateOnly.Parse(validTo, System.Globalization.CultureInfo.InvariantCulture)), Today, Find)).Field);

    [Fact]
    public void A_notice_is_active_from_its_first_to_its_last_day_inclusive()
    {
        Assert.True(NoticeRule.IsActiveOn(Today, Today, Today));
        Assert.False(NoticeRule.IsActiveOn(Today, Today, Today.AddDays(1)));
        Assert.False(NoticeRule.IsActiveOn(Today, null, Today.AddDays(-1)));
        Assert.True(NoticeRule.IsActiveOn(Today, null, Today.AddYears(5)));
    }

    private static Core.Configuration.Municipality? Find(string code) => RuleFixtures.Members.FirstOrDefault(m => m.Code == code);
}
