using Quartz;
using SocialJour.Core.Lookup;

namespace SocialJour.Host.Jobs;

/// <summary>
/// Every minute: deletes kept look-up answers whose time is up (ADR 0017). Every host runs it; the deletes are idempotent,
/// so two hosts at the same moment do not conflict (the second finds nothing left to delete).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RetainedLookupCleanupJob(IRetainedLookupCleanup cleanup, ILogger<RetainedLookupCleanupJob> logger) : IJob
{
    public static readonly JobKey Key = new("retained-lookup-cleanup");

    public static void Schedule(IQuartzBuilder q)
    {
        q.AddJob<RetainedLookupCleanupJob>(j => j.WithIdentity(Key));
        q.AddTrigger(t => t.ForJob(Key).StartAt(TimeProvider.System.GetUtcNow().AddSeconds(20)).WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(1)).RepeatForever()));
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var deleted = await cleanup.PurgeExpiredAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} expired kept look-up answers", deleted);
        }
    }
}
