using Autofac;
using SocialJour.Core.Events;
using SocialJour.Core.Lookup;
using SocialJour.Core.Modules;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Intake;

/// <summary>Registers the Intake module. The host registers this and nothing else of the module.</summary>
public sealed class IntakeAutofacModule : SocialJourModule
{
    public override string Name => "Intake";

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDatabase<IntakeDbContext>(IntakeDbContext.ModuleName);
        builder.RegisterOutbox<IntakeDbContext>(IntakeDbContext.ModuleName);
        builder.RegisterType<IntakeModule>().As<IIntakeModule>().SingleInstance();
        builder.RegisterType<JourCaseDirectory>().As<IJourCaseDirectory>().SingleInstance();
    }
}
