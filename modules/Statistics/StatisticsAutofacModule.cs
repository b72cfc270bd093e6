using Autofac;
using SocialJour.Core.Modules;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Statistics;

/// <summary>Registers the Statistics module. The host registers this and nothing else of the module.</summary>
public sealed class StatisticsAutofacModule : SocialJourModule
{
    public override string Name => "Statistics";

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDatabase<StatisticsDbContext>(StatisticsDbContext.ModuleName);
        builder.RegisterType<StatisticsModule>().As<IStatisticsModule>().SingleInstance();
    }
}
