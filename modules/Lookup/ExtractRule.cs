using SocialJour.Adapters.Contract;
using SocialJour.Core.Lookup;

namespace SocialJour.Modules.Lookup;

/// <summary>
/// The extract rule: which access-log entries a member municipality may obtain. An entry concerned a municipality's records
/// when its journal system answered found, or failed (it may have seen the question). "No records" and "not asked"
/// (Disabled) are left out: those are people the municipality does not know, and telling it about them would disclose
/// where else the person is known. Used by the extract (API, page, evidence form) and the transparency entries endpoint;
/// the core's access log and transparency log return every entry, and this rule decides (ADR 0032).
/// </summary>
internal static class ExtractRule
{
    /// <summary>True when the entry with these answers belongs in <paramref name="municipalityCode"/>'s extract.</summary>
    public static bool Concerns(IEnumerable<SourceAnswer> sources, string municipalityCode) =>
        sources.Any(s => s.MunicipalityCode == municipalityCode && Concerns(s.Status));

    /// <summary>True when a municipality that answered <paramref name="status"/> is told about the entry.</summary>
    public static bool Concerns(SourceStatus status) => status is not (SourceStatus.NotFound or SourceStatus.Disabled);
}
