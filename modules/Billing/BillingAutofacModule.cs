using Autofac;
using SocialJour.Core.Modules;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing;

/// <summary>Registers the Billing module. The host registers this and nothing else of the module.</summary>
public sealed class BillingAutofacModule : SocialJourModule
{
    public override string Name => "Billing";

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDatabase<BillingDbContext>(BillingDbContext.ModuleName);
        builder.RegisterType<BillingModule>().As<IBillingModule>().SingleInstance();
        builder.RegisterType<Calculation.BillingConfigurationSection>().As<Core.Configuration.IJourConfigurationSection>().SingleInstance();
    }
}
