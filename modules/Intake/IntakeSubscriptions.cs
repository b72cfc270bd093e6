using Autofac;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake;

/// <summary>Every integration event the Intake module subscribes to, in one place (ADR 0019).</summary>
internal static class IntakeSubscriptions
{
    public static void Register(ContainerBuilder builder)
    {
        // Intake's own events feed the core's register of jour cases (need-to-know binding, the jour's history of a person).
        builder.Subscribe<CaseOpened, CaseRegisterFeed>();
        builder.Subscribe<CaseMoved, CaseRegisterFeed>();
        builder.Subscribe<CaseClosed, CaseRegisterFeed>();
        builder.Subscribe<RelatedPartyAdded, CaseRegisterFeed>();

        // Assessment's: a child's case may be closed once its protection assessment is documented.
        builder.Subscribe<ProtectionAssessmentDocumented, ProtectionAssessmentFacts>();
    }
}
