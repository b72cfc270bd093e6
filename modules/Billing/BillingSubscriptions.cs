using Autofac;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Billing.Usage;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Billing;

/// <summary>Every integration event the Billing module subscribes to, in one place (ADR 0019): what it bills from.</summary>
internal static class BillingSubscriptions
{
    public static void Register(ContainerBuilder builder)
    {
        // Assessment's: minutes on a case, charged to the case's home municipality (the time share of PopulationAndTime).
        builder.Subscribe<TimeRecorded, TimeRecordedFeed>();

        // Intake's: commissions a municipality ordered and the jour did (the price list of PopulationFeeCommissionsDeficit, and
        // their minutes where commission time counts).
        builder.Subscribe<CommissionOrdered, CommissionFeed>();
        builder.Subscribe<CommissionCompleted, CommissionFeed>();

        // Intake's: a case annulled as a duplicate leaves billing (its time entries and their minutes).
        builder.Subscribe<CaseAnnulled, CaseAnnulledFeed>();
    }
}
