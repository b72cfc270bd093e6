using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SocialJour.Core.Operations;

/// <summary>
/// The system's own OpenTelemetry signals (ADR 0029): one meter and one activity source, both named "SocialJour". Tags
/// name municipalities, journal systems and statuses — never a person, a user or a case.
/// </summary>
public static class SocialJourTelemetry
{
    public const string Name = "SocialJour";

    public static readonly Meter Meter = new(Name, "1.0");

    public static readonly ActivitySource ActivitySource = new(Name, "1.0");

    /// <summary>How long one municipality's journal system took to answer in a look-up (ms).</summary>
    public static readonly Histogram<double> LookupSourceDuration = Meter.CreateHistogram<double>(
        "socialjour.lookup.source.duration", "ms", "Svarstid per källa (kommun och journalsystem) i ett uppslag");

    /// <summary>Answers per source and status (Found, NotFound, NoAccess, Unavailable, TimedOut, InvalidResponse, Disabled).</summary>
    public static readonly Counter<long> LookupSourceAnswers = Meter.CreateCounter<long>(
        "socialjour.lookup.source.answers", "{answer}", "Svar per källa och status i uppslag");

    /// <summary>Scheduled and on-demand checks of a journal system (login and canary), per municipality and status.</summary>
    public static readonly Counter<long> AdapterChecks = Meter.CreateCounter<long>(
        "socialjour.adapter.checks", "{check}", "Kontroller av journalsystem per kommun och status");

    /// <summary>Intake response targets missed (callback within 30 min, on site within 2 h), per kind.</summary>
    public static readonly Counter<long> TimerBreaches = Meter.CreateCounter<long>(
        "socialjour.intake.timer_breaches", "{breach}", "Missade svarstider i mottagningen");

    public static void RecordSource(string municipalityCode, string system, string status, double milliseconds)
    {
        var tags = new TagList { { "municipality", municipalityCode }, { "system", system }, { "status", status } };
        LookupSourceDuration.Record(milliseconds, tags);
        LookupSourceAnswers.Add(1, tags);
    }
}
