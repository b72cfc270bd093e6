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

    public static void Schedule(IServiceCollectionQuartzConfigurator q)
    {
        q.AddJob<RetainedLookupCleanupJob>(Key);
        q.AddTrigger(t => t.ForJob(Key).StartAt(DateBuilder.FutureDate(20, IntervalUnit.Second)).WithSimpleSchedule(s => s.WithIntervalInMinutes(1).RepeatForever()));
    }

    public async Task Execute(IJobExecutionContext context)
    {
        var deleted = await cleanup.PurgeExpiredAsync(context.CancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} expired kept look-up answers", deleted);
        }
    }
}
