namespace SocialJour.Modules.Lookup;

/// <summary>The caps on each list of an answer: the most relevant items are kept, the rest counted in <see cref="LookupOmissions"/>.</summary>
internal static class LookupLimits
{
    /// <summary>Placements, warnings, investigations, decisions, caseworkers, addresses: at most this many each.</summary>
    public const int Items = 50;

    /// <summary>The jour's own earlier cases of the person: the newest this many.</summary>
    public const int JourCases = 20;
}
