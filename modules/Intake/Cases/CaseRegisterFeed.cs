using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>
/// Feeds the core's register of jour cases from intake's own events: whatever changed, the case's whole current state is
/// recorded (<see cref="CaseRegisterEntries"/>), so a retry, a duplicate or a late delivery records the same thing.
/// The cases of one contact are saved together, so each one's <see cref="CaseOpened"/> already finds all of its persons.
/// </summary>
internal sealed class CaseRegisterFeed(CaseRegisterEntries entries) :
    IIntegrationEventHandler<CaseOpened>,
    IIntegrationEventHandler<CaseMoved>,
    IIntegrationEventHandler<CaseClosed>,
    IIntegrationEventHandler<RelatedPartyAdded>
{
    public Task HandleAsync(CaseOpened evt, IntegrationEventContext context, CancellationToken cancellationToken) => entries.RecordAsync(evt.CaseId, cancellationToken);

    public Task HandleAsync(CaseMoved evt, IntegrationEventContext context, CancellationToken cancellationToken) => entries.RecordAsync(evt.CaseId, cancellationToken);

    public Task HandleAsync(CaseClosed evt, IntegrationEventContext context, CancellationToken cancellationToken) => entries.RecordAsync(evt.CaseId, cancellationToken);

    public Task HandleAsync(RelatedPartyAdded evt, IntegrationEventContext context, CancellationToken cancellationToken) => entries.RecordAsync(evt.CaseId, cancellationToken);
}
