using Autofac;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Assessment;

/// <summary>Registers the Assessment module. The host registers this and nothing else of the module.</summary>
public sealed class AssessmentAutofacModule : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.Register(c =>
            {
                var b = new DbContextOptionsBuilder<AssessmentDbContext>();
                c.Resolve<DatabaseOptions>().Configure(b, AssessmentDbContext.ModuleName);
                return b.Options;
            }).SingleInstance();
        builder.RegisterType<AssessmentDbContext>().InstancePerDependency();
        builder.RegisterType<AssessmentDatabase>().As<IModuleDatabase>().SingleInstance();
        builder.RegisterType<AssessmentModule>().As<IAssessmentModule>().SingleInstance();
    }
}
