using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Tests.LookupModule;

/// <summary>
/// Need-to-know, the one rule (docs/security.md, ADR 0032): the look-up, the register check and the police-assistance check
/// ask it through <see cref="IClientLookup.CheckNeedToKnowAsync"/>; here the rule itself, on what the register holds.
/// (The attacks on it, through the look-up and the register check: Security/NeedToKnowAttackTests.)
/// </summary>
public sealed class NeedToKnowTests
{
    private const string Maja = "201405142383";
    private const string Other = "199001011234";

    private static readonly DateTimeOffset Opened = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);

    private static JourCaseInfo Case(DateTimeOffset? closed = null, bool referred = false) =>
        new("J-2026-0001", Maja, "Maja", "0191", "Child", Opened, closed, ConcernsChild: true, Referred: referred);

    private static readonly JourCasePerson[] Persons = [new(Maja, "ärendets person")];

    [Fact]
    public void An_open_case_of_the_jour_opens_its_own_person()
    {
        Assert.Null(NeedToKnow.Refusal(Case(), Persons, Maja));
        Assert.Null(NeedToKnow.Refusal(Case(), Persons, null)); // the case only
    }

    [Fact]
    public void A_person_outside_the_case_is_refused_naming_the_identity_number_field()
    {
        var refusal = NeedToKnow.Refusal(Case(), Persons, Other);

        Assert.NotNull(refusal);
        Assert.Equal("identityNumber", refusal.Field);
        Assert.StartsWith("Personen hör inte till jourärende J-2026-0001.", refusal.Message, StringComparison.Ordinal);
        Assert.False(refusal.NotFound);
    }

    [Fact]
    public void A_closed_case_opens_nothing_and_says_what_to_do_instead()
    {
        var refusal = NeedToKnow.Refusal(Case(closed: Opened.AddHours(2)), Persons, Maja);

        Assert.NotNull(refusal);
        Assert.Equal("jourCaseId", refusal.Field);
        Assert.Equal("Jourärendet J-2026-0001 är avslutat. Välj ett öppet ärende eller gör en nödöppning med skäl.", refusal.Message);
    }

    [Fact]
    public void A_case_referred_outside_the_jour_opens_nothing_not_even_its_own_person()
    {
        var refusal = NeedToKnow.Refusal(Case(referred: true), Persons, Maja);

        Assert.NotNull(refusal);
        Assert.Equal("jourCaseId", refusal.Field);
        Assert.Contains("är hänvisat till en kommun utanför jouren (0191)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_case_is_refused_before_the_person_is_considered()
    {
        Assert.Equal("jourCaseId", NeedToKnow.Refusal(Case(closed: Opened), Persons, Other)!.Field);
    }
}
