using SocialJour.Core;

namespace SocialJour.Modules.Intake.Timers;

/// <summary>A missed target: which one (Callback, OnSite) and when it was due.</summary>
internal sealed record MissedTarget(string Kind, DateTimeOffset DueAt);

/// <summary>
/// The brief's response targets: call back within 30 minutes of receipt; be on site within 2 hours of deciding on a visit.
/// Each step is recorded once; a step recorded after its deadline, or a deadline passed with the step not recorded, is a breach.
/// </summary>
internal static class ResponseTargets
{
    public const string Callback = "Callback";

    public const string OnSite = "OnSite";

    public static readonly TimeSpan CallbackWithin = TimeSpan.FromMinutes(30);

    public static readonly TimeSpan OnSiteWithin = TimeSpan.FromHours(2);

    public static DateTimeOffset CallbackDue(DateTimeOffset receivedAt) => receivedAt + CallbackWithin;

    /// <summary>Records the callback at <paramref name="now"/>; returns the breach when it is late.</summary>
    public static MissedTarget? RecordCallback(JourCaseRow c, string caseId, DateTimeOffset now)
    {
        if (c.CalledBackAt is not null)
        {
            throw new ValidationException("caseId", $"Återuppringning är redan registrerad för {caseId}.");
        }

        c.CalledBackAt = now;
        return now > c.CallbackDueAt ? new MissedTarget(Callback, c.CallbackDueAt) : null;
    }

    /// <summary>Records the decision to visit at <paramref name="now"/>: the on-site deadline starts.</summary>
    public static void DecideVisit(JourCaseRow c, string caseId, DateTimeOffset now)
    {
        if (c.VisitDecidedAt is not null)
        {
            throw new ValidationException("caseId", $"Beslut om besök är redan registrerat för {caseId}.");
        }

        c.VisitDecidedAt = now;
        c.VisitDueAt = now + OnSiteWithin;
    }

    /// <summary>Records being on site at <paramref name="now"/> (a visit must have been decided); returns the breach when it is late.</summary>
    public static MissedTarget? RecordOnSite(JourCaseRow c, string caseId, DateTimeOffset now)
    {
        if (c.VisitDueAt is not { } due)
        {
            throw new ValidationException("caseId", $"Registrera först beslutet om besök för {caseId}.");
        }

        if (c.OnSiteAt is not null)
        {
            throw new ValidationException("caseId", $"Ankomst på plats är redan registrerad för {caseId}.");
        }

        c.OnSiteAt = now;
        return now > due ? new MissedTarget(OnSite, due) : null;
    }

    /// <summary>The targets of an open case that have passed unmet at <paramref name="now"/>.</summary>
    public static IEnumerable<MissedTarget> MissedBy(JourCaseRow c, DateTimeOffset now)
    {
        if (c.CalledBackAt is null && c.CallbackDueAt < now)
        {
            yield return new MissedTarget(Callback, c.CallbackDueAt);
        }

        if (c.VisitDueAt is { } due && c.OnSiteAt is null && due < now)
        {
            yield return new MissedTarget(OnSite, due);
        }
    }
}
