using Quartz;
using SocialJour.Core.Audit;

namespace SocialJour.Host.Jobs;

/// <summary>On a schedule: signs a tree head per log and writes it to every member municipality's publication folder (ADR 0013).</summary>
[DisallowConcurrentExecution]
internal sealed class TreeHeadPublicationJob(ITransparencyLog transparency) : IJob
{
    public static readonly JobKey Key = new("tree-head-publication");

    public static void Schedule(IQuartzBuilder q, IConfiguration configuration)
    {
        var cron = configuration["SocialJour:Transparency:PublishCron"] ?? throw new InvalidOperationException("Inställningen SocialJour:Transparency:PublishCron saknas");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(configuration["SocialJour:ChainVerification:TimeZone"] ?? "Europe/Stockholm");
        q.AddJob<TreeHeadPublicationJob>(j => j.WithIdentity(Key));
        q.AddTrigger(t => t.ForJob(Key).WithCronSchedule(cron, c => c.InTimeZone(zone)));
    }

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => new(transparency.PublishAsync(cancellationToken));
}
