using Quartz;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Assessment;

namespace SocialJour.Host.Jobs;

/// <summary>Every <see cref="PollSeconds"/> seconds: delivers queued reports whose next attempt is due.</summary>
[DisallowConcurrentExecution]
internal sealed class ReportDeliveryJob(IAssessmentModule assessment) : IJob
{
    public const int PollSeconds = 5;

    public static readonly JobKey Key = new("report-delivery");

    public Task Execute(IJobExecutionContext context) => assessment.DeliverDueReportsAsync(context.CancellationToken);
}

/// <summary>Weekdays at 07:30: raises every report not yet delivered that is due by 08:00 (log and start page).</summary>
[DisallowConcurrentExecution]
internal sealed class UndeliveredReportsJob(IAssessmentModule assessment, IMunicipalityRegistry registry, TimeProvider time, ILogger<UndeliveredReportsJob> logger) : IJob
{
    public static readonly JobKey Key = new("undelivered-reports");

    public static readonly TriggerKey Trigger = new("undelivered-reports-0730");

    /// <summary>Weekdays 07:30 in the jour's time zone (from jour.json, not from any other job's setting).</summary>
    public static Task ScheduleAsync(IScheduler scheduler, TimeZoneInfo jourTimeZone) =>
        scheduler.ScheduleJob(TriggerBuilder.Create().WithIdentity(Trigger).ForJob(Key)
            .WithCronSchedule("0 30 7 ? * MON-FRI", c => c.InTimeZone(jourTimeZone)).Build());

    public async Task Execute(IJobExecutionContext context)
    {
        var deadline = registry.Current.Schedule.NextWeekdayAt0800(time.GetUtcNow());
        var undelivered = await assessment.UndeliveredReportsAsync(deadline, context.CancellationToken);
        if (undelivered.Count > 0)
        {
            logger.LogError("{Count} reports due by {Deadline} are not delivered: {Cases}", undelivered.Count, deadline, string.Join(", ", undelivered.Select(r => $"{r.CaseId}→{r.MunicipalityCode}")));
        }
    }
}
