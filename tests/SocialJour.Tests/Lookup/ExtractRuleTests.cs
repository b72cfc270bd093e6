using SocialJour.Adapters.Contract;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup;

namespace SocialJour.Tests.LookupModule;

/// <summary>The extract rule (docs/transparency.md §6): one rule for the extract, its evidence form and the entries endpoint.</summary>
public sealed class ExtractRuleTests
{
    [Theory]
    [InlineData(SourceStatus.Found, true)]
    [InlineData(SourceStatus.NoAccess, true)]
    [InlineData(SourceStatus.Unavailable, true)]
    [InlineData(SourceStatus.TimedOut, true)]
    [InlineData(SourceStatus.InvalidResponse, true)]
    [InlineData(SourceStatus.NotFound, false)]
    [InlineData(SourceStatus.Disabled, false)]
    public void An_entry_is_in_a_municipalitys_extract_only_when_its_records_were_concerned(SourceStatus answer, bool inExtract)
    {
        SourceAnswer[] sources = [new("0123", SourceStatus.Found), new("0191", answer)];

        Assert.Equal(inExtract, ExtractRule.Concerns(sources, "0191"));
        Assert.False(ExtractRule.Concerns(sources, "0183")); // not asked
    }
}
