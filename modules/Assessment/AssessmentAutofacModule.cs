using Autofac;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using SocialJour.Core.Events;
using SocialJour.Core.Modules;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// Registers the Assessment module: its features, its subscriptions (<see cref="AssessmentSubscriptions"/>), its report jobs and its endpoints.
/// The host finds it (ModuleCatalog) and registers nothing else of the module.
/// </summary>
public sealed class AssessmentAutofacModule : SocialJourModule
{
    public override string Name => "Assessment";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddQuartz(q =>
        {
            q.AddJob<ReportDeliveryJob>(j => j.WithIdentity(ReportDeliveryJob.Key));
            // Every 5 s: a retry is made within 5 s of its wait (1 and 2 minutes), not on the next half-minute (ADR 0016).
            q.AddTrigger(t => t.ForJob(ReportDeliveryJob.Key).StartAt(TimeProvider.System.GetUtcNow().AddSeconds(15))
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(ReportDeliveryJob.PollSeconds)).RepeatForever()));

            // 07:30 in the jour's own time zone (jour.json), scheduled once the configuration is read (UndeliveredReportsScheduling).
            q.AddJob<UndeliveredReportsJob>(j => j.WithIdentity(UndeliveredReportsJob.Key).StoreDurably());
        });
        services.AddHostedService<UndeliveredReportsScheduling>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder routes) => AssessmentEndpoints.Map(routes);

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDatabase<AssessmentDbContext>(AssessmentDbContext.ModuleName);
        builder.RegisterOutbox<AssessmentDbContext>(AssessmentDbContext.ModuleName);
        builder.RegisterType<AssessmentModule>().As<IAssessmentModule>().SingleInstance();
        builder.RegisterType<AssessedCases>().AsSelf().SingleInstance();
        builder.RegisterType<ProtectionAssessments>().AsSelf().SingleInstance();
        builder.RegisterType<Actions>().AsSelf().SingleInstance();
        builder.RegisterType<Decisions>().AsSelf().SingleInstance();
        builder.RegisterType<Reports>().AsSelf().SingleInstance();
        builder.RegisterType<ReportDelivery>().AsSelf().SingleInstance();
        builder.RegisterType<ReportClaims>().AsSelf().SingleInstance();
        builder.RegisterType<Deviations>().AsSelf().SingleInstance();
        builder.RegisterType<TimeSpentLog>().AsSelf().SingleInstance();
        builder.RegisterType<Handover>().AsSelf().SingleInstance();
        AssessmentSubscriptions.Register(builder);
    }
}
