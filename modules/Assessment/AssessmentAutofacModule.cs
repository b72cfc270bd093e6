using Autofac;
using SocialJour.Core.Events;
using SocialJour.Core.Lookup;
using SocialJour.Core.Modules;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Assessment;

/// <summary>Registers the Assessment module. The host registers this and nothing else of the module.</summary>
public sealed class AssessmentAutofacModule : SocialJourModule
{
    public override string Name => "Assessment";

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDatabase<AssessmentDbContext>(AssessmentDbContext.ModuleName);
        builder.RegisterOutbox<AssessmentDbContext>(AssessmentDbContext.ModuleName);
        builder.RegisterType<AssessmentModule>().As<IAssessmentModule>().SingleInstance();
        builder.RegisterType<ProtectionAssessmentGuard>().As<ICaseCloseGuard>().SingleInstance();
        builder.RegisterType<ReportDelivery>().AsSelf().SingleInstance();
        builder.RegisterType<ReportClaims>().AsSelf().SingleInstance();
        builder.RegisterType<ReportMoveGuard>().As<ICaseMoveGuard>().SingleInstance();
    }
}
