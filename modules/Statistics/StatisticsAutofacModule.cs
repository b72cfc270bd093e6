using Autofac;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core.Events;
using SocialJour.Core.Modules;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Statistics.Contracts;
using SocialJour.Modules.Statistics.Demo;
using SocialJour.Modules.Statistics.Feed;
using SocialJour.Modules.Statistics.Report;

namespace SocialJour.Modules.Statistics;

/// <summary>
/// Registers the Statistics module: its database and outbox, its fact feed (<see cref="StatisticsSubscriptions"/>), its
/// entry, its endpoints (/api/statistics) and, in the demo only (<c>SocialJour:Statistics:DemoHistory</c> true), the demo
/// history. The host discovers it and registers nothing else of the module.
/// </summary>
public sealed class StatisticsAutofacModule : SocialJourModule
{
    public override string Name => "Statistics";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        if (StatisticsDemoHistory.Enabled(configuration))
        {
            services.AddHostedService<StatisticsDemoHistory>();
        }
    }

    public override void MapEndpoints(IEndpointRouteBuilder routes) => StatisticsEndpoints.Map(routes);

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDatabase<StatisticsDbContext>(StatisticsDbContext.ModuleName);
        builder.RegisterOutbox<StatisticsDbContext>(StatisticsDbContext.ModuleName);
        builder.RegisterType<StatisticsProjection>().AsSelf().SingleInstance();
        builder.RegisterType<StatisticsReporter>().AsSelf().SingleInstance();
        builder.RegisterType<StatisticsModule>().AsSelf().As<IStatisticsModule>().SingleInstance();
        StatisticsSubscriptions.Register(builder);
        builder.RegisterType<StatisticsConfigurationSection>().As<Core.Configuration.IJourConfigurationSection>().SingleInstance();
    }
}
