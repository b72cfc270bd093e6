using Autofac;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Intake;

/// <summary>Registers the Intake module. The host registers this and nothing else of the module.</summary>
public sealed class IntakeAutofacModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.Register(c =>
            {
                var b = new DbContextOptionsBuilder<IntakeDbContext>();
                c.Resolve<DatabaseOptions>().Configure(b, IntakeDbContext.ModuleName);
                return b.Options;
            }).SingleInstance();
        builder.RegisterType<IntakeDbContext>().InstancePerDependency();
        builder.RegisterType<IntakeDatabase>().As<IModuleDatabase>().SingleInstance();
        builder.RegisterType<IntakeModule>().As<IIntakeModule>().SingleInstance();
    }
}
