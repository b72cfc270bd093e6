using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Tests.Assessment;

/// <summary>The legal rules of a decision (SoL, LVU 6 §, LVM 13 §, police assistance) and of submitting an LVU 6 § order to court.</summary>
public sealed class DecisionRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 23, 40, 0, TimeSpan.FromHours(1));

    private static readonly IReadOnlyList<SocialJour.Core.Configuration.EmergencyDecisionMaker> Deciders =
        [new("Karin Ek", "Ordförande i socialnämnden", "070-123 45 67"), new("Per Holm", "Förordnad ledamot", "070-765 43 21")];

    [Fact]
    public void A_SoL_decision_is_the_social_workers_own_and_has_no_court_deadline()
    {
        var terms = DecisionRule.Check(new DecisionInput(DecisionKind.SoL, "  Akut ekonomiskt bistånd  ", null, null, ActionKind.FinancialAid), "anna", Now);

        Assert.Equal(("anna", (DateTimeOffset?)null, false, "Akut ekonomiskt bistånd", (ActionKind?)ActionKind.FinancialAid),
            (terms.DecidedBy, terms.CourtDeadline, terms.NeedsLegalBasis, terms.Description, terms.Grants));
    }

    [Fact]
    public void A_SoL_decision_says_what_it_grants_so_that_a_notice_restricting_that_kind_can_stop_it()
    {
        var refusal = Assert.Throws<ValidationException>(() => DecisionRule.Check(new DecisionInput(DecisionKind.SoL, "Akut ekonomiskt bistånd", null, null), "anna", Now));

        Assert.Equal("grants", refusal.Field);
        Assert.Contains("ekonomiskt bistånd", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_LVU_6_order_names_the_chair_who_decided_and_must_reach_the_court_within_a_week()
    {
        var terms = DecisionRule.Check(new DecisionInput(DecisionKind.LvuEmergencyCareOrder, "Omedelbart omhändertagande", " karin ek ", null, DecisionMakerReachedAt: Now.AddMinutes(-20)), "anna", Now, Deciders);

        Assert.Equal("Karin Ek (Ordförande i socialnämnden)", terms.DecidedBy);
        Assert.Equal(Now.AddMinutes(-20), terms.DecisionMakerReachedAt);
        Assert.Equal(Now.AddDays(7), terms.CourtDeadline);
    }

    [Fact]
    public void An_LVM_13_order_names_who_decided_and_goes_to_the_court_at_once()
    {
        var terms = DecisionRule.Check(new DecisionInput(DecisionKind.LvmEmergencyCare, "Omedelbart omhändertagande", "Per Holm", null, DecisionMakerReachedAt: Now), "anna", Now, Deciders);

        // 15 § LVM: "genast" — due the moment it is decided, overdue until it is submitted.
        Assert.Equal(Now, terms.CourtDeadline);
        DecisionRule.CheckSubmissionToCourt(DecisionKind.LvmEmergencyCare, null);
    }

    [Theory]
    [InlineData(DecisionKind.LvuEmergencyCareOrder)]
    [InlineData(DecisionKind.LvmEmergencyCare)]
    public void An_emergency_care_order_without_who_decided_is_refused(DecisionKind kind)
    {
        var e = Assert.Throws<ValidationException>(() => DecisionRule.Check(new DecisionInput(kind, "Omedelbart omhändertagande", " ", null), "anna", Now));

        Assert.Equal("decidedBy", e.Field);
    }

    [Fact]
    public void An_emergency_care_order_is_decided_by_someone_on_the_municipalitys_list_reached_tonight_never_by_the_social_worker()
    {
        DecisionInput Order(string decidedBy, DateTimeOffset? reached) => new(DecisionKind.LvuEmergencyCareOrder, "Omedelbart omhändertagande", decidedBy, null, DecisionMakerReachedAt: reached);

        var notListed = Assert.Throws<ValidationException>(() => DecisionRule.Check(Order("anna", Now), "anna", Now, Deciders));
        Assert.Equal("decidedBy", notListed.Field);
        Assert.Contains("Karin Ek (Ordförande i socialnämnden, 070-123 45 67)", notListed.Message, StringComparison.Ordinal);
        Assert.Equal("decidedBy", Assert.Throws<ValidationException>(() => DecisionRule.Check(Order("anna", Now), "anna", Now)).Field);
        Assert.Equal("Åsa Öberg (kommunen har ingen förteckning i konfigurationen)", DecisionRule.Check(Order("Åsa Öberg", Now), "anna", Now).DecidedBy);

        Assert.Equal("decisionMakerReachedAt", Assert.Throws<ValidationException>(() => DecisionRule.Check(Order("Karin Ek", null), "anna", Now, Deciders)).Field);
        Assert.Equal("decisionMakerReachedAt", Assert.Throws<ValidationException>(() => DecisionRule.Check(Order("Karin Ek", Now.AddHours(1)), "anna", Now, Deciders)).Field);
        Assert.Equal("decisionMakerReachedAt", Assert.Throws<ValidationException>(() => DecisionRule.Check(Order("Karin Ek", Now.AddDays(-2)), "anna", Now, Deciders)).Field);
    }

    [Theory]
    [InlineData(DecisionKind.SoL)]
    [InlineData(DecisionKind.PoliceAssistanceLvu)]
    public void A_decision_maker_typed_for_the_social_workers_own_decision_is_refused_not_replaced(DecisionKind kind)
    {
        var refusal = Assert.Throws<ValidationException>(() => DecisionRule.Check(new DecisionInput(kind, "Beslut", "Karin Ek", null, ActionKind.FinancialAid), "anna", Now));

        Assert.Equal("decidedBy", refusal.Field);
        Assert.Equal("anna", DecisionRule.Check(new DecisionInput(kind, "Beslut", null, null, ActionKind.FinancialAid), "anna", Now).DecidedBy);
    }

    [Theory]
    [InlineData(DecisionKind.PoliceAssistanceLvu)]
    [InlineData(DecisionKind.PoliceAssistanceLvm)]
    public void Police_assistance_needs_its_legal_basis_shown(DecisionKind kind) =>
        Assert.True(DecisionRule.Check(new DecisionInput(kind, "Handräckning", null, null), "anna", Now).NeedsLegalBasis);

    [Fact]
    public void A_decision_without_kind_or_description_is_refused_naming_the_field()
    {
        Assert.Equal("kind", Assert.Throws<ValidationException>(() => DecisionRule.Check(new DecisionInput(null, "x", null, null), "anna", Now)).Field);
        Assert.Equal("kind", Assert.Throws<ValidationException>(() => DecisionRule.Check(new DecisionInput((DecisionKind)99, "x", null, null), "anna", Now)).Field);
        Assert.Equal("description", Assert.Throws<ValidationException>(() => DecisionRule.Check(new DecisionInput(DecisionKind.SoL, " ", null, null), "anna", Now)).Field);
    }

    [Fact]
    public void Only_an_LVU_6_order_goes_to_the_court_and_only_once()
    {
        DecisionRule.CheckSubmissionToCourt(DecisionKind.LvuEmergencyCareOrder, null);

        Assert.Contains("Bara beslut om omedelbart omhändertagande", Assert.Throws<ValidationException>(() => DecisionRule.CheckSubmissionToCourt(DecisionKind.SoL, null)).Message, StringComparison.Ordinal);
        Assert.Contains("redan underställt", Assert.Throws<ValidationException>(() => DecisionRule.CheckSubmissionToCourt(DecisionKind.LvuEmergencyCareOrder, Now)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Police_assistance_without_a_look_up_asks_for_one_and_the_jours_own_order_is_a_legal_basis()
    {
        var jourCase = new JourCaseInfo("J-1", "201003152384", "Maja", "0191", "ChildrenAndYouth", Now, null, ConcernsChild: true);

        Assert.Contains("gör först ett uppslag", Assert.Throws<ValidationException>(() => PoliceAssistanceRule.FromLookUp(DecisionKind.PoliceAssistanceLvu, jourCase, null)).Message, StringComparison.Ordinal);
        Assert.Equal(DecisionKind.LvmEmergencyCare, PoliceAssistanceRule.Requirement(DecisionKind.PoliceAssistanceLvm).Emergency);
        Assert.Contains("enligt 6 § LVU 2026-11-27 23:40", PoliceAssistanceRule.FromOwnDecision(DecisionKind.PoliceAssistanceLvu, Now, "Ordf. Karin Ek", TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm")), StringComparison.Ordinal);
    }
}
