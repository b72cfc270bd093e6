using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using SocialJour.Core.Configuration;

namespace SocialJour.Modules.Assessment;

/// <summary>Every <see cref="PollSeconds"/> seconds: delivers queued reports whose next attempt is due.</summary>
[DisallowConcurrentExecution]
internal sealed class ReportDeliveryJob(ReportDelivery delivery) : IJob
{
    public const int PollSeconds = 5;

    public static readonly JobKey Key = new("report-delivery");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => new(delivery.DeliverDueAsync(cancellationToken));
}

/// <summary>Weekdays at 07:30: raises every report not yet delivered that is due by 08:00 (log and start page).</summary>
[DisallowConcurrentExecution]
internal sealed class UndeliveredReportsJob(Reports reports, IMunicipalityRegistry registry, TimeProvider time, ILogger<UndeliveredReportsJob> logger) : IJob
{
    public static readonly JobKey Key = new("undelivered-reports");

    public static readonly TriggerKey Trigger = new("undelivered-reports-0730");

    /// <summary>
    /// Weekdays 07:30 in the jour's time zone (from jour.json, not from any other job's setting). With the clustered job
    /// store (ADR 0028) the trigger may already be in the database, put there by this or another host: it is replaced.
    /// </summary>
    public static async Task ScheduleAsync(IScheduler scheduler, TimeZoneInfo jourTimeZone)
    {
        ITrigger Build() => TriggerBuilder.Create().WithIdentity(Trigger).ForJob(Key)
            .WithCronSchedule("0 30 7 ? * MON-FRI", c => c.InTimeZone(jourTimeZone)).Build();
        if (await scheduler.Exists(Trigger))
        {
            await scheduler.RescheduleJob(Trigger, Build());
            return;
        }

        try
        {
            await scheduler.ScheduleJob(Build());
        }
        catch (ObjectAlreadyExistsException)
        {
            await scheduler.RescheduleJob(Trigger, Build()); // another host scheduled it at the same moment
        }
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var deadline = registry.Current.Schedule.NextWeekdayAt0800(time.GetUtcNow());
        var undelivered = await reports.UndeliveredAsync(deadline, cancellationToken);
        if (undelivered.Count > 0)
        {
            logger.LogError("{Count} reports due by {Deadline} are not delivered: {Cases}", undelivered.Count, deadline, string.Join(", ", undelivered.Select(r => $"{r.CaseId}→{r.MunicipalityCode}")));
        }
    }
}

/// <summary>
/// Schedules <see cref="UndeliveredReportsJob"/> in the jour's time zone once the host has started its services: the zone is
/// in jour.json, which the core reads (and refuses, exit code 2) when the host is built, so it is not known when the jobs are
/// registered. Registered before Quartz's own hosted service, so the trigger is in place before the scheduler starts.
/// </summary>
internal sealed class UndeliveredReportsScheduling(ISchedulerFactory schedulers, IMunicipalityRegistry registry) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await UndeliveredReportsJob.ScheduleAsync(await schedulers.GetScheduler(cancellationToken), registry.Current.Jour.TimeZone);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
