using Autofac;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>Every integration event the Assessment module subscribes to, in one place (issue 12).</summary>
internal static class AssessmentSubscriptions
{
    public static void Register(ContainerBuilder builder)
    {
        // Intake moved a case: stop its queued reports to the old municipality, re-send one that had already left (ADR 0016).
        builder.Subscribe<CaseMoved, ReportCaseMoved>();
    }
}
