using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;

namespace SocialJour.Modules.Statistics.Feed;

/// <summary>An event as the feed receives it: the outbox message id (what makes a repeated delivery count once) and the event.</summary>
internal sealed record FeedItem(string MessageId, IIntegrationEvent Event);

/// <summary>
/// Writes the fact tables from events: the ONE path into them, used by the subscriptions (<see cref="StatisticsFeed"/>) and
/// by the demo history. Idempotent: applying an item twice leaves the facts as applying it once. Handles intake's
/// ContactRegistered, CaseOpened, CaseMoved, CommissionOrdered, CommissionCompleted, ResponseStepRecorded and
/// ResponseTargetMissed; assessment's TimeRecorded and DeviationReported; the core's LookupLogged. Other events are ignored.
/// </summary>
internal sealed class StatisticsProjection(Func<StatisticsDbContext> contexts, IMunicipalityRegistry registry, JourClock clock)
{
    /// <summary>Applies the items in order, in one transaction per call (a batch for the demo, one item per delivery otherwise).</summary>
    public Task ApplyAsync(IReadOnlyList<FeedItem> items, CancellationToken cancellationToken)
    {
        _ = contexts;
        _ = registry;
        _ = clock;
        _ = items;
        _ = cancellationToken;
        throw new NotImplementedException("Helper 'feed' implements this.");
    }
}
