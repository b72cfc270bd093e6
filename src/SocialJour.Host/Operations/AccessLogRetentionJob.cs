using Quartz;
using SocialJour.Core.Operations;

namespace SocialJour.Host.Operations;

/// <summary>
/// Nightly (<c>SocialJour:AccessLog:RetentionCron</c>, default 04:15 Stockholm time): archives and deletes the access-log
/// entries older than <c>SocialJour:AccessLog:RetentionYears</c> (ADR 0029) where the host's database role may (SQLite, one
/// host). On PostgreSQL the hosts' runtime role may not change the log, so the job only reports what is due, and IT deletes
/// it with <c>socialjour access-log-retention --apply yes</c> as the owner role (a systemd timer in docs/deploy).
/// Does nothing when no retention is configured. A second host running it at the same moment finds nothing left to delete.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class AccessLogRetentionJob(IAccessLogRetention retention, ILogger<AccessLogRetentionJob> logger) : IJob
{
    public const string Actor = "system:gallring";

    public static readonly JobKey Key = new("access-log-retention");

    public static void Schedule(IQuartzBuilder q, IConfiguration configuration)
    {
        var cron = configuration["SocialJour:AccessLog:RetentionCron"] ?? "0 15 4 * * ?";
        if (!CronExpression.TryParse(cron, out _))
        {
            throw new InvalidOperationException($"Inställningen SocialJour:AccessLog:RetentionCron är inget giltigt Quartz-cronuttryck: '{cron}'");
        }

        q.AddJob<AccessLogRetentionJob>(j => j.WithIdentity(Key));
        q.AddTrigger(t => t.ForJob(Key).WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm"))));
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (retention.Options is not { Years: { } years, ArchiveDirectory: { } archive })
        {
            return;
        }

        try
        {
            var result = await retention.ApplyAsync(years, archive, Actor, cancellationToken);
            if (result.Plan.Count == 0)
            {
                logger.LogInformation("Access log retention: nothing older than {Cutoff:O}", result.Plan.Cutoff);
            }
        }
        catch (RetentionNotPermittedException e)
        {
            // The runtime role on PostgreSQL, by design (ADR 0029): refused before anything was signed, archived or recorded.
            logger.LogWarning(
                "Access log retention due: {Count} entries {First}-{Last} are older than {Cutoff:O}; the host's database role may not delete them: run `socialjour access-log-retention --apply yes` as the owner role",
                e.Plan.Count, e.Plan.First, e.Plan.Last, e.Plan.Cutoff);
        }
        catch (InvalidOperationException e)
        {
            logger.LogError("Access log retention not carried out: {Problem}", e.Message);
        }
    }
}
