namespace SocialJour.Core.Events;

/// <summary>
/// A fact one module tells the others, as a public record in the module's Contracts (e.g. <c>CaseOpened</c>). It is saved in
/// the module's outbox in the same transaction as the change it describes and handed to the subscribers after commit.
/// </summary>
public interface IIntegrationEvent
{
}
