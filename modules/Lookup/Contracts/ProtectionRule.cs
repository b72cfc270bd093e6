using SocialJour.Adapters.Contract;

namespace SocialJour.Modules.Lookup.Contracts;

/// <summary>
/// Protected identity, one rule for the look-up, the register check and every page (docs/security.md): a tri-state, where
/// a source that did not answer, or answered without a marking, leaves it <see cref="ProtectedIdentity.Unknown"/>, and
/// unknown is treated as protected. A marking only ever makes the answer more protective.
/// In the Lookup module's Contracts (ADR 0032): pure, stateless, and used by contract records (<see cref="LookupResult.TreatAsProtected"/>,
/// Intake's register check) and by every page, so there is one rule and no copy of it.
/// </summary>
public static class ProtectionRule
{
    /// <summary>Protected, or not known not to be: address data is hidden unless opened with a reason.</summary>
    public static bool TreatAsProtected(ProtectedIdentity protection) => protection != ProtectedIdentity.No;

    /// <summary>
    /// What the population register's answer says: its marking when it found the person (no marking: unknown), unknown
    /// when it did not answer or does not know the person.
    /// </summary>
    public static ProtectedIdentity FromRegister(SourceStatus status, ProtectedIdentity? marking) =>
        status == SourceStatus.Found && marking is { } m && Enum.IsDefined(m) ? m : ProtectedIdentity.Unknown;

    /// <summary>
    /// The journals' answers merged: protected if any found record says so; not protected only when every source answered,
    /// at least one found the person, and every record found says not protected; otherwise unknown.
    /// </summary>
    public static ProtectedIdentity FromJournals(IReadOnlyCollection<ProtectedIdentity> markingsFound, bool everySourceAnswered) =>
        markingsFound.Contains(ProtectedIdentity.Yes) ? ProtectedIdentity.Yes
        : markingsFound.Count > 0 && everySourceAnswered && markingsFound.All(m => m == ProtectedIdentity.No) ? ProtectedIdentity.No
        : ProtectedIdentity.Unknown;

    /// <summary>
    /// The journals' protection with the register's part added: its marking can only make the answer more protective, and
    /// a register that did not answer (or found the person without a marking) makes protection unknown unless it is protected.
    /// </summary>
    public static ProtectedIdentity WithRegister(ProtectedIdentity journals, SourceStatus registerStatus, ProtectedIdentity? registerMarking, bool registerAnswered) =>
        journals == ProtectedIdentity.Yes ? ProtectedIdentity.Yes
        : registerStatus == SourceStatus.Found ? FromRegister(registerStatus, registerMarking) switch
        {
            ProtectedIdentity.Yes => ProtectedIdentity.Yes,
            ProtectedIdentity.No => journals,
            _ => ProtectedIdentity.Unknown,
        }
        : registerAnswered ? journals : ProtectedIdentity.Unknown;
}
