using SocialJour.Core;
using SocialJour.Modules.Intake.Contacts;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Identity;

namespace SocialJour.Tests.IntakeRules;

/// <summary>What a contact and each person concerned must hold; when a case concerns a child; the limit on checks without a case.</summary>
public sealed class ContactRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 21, 15, 0, TimeSpan.FromHours(1));

    private static readonly PersonConcerned Maja = new("20100315-2384", null, null, "0191", CaseCategory.ChildrenAndYouth);

    [Fact]
    public void A_contact_received_up_to_five_minutes_ahead_is_accepted_later_is_refused()
    {
        Assert.Equal((ContactChannel.Police, Now.AddMinutes(5)),
            ContactRule.Check(new ContactRegistration(ContactChannel.Police, Now.AddMinutes(5), null, null, [Maja]), Now, RuleFixtures.Stockholm));
        Assert.Equal("receivedAt", Assert.Throws<ValidationException>(() =>
            ContactRule.Check(new ContactRegistration(ContactChannel.Police, Now.AddMinutes(6), null, null, [Maja]), Now, RuleFixtures.Stockholm)).Field);
    }

    [Fact]
    public void A_contact_has_one_to_twenty_persons_none_twice()
    {
        var many = Enumerable.Repeat(Maja, ContactRule.MaxPersons + 1).ToList();
        Assert.Contains("Högst 20", Assert.Throws<ValidationException>(() =>
            ContactRule.Check(new ContactRegistration(ContactChannel.Police, null, null, null, many), Now, RuleFixtures.Stockholm)).Message, StringComparison.Ordinal);
        Assert.Equal("persons", Assert.Throws<ValidationException>(() => ContactRule.CheckNoDuplicates([RuleFixtures.Maja, null, null, RuleFixtures.Maja])).Field);
        ContactRule.CheckNoDuplicates([RuleFixtures.Maja, null, null, RuleFixtures.Sara]);
    }

    [Fact]
    public void A_case_concerns_a_child_until_the_18th_birthday_on_the_day_of_the_contact()
    {
        var adultCategory = Maja with { Category = CaseCategory.SubstanceAbuse };

        Assert.True(PersonConcernedRule.Check(adultCategory, 1, new DateOnly(2028, 3, 14), RuleFixtures.Members).ConcernsChild);
        Assert.False(PersonConcernedRule.Check(adultCategory, 1, new DateOnly(2028, 3, 15), RuleFixtures.Members).ConcernsChild);
        Assert.True(PersonConcernedRule.Check(Maja, 1, new DateOnly(2030, 1, 1), RuleFixtures.Members).ConcernsChild); // the category is about children
        Assert.True(PersonConcernedRule.Check(new PersonConcerned(null, "Lillebror", 17, "0191", CaseCategory.Other), 1, new DateOnly(2026, 11, 24), RuleFixtures.Members).ConcernsChild);
    }

    [Fact]
    public void An_unidentified_person_keeps_the_approximate_age_triage_defaults_to_normal_and_a_non_member_is_referred()
    {
        var p = PersonConcernedRule.Check(new PersonConcerned(null, " Okänd man ", 40, "0180", CaseCategory.Other), 2, new DateOnly(2026, 11, 24), RuleFixtures.Members);

        Assert.Equal("Okänd man", p.Name);
        Assert.Equal(40, p.ApproximateAge);
        Assert.Equal(TriageLevel.Normal, p.Triage);
        Assert.True(p.Home.Referred);
    }

    [Theory]
    [InlineData("20100315-2385", "0191", null, "persons[3].identityNumber")]
    [InlineData("20100315-2384", "9999", null, "persons[3].municipalityCode")]
    [InlineData("20100315-2384", "0191", 9, "persons[3].triage")]
    public void A_bad_person_is_named_by_position_and_field(string number, string municipality, int? triage, string field)
    {
        var e = Assert.Throws<ValidationException>(() =>
            PersonConcernedRule.Check(new PersonConcerned(number, null, null, municipality, CaseCategory.Other, (TriageLevel?)triage),
                3, new DateOnly(2026, 11, 24), RuleFixtures.Members));

        Assert.Equal(field, e.Field);
        Assert.StartsWith("Person 3:", e.Message, StringComparison.Ordinal);
    }
}
