using SocialJour.Adapters.Contract;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Tests.LookupModule;

/// <summary>
/// Protected identity as a tri-state (docs/security.md, ADR 0032): one rule for the look-up, the register check and every
/// page. Unknown is treated as protected; a marking only ever makes the answer more protective.
/// </summary>
public sealed class ProtectionRuleTests
{
    [Theory]
    [InlineData(ProtectedIdentity.Yes, true)]
    [InlineData(ProtectedIdentity.Unknown, true)]
    [InlineData(ProtectedIdentity.No, false)]
    public void Only_known_unprotected_shows_address_data(ProtectedIdentity protection, bool hidden) =>
        Assert.Equal(hidden, ProtectionRule.TreatAsProtected(protection));

    [Theory]
    [InlineData(SourceStatus.Found, ProtectedIdentity.No, ProtectedIdentity.No)]
    [InlineData(SourceStatus.Found, ProtectedIdentity.Yes, ProtectedIdentity.Yes)]
    [InlineData(SourceStatus.Found, null, ProtectedIdentity.Unknown)]
    [InlineData(SourceStatus.NotFound, ProtectedIdentity.No, ProtectedIdentity.Unknown)]
    [InlineData(SourceStatus.TimedOut, ProtectedIdentity.No, ProtectedIdentity.Unknown)]
    [InlineData(SourceStatus.Unavailable, null, ProtectedIdentity.Unknown)]
    public void The_register_says_no_only_when_it_found_the_person_with_that_marking(SourceStatus status, ProtectedIdentity? marking, ProtectedIdentity expected) =>
        Assert.Equal(expected, ProtectionRule.FromRegister(status, marking));

    [Fact]
    public void A_marking_outside_the_tri_state_is_unknown() =>
        Assert.Equal(ProtectedIdentity.Unknown, ProtectionRule.FromRegister(SourceStatus.Found, (ProtectedIdentity)42));

    [Fact]
    public void The_journals_say_no_only_when_every_source_answered_and_every_record_says_no()
    {
        Assert.Equal(ProtectedIdentity.No, ProtectionRule.FromJournals([ProtectedIdentity.No, ProtectedIdentity.No], everySourceAnswered: true));
        Assert.Equal(ProtectedIdentity.Unknown, ProtectionRule.FromJournals([ProtectedIdentity.No], everySourceAnswered: false));
        Assert.Equal(ProtectedIdentity.Unknown, ProtectionRule.FromJournals([], everySourceAnswered: true));
        Assert.Equal(ProtectedIdentity.Unknown, ProtectionRule.FromJournals([ProtectedIdentity.No, ProtectedIdentity.Unknown], everySourceAnswered: true));
        Assert.Equal(ProtectedIdentity.Yes, ProtectionRule.FromJournals([ProtectedIdentity.No, ProtectedIdentity.Yes], everySourceAnswered: false));
    }

    [Theory]
    [InlineData(ProtectedIdentity.Yes, SourceStatus.Found, ProtectedIdentity.No, true, ProtectedIdentity.Yes)]       // the journals' yes stands
    [InlineData(ProtectedIdentity.No, SourceStatus.Found, ProtectedIdentity.Yes, true, ProtectedIdentity.Yes)]       // a newer marking only the register has
    [InlineData(ProtectedIdentity.No, SourceStatus.Found, ProtectedIdentity.No, true, ProtectedIdentity.No)]
    [InlineData(ProtectedIdentity.Unknown, SourceStatus.Found, ProtectedIdentity.No, true, ProtectedIdentity.Unknown)] // the register's no does not lower
    [InlineData(ProtectedIdentity.No, SourceStatus.Found, null, true, ProtectedIdentity.Unknown)]                    // found without a marking
    [InlineData(ProtectedIdentity.No, SourceStatus.NotFound, null, true, ProtectedIdentity.No)]                      // answered, does not know the person
    [InlineData(ProtectedIdentity.No, SourceStatus.TimedOut, null, false, ProtectedIdentity.Unknown)]                // did not answer
    public void The_register_only_ever_makes_the_answer_more_protective(ProtectedIdentity journals, SourceStatus status, ProtectedIdentity? marking, bool answered,
        ProtectedIdentity expected) =>
        Assert.Equal(expected, ProtectionRule.WithRegister(journals, status, marking, answered));
}
