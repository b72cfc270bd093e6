using SocialJour.Core;

namespace SocialJour.Modules.Assessment;

/// <summary>A time entry is whole minutes, at least one and at most a day (1–1440), recorded by the social worker for themself.</summary>
internal static class TimeEntryRule
{
    public const int MaximumMinutes = 24 * 60;

    public static int Check(int? minutes) => minutes is > 0 and <= MaximumMinutes
        ? minutes.Value
        : throw new ValidationException("minutes", "Ange tid i minuter (1–1440).");
}
