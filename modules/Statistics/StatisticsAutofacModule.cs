using Autofac;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Statistics;

/// <summary>Registers the Statistics module. The host registers this and nothing else of the module.</summary>
public sealed class StatisticsAutofacModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.Register(c =>
            {
                var b = new DbContextOptionsBuilder<StatisticsDbContext>();
                c.Resolve<DatabaseOptions>().Configure(b, StatisticsDbContext.ModuleName);
                return b.Options;
            }).SingleInstance();
        builder.RegisterType<StatisticsDbContext>().InstancePerDependency();
        builder.RegisterType<StatisticsDatabase>().As<IModuleDatabase>().SingleInstance();
        builder.RegisterType<StatisticsModule>().As<IStatisticsModule>().SingleInstance();
    }
}
