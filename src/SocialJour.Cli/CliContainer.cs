using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialJour.Core;

namespace SocialJour.Cli;

/// <summary>The core's container as the command line uses it: console logging at the given level, the system clock.</summary>
internal static class CliContainer
{
    /// <param name="withModules">Also every module found beside the CLI (their databases, for <c>socialjour migrate</c>).</param>
    public static IContainer Build(CoreOptions core, LogLevel minimumLevel, bool withModules = false)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(minimumLevel));
        services.AddSingleton(TimeProvider.System);
        var builder = new ContainerBuilder();
        builder.Populate(services);
        builder.RegisterModule(new CoreAutofacModule(core));
        if (withModules)
        {
            foreach (var module in SocialJour.Core.Modules.ModuleCatalog.Discover())
            {
                builder.RegisterModule(module);
            }
        }

        return builder.Build();
    }
}
