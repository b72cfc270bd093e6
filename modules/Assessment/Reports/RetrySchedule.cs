namespace SocialJour.Modules.Assessment;

/// <summary>
/// How a report is retried: up to <see cref="AttemptsPerChannel"/> attempts on the primary channel, then as many on the
/// fallback (when the municipality has one), then failed. After a failed attempt the next one on the same channel waits 1
/// minute, then 2, counted from the failure; the first attempt on the fallback is made at once.
/// </summary>
internal static class RetrySchedule
{
    public const int AttemptsPerChannel = 3;

    /// <summary>The wait after a failed attempt on a channel, counted from the failure: 1 minute, then 2 (then the next channel).</summary>
    public static readonly TimeSpan[] RetryWaits = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];

    /// <summary>Whether the next attempt, after <paramref name="attemptsMade"/>, goes to the fallback channel.</summary>
    public static bool OnFallback(int attemptsMade) => attemptsMade >= AttemptsPerChannel;

    /// <summary>When to try again after the <paramref name="attemptsMade"/>th attempt failed at <paramref name="failedAt"/>; null: give up.</summary>
    public static DateTimeOffset? NextAttemptAfterFailure(int attemptsMade, bool hasFallback, DateTimeOffset failedAt)
    {
        if (attemptsMade >= (hasFallback ? 2 : 1) * AttemptsPerChannel)
        {
            return null;
        }

        var onChannel = attemptsMade % AttemptsPerChannel;
        return failedAt + (onChannel == 0 ? TimeSpan.Zero : RetryWaits[onChannel - 1]);
    }
}
