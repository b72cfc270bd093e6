using Autofac;

namespace SocialJour.Core.Events;

/// <summary>Where and when an event was published: <see cref="MessageId"/> is the same on every retry, for subscribers that must not act twice.</summary>
public sealed record IntegrationEventContext(string MessageId, string SourceModule, DateTimeOffset OccurredAt);

/// <summary>
/// An in-process subscriber of <typeparamref name="TEvent"/>, registered with <see cref="SubscriptionRegistration.Subscribe{TEvent, THandler}"/>.
/// Called after the publishing transaction committed; a handler that throws is retried later with backoff, the other
/// subscribers are not held up. Delivery is at least once: a handler should tolerate the same <see cref="IntegrationEventContext.MessageId"/> twice.
/// </summary>
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleAsync(TEvent evt, IntegrationEventContext context, CancellationToken cancellationToken);
}

/// <summary>One subscriber of one event type; its <see cref="Name"/> (the handler type's full name) keys its delivery state.</summary>
internal sealed class Subscription(Type eventType, Type handlerType, Func<ILifetimeScope, IIntegrationEvent, IntegrationEventContext, CancellationToken, Task> invoke)
{
    public Type EventType => eventType;

    public string EventTypeName => OutboxDbContextExtensions.EventTypeName(eventType);

    public string Name => handlerType.FullName ?? handlerType.Name;

    public Task InvokeAsync(ILifetimeScope scope, IIntegrationEvent evt, IntegrationEventContext context, CancellationToken cancellationToken) =>
        invoke(scope, evt, context, cancellationToken);
}

public static class SubscriptionRegistration
{
    /// <summary>Subscribes <typeparamref name="THandler"/> to <typeparamref name="TEvent"/>, whichever module publishes it.</summary>
    public static void Subscribe<TEvent, THandler>(this ContainerBuilder builder)
        where TEvent : class, IIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        builder.RegisterType<THandler>().AsSelf().InstancePerLifetimeScope();
        builder.RegisterInstance(new Subscription(typeof(TEvent), typeof(THandler),
            (scope, evt, context, ct) => scope.Resolve<THandler>().HandleAsync((TEvent)evt, context, ct)));
    }
}
