using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Statistics.Feed;

/// <summary>The module's subscriber for every event it counts: each delivery goes through <see cref="StatisticsProjection"/>.</summary>
internal sealed class StatisticsFeed(StatisticsProjection projection) :
    IIntegrationEventHandler<ContactRegistered>,
    IIntegrationEventHandler<CaseOpened>,
    IIntegrationEventHandler<CaseMoved>,
    IIntegrationEventHandler<CaseAnnulled>,
    IIntegrationEventHandler<CommissionOrdered>,
    IIntegrationEventHandler<CommissionCompleted>,
    IIntegrationEventHandler<ResponseStepRecorded>,
    IIntegrationEventHandler<ResponseTargetMissed>,
    IIntegrationEventHandler<TimeRecorded>,
    IIntegrationEventHandler<DeviationReported>,
    IIntegrationEventHandler<LookupLogged>
{
    public Task HandleAsync(ContactRegistered evt, IntegrationEventContext context, CancellationToken cancellationToken) => Apply(evt, context, cancellationToken);

    public Task HandleAsync(CaseOpened evt, IntegrationEventContext context, CancellationToken cancellationToken) => Apply(evt, context, cancellationToken);

    public Task HandleAsync(CaseMoved evt, IntegrationEventContext context, CancellationToken cancellationToken) => Apply(evt, context, cancellationToken);

    public Task HandleAsync(CaseAnnulled evt, IntegrationEventContext context, CancellationToken cancellationToken) => Apply(evt, context, cancellationToken);

    public Task HandleAsync(CommissionOrdered evt, IntegrationEventContext context, CancellationToken cancellationToken) => Apply(evt, context, cancellationToken);

    public Task HandleAsync(CommissionCompleted evt, IntegrationEventContext context, CancellationToken cancellationToken) => Apply(evt, context, cancellationToken);

    public Task HandleAsync(ResponseStepRecorded evt, IntegrationEventContext context, CancellationToken cancellationToken) => Apply(evt, context, cancellationToken);

    public Task HandleAsync(ResponseTargetMissed evt, IntegrationEventContext context, CancellationToken cancellationToken) => Apply(evt, context, cancellationToken);

    public Task HandleAsync(TimeRecorded evt, IntegrationEventContext context, CancellationToken cancellationToken) => Apply(evt, context, cancellationToken);

    public Task HandleAsync(DeviationReported evt, IntegrationEventContext context, CancellationToken cancellationToken) => Apply(evt, context, cancellationToken);

    public Task HandleAsync(LookupLogged evt, IntegrationEventContext context, CancellationToken cancellationToken) => Apply(evt, context, cancellationToken);

    private Task Apply(IIntegrationEvent evt, IntegrationEventContext context, CancellationToken cancellationToken) =>
        projection.ApplyAsync([new FeedItem(context.MessageId, evt)], cancellationToken);
}
