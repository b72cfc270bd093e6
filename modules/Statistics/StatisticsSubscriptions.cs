using Autofac;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Feed;

namespace SocialJour.Modules.Statistics;

/// <summary>Every integration event the Statistics module subscribes to, in one place (ADR 0019): what it counts from.</summary>
internal static class StatisticsSubscriptions
{
    public static void Register(ContainerBuilder builder)
    {
        // Intake's: contacts and cases (where a case ended), commissions, and the callback and on-site targets.
        builder.Subscribe<ContactRegistered, StatisticsFeed>();
        builder.Subscribe<CaseOpened, StatisticsFeed>();
        builder.Subscribe<CaseMoved, StatisticsFeed>();
        builder.Subscribe<CaseAnnulled, StatisticsFeed>(); // a duplicate leaves every count
        builder.Subscribe<CommissionOrdered, StatisticsFeed>();
        builder.Subscribe<CommissionCompleted, StatisticsFeed>();
        builder.Subscribe<ResponseStepRecorded, StatisticsFeed>();
        builder.Subscribe<ResponseTargetMissed, StatisticsFeed>();

        // Assessment's: hours, deviations and complaints.
        builder.Subscribe<TimeRecorded, StatisticsFeed>();
        builder.Subscribe<DeviationReported, StatisticsFeed>();

        // The core's: look-ups per municipality and source status.
        builder.Subscribe<LookupLogged, StatisticsFeed>();
    }
}
