using Autofac;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Billing;

/// <summary>Registers the Billing module. The host registers this and nothing else of the module.</summary>
public sealed class BillingAutofacModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.Register(c =>
            {
                var b = new DbContextOptionsBuilder<BillingDbContext>();
                c.Resolve<DatabaseOptions>().Configure(b, BillingDbContext.ModuleName);
                return b.Options;
            }).SingleInstance();
        builder.RegisterType<BillingDbContext>().InstancePerDependency();
        builder.RegisterType<BillingDatabase>().As<IModuleDatabase>().SingleInstance();
        builder.RegisterType<BillingModule>().As<IBillingModule>().SingleInstance();
    }
}
