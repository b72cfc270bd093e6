using SocialJour.Core;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Contacts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests.IntakeRules;

/// <summary>The rules behind issue 24 §3: duplicate candidates, same-year siblings, the default priority, closing reasons, annulment.</summary>
public sealed class DuplicateRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 20, 15, 0, TimeSpan.Zero);

    [Fact]
    public void A_case_is_current_while_open_or_closed_within_72_hours_and_never_once_annulled()
    {
        Assert.True(DuplicateCaseRule.IsCurrent(null, null, Now));
        Assert.True(DuplicateCaseRule.IsCurrent(Now.AddHours(-72), null, Now));
        Assert.False(DuplicateCaseRule.IsCurrent(Now.AddHours(-72).AddMinutes(-1), null, Now));
        Assert.False(DuplicateCaseRule.IsCurrent(null, Now.AddHours(-1), Now));
    }

    [Theory]
    [InlineData("Lisa Berg", null, "lisa  berg", "Vem som helst", DuplicateCaseRule.SameName)] // no details given: the name decides
    [InlineData("Lisa Berg", "070-123 45 67", "LISA BERG", "Grannen, 0701234567", DuplicateCaseRule.SameNameAndContact)]
    [InlineData("Lisa Berg", "+46 70 123 45 67", "Lisa Berg", "070-123 45 67", DuplicateCaseRule.SameNameAndContact)]
    [InlineData("Lisa Berg", "Skolan", "Lisa Berg", "skolan", DuplicateCaseRule.SameNameAndContact)] // no number: the text
    [InlineData("Lisa Berg", "070-123 45 67", "Lisa Berg", "08-555 123 40", null)]
    [InlineData("Lisa Berg", "070-123 45 67", "Lisa Berg", null, null)]
    [InlineData("Lisa Berg", null, "Lisa Bergström", null, null)]
    [InlineData(null, null, null, null, null)]
    public void An_unidentified_person_matches_by_name_and_the_callers_contact_details_when_given(string? name, string? caller, string? storedName, string? storedCaller, string? match) =>
        Assert.Equal(match, DuplicateCaseRule.MatchUnidentified(name, caller, storedName, storedCaller));

    [Fact]
    public void Registering_anew_takes_a_reason_of_at_least_ten_characters()
    {
        Assert.Equal("duplicateReason", Assert.Throws<ValidationException>(() => DuplicateCaseRule.CheckReason(null)).Field);
        Assert.Equal("duplicateReason", Assert.Throws<ValidationException>(() => DuplicateCaseRule.CheckReason("ny igen")).Field);
        Assert.Equal("Ny händelse samma natt", DuplicateCaseRule.CheckReason("  Ny händelse samma natt "));
    }

    [Fact]
    public void Children_of_a_contact_born_the_same_year_are_flagged_adults_and_other_years_are_not()
    {
        var day = new DateOnly(2026, 11, 24);
        var flagged = SiblingRule.SameYear(
        [
            new("J1", "201003152384", null),
            new("J2", "201006122384", null),
            new("J3", null, 16), // 2010 by the approximate age
            new("J4", "201203012388", null),
            new("J5", "198511302385", null),
            new("J6", "198504012389", null), // adults born the same year are not siblings to check
            new("J7", null, null),
        ], day);

        Assert.Equal(["J1", "J2", "J3"], flagged.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["J2", "J3"], flagged["J1"]);
        Assert.Equal(2010, SiblingRule.BirthYear("201003152384", null, day));
        Assert.Equal(2022, SiblingRule.BirthYear(null, 4, day));
        Assert.Null(SiblingRule.BirthYear(null, null, day));
    }

    [Theory]
    [InlineData(true, CaseCategory.DomesticViolence, TriageLevel.Acute)]
    [InlineData(true, CaseCategory.ChildrenAndYouth, TriageLevel.Urgent)]
    [InlineData(true, CaseCategory.SubstanceAbuse, TriageLevel.Urgent)]
    [InlineData(false, CaseCategory.DomesticViolence, TriageLevel.Urgent)]
    [InlineData(false, CaseCategory.SubstanceAbuse, TriageLevel.Normal)]
    [InlineData(false, CaseCategory.ElderlyOrDisability, TriageLevel.Normal)]
    public void The_default_priority_puts_children_first_and_a_child_in_a_violence_call_at_acute(bool child, CaseCategory category, TriageLevel expected) =>
        Assert.Equal(expected, TriageRule.Default(child, category));

    [Fact]
    public void A_person_without_a_given_priority_gets_the_default_a_given_one_is_kept()
    {
        var day = new DateOnly(2026, 11, 24);
        Assert.Equal(TriageLevel.Acute, PersonConcernedRule.Check(new PersonConcerned("201003152384", null, null, "0191", CaseCategory.DomesticViolence), 1, day, RuleFixtures.Members).Triage);
        Assert.Equal(TriageLevel.Normal, PersonConcernedRule.Check(new PersonConcerned("201003152384", null, null, "0191", CaseCategory.DomesticViolence, TriageLevel.Normal), 1, day, RuleFixtures.Members).Triage);
    }

    [Fact]
    public void Closing_needs_a_reason_Other_needs_a_note_and_a_duplicate_is_annulled_not_closed()
    {
        Assert.Equal("reason", Assert.Throws<ValidationException>(() => CaseClosingRule.CheckReason("J1", null, null)).Field);
        Assert.Equal("reason", Assert.Throws<ValidationException>(() => CaseClosingRule.CheckReason("J1", (CaseClosingReason)42, null)).Field);
        Assert.Equal("reason", Assert.Throws<ValidationException>(() => CaseClosingRule.CheckReason("J1", CaseClosingReason.Duplicate, null)).Field);
        Assert.Equal("note", Assert.Throws<ValidationException>(() => CaseClosingRule.CheckReason("J1", CaseClosingReason.Other, " ")).Field);
        Assert.Equal((CaseClosingReason.Completed, null), CaseClosingRule.CheckReason("J1", CaseClosingReason.Completed, null));
        Assert.Equal((CaseClosingReason.Other, "Personen flyttade utomlands"), CaseClosingRule.CheckReason("J1", CaseClosingReason.Other, "Personen flyttade utomlands"));
    }

    [Fact]
    public void A_duplicate_is_annulled_against_another_live_case_of_the_same_person()
    {
        var now = new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.Zero);
        JourCaseRow Row(long id, string? person, DateTimeOffset? annulled = null)
        {
            var r = RuleFixtures.Case(now);
            r.Id = id;
            r.PersonId = person;
            r.AnnulledAt = annulled;
            return r;
        }

        CaseAnnulmentRule.Check(Row(2, RuleFixtures.Sara), Row(1, RuleFixtures.Sara));
        CaseAnnulmentRule.Check(Row(2, null), Row(1, RuleFixtures.Sara)); // an unidentified duplicate of an identified case
        Assert.Equal("caseId", Assert.Throws<ValidationException>(() => CaseAnnulmentRule.Check(Row(2, RuleFixtures.Sara, now), Row(1, RuleFixtures.Sara))).Field);
        Assert.Equal("duplicateOfCaseId", Assert.Throws<ValidationException>(() => CaseAnnulmentRule.Check(Row(2, RuleFixtures.Sara), Row(2, RuleFixtures.Sara))).Field);
        Assert.Equal("duplicateOfCaseId", Assert.Throws<ValidationException>(() => CaseAnnulmentRule.Check(Row(2, RuleFixtures.Sara), Row(1, RuleFixtures.Sara, now))).Field);
        Assert.Equal("duplicateOfCaseId", Assert.Throws<ValidationException>(() => CaseAnnulmentRule.Check(Row(2, RuleFixtures.Sara), Row(1, RuleFixtures.Maja))).Field);
        Assert.Equal("reason", Assert.Throws<ValidationException>(() => CaseAnnulmentRule.CheckReason("dubblett")).Field);
    }

    [Fact]
    public void The_case_list_shows_the_name_typed_or_from_the_population_register_beside_the_masked_number()
    {
        var row = RuleFixtures.Case(Now);
        Assert.Equal("20100315-****", CaseViews.Label(row));
        row.RegisterName = "Maja Lindberg";
        Assert.Equal("20100315-**** Maja Lindberg", CaseViews.Label(row));
        row.Name = "Maja";
        Assert.Equal("20100315-**** Maja", CaseViews.Label(row));
    }
}
