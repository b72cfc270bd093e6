using Autofac;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using SocialJour.Core.Events;
using SocialJour.Core.Modules;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Commissions;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contacts;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Endpoints;
using SocialJour.Modules.Intake.Identity;
using SocialJour.Modules.Intake.Notices;
using SocialJour.Modules.Intake.RelatedParties;
using SocialJour.Modules.Intake.Routing;
using SocialJour.Modules.Intake.Timers;

namespace SocialJour.Modules.Intake;

/// <summary>
/// Registers the Intake module: its services (one per feature folder), its job (<see cref="TimerWatchJob"/>), its
/// subscriptions (<see cref="IntakeSubscriptions"/>), the start-up fill of the core's case register and its endpoints. The host discovers it (<see cref="ModuleCatalog"/>) and registers nothing else of the module.
/// </summary>
public sealed class IntakeAutofacModule : SocialJourModule
{
    public override string Name => "Intake";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(RegisterCheckWait.From(configuration));
        services.AddQuartz(q =>
        {
            q.AddJob<TimerWatchJob>(j => j.WithIdentity(TimerWatchJob.Key));
            q.AddTrigger(t => t.ForJob(TimerWatchJob.Key).StartAt(TimeProvider.System.GetUtcNow().AddSeconds(10)).WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(1)).RepeatForever()));
        });
    }

    public override void MapEndpoints(IEndpointRouteBuilder routes) => IntakeEndpoints.Map(routes);

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDatabase<IntakeDbContext>(IntakeDbContext.ModuleName);
        builder.RegisterType<RegisterCheckLimit>().SingleInstance();
        builder.RegisterInstance(RegisterCheckWait.Default).PreserveExistingDefaults(); // the host's setting, when given, wins
        builder.RegisterType<CaseQueries>().SingleInstance();
        builder.RegisterType<CaseClosing>().SingleInstance();
        builder.RegisterType<CaseFile.CaseNotes>().SingleInstance();
        builder.RegisterType<CaseFile.CaseSearch>().SingleInstance();
        builder.RegisterType<CaseMoveService>().SingleInstance();
        builder.RegisterType<ContactRegistrationService>().SingleInstance();
        builder.RegisterType<IdentityCheckService>().SingleInstance();
        builder.RegisterType<TimerService>().SingleInstance();
        builder.RegisterType<NoticeService>().SingleInstance();
        builder.RegisterType<LookupNoticeSource>().As<SocialJour.Modules.Lookup.Contracts.IPersonNotices>().SingleInstance();
        builder.RegisterType<CommissionService>().SingleInstance();
        builder.RegisterType<RelatedPartyService>().SingleInstance();
        builder.RegisterOutbox<IntakeDbContext>(IntakeDbContext.ModuleName);
        builder.RegisterType<IntakeModule>().As<IIntakeModule>().SingleInstance();
        builder.RegisterType<CaseRegisterEntries>().AsSelf().SingleInstance();
        builder.RegisterType<CaseRegisterBackfill>().AsSelf().As<IHostedService>().SingleInstance();
        IntakeSubscriptions.Register(builder);
    }
}
