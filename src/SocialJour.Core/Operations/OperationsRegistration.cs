using Autofac;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Operations;

/// <summary>The core's operations services (ADR 0029): the operations database, host heartbeats, access-log retention.</summary>
internal static class OperationsRegistration
{
    public static void Register(ContainerBuilder builder)
    {
        builder.RegisterModuleDatabase<OperationsDbContext>(OperationsDbContext.ModuleName);
        builder.RegisterType<HostHeartbeats>().As<IHostHeartbeats>().SingleInstance();
        builder.RegisterType<ExportStarts>().As<IExportStarts>().SingleInstance();
        builder.RegisterInstance(AccessLogRetentionOptions.Off).IfNotRegistered(typeof(AccessLogRetentionOptions));
        builder.RegisterType<AccessLogRetention>().As<IAccessLogRetention>().SingleInstance();
    }
}
