using Autofac;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core.Events;
using SocialJour.Core.Modules;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Billing.Contracts;
using SocialJour.Modules.Billing.Demo;

namespace SocialJour.Modules.Billing;

/// <summary>
/// Registers the Billing module: its database and outbox, its entry, its subscriptions (<see cref="BillingSubscriptions"/>),
/// its endpoints (/api/billing) and, in the demo only (<c>SocialJour:Billing:DemoHistory</c> true), the demo history.
/// The host discovers it and registers nothing else of the module.
/// </summary>
public sealed class BillingAutofacModule : SocialJourModule
{
    public override string Name => "Billing";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        if (DemoHistory.Enabled(configuration))
        {
            services.AddHostedService<DemoHistory>();
        }
    }

    public override void MapEndpoints(IEndpointRouteBuilder routes) => BillingEndpoints.Map(routes);

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDatabase<BillingDbContext>(BillingDbContext.ModuleName);
        builder.RegisterOutbox<BillingDbContext>(BillingDbContext.ModuleName);
        builder.RegisterType<BillingModule>().AsSelf().As<IBillingModule>().SingleInstance();
        BillingSubscriptions.Register(builder);
        builder.RegisterType<Calculation.BillingConfigurationSection>().As<Core.Configuration.IJourConfigurationSection>().SingleInstance();
    }
}
