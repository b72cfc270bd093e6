namespace SocialJour.Core.Lookup;

/// <summary>Time limits of a look-up and of an emergency opening. Defaults: 3 s per source, 5 s overall, openings valid 60 min.</summary>
public sealed record LookupOptions(TimeSpan SourceTimeout, TimeSpan OverallDeadline, TimeSpan EmergencyOpeningValidity, TimeSpan ResultRetention)
{
    public static LookupOptions Default { get; } = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(15));

    /// <summary>The least time the access-log write is given when the sources used up the overall deadline (ADR 0017).</summary>
    public TimeSpan AccessLogWriteMinimum { get; init; } = TimeSpan.FromSeconds(3);
}

/// <summary>How the population register is named where a municipality would be: in a look-up's missing sources and in the access log.</summary>
public static class PopulationRegisterSource
{
    public const string Code = "FB";

    public const string Name = "Folkbokföringen";
}
