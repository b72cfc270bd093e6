using Microsoft.Extensions.Logging;
using Quartz;

namespace SocialJour.Modules.Intake.Timers;

/// <summary>Every minute: records a breach for each open case whose callback or on-site target has passed unmet.</summary>
[DisallowConcurrentExecution]
internal sealed class TimerWatchJob(TimerService timers, ILogger<TimerWatchJob> logger) : IJob
{
    public static readonly JobKey Key = new("timer-watch");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var added = await timers.RecordBreachesAsync(cancellationToken);
        if (added > 0)
        {
            logger.LogWarning("{Count} callback/on-site targets missed", added);
        }
    }
}
