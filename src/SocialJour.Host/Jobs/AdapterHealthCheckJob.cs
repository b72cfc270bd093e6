using Quartz;
using SocialJour.Core.Calendar;
using SocialJour.Core.Health;

namespace SocialJour.Host.Jobs;

/// <summary>Checks every member municipality's journal system (login + canary) on an interval; keeps status and history.</summary>
[DisallowConcurrentExecution]
internal sealed class AdapterHealthCheckJob(IAdapterHealthMonitor monitor, JourClock clock, ILogger<AdapterHealthCheckJob> logger) : IJob
{
    public static readonly JobKey Key = new("adapter-health-check");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var results = await monitor.CheckAllAsync(clock.Today, cancellationToken);
        var failing = results.Where(r => !r.Healthy).Select(r => $"{r.MunicipalityCode}:{r.Status}").ToList();
        if (failing.Count > 0)
        {
            logger.LogWarning("Journal systems not healthy: {Failing}", string.Join(", ", failing));
        }
    }
}
