using Microsoft.EntityFrameworkCore;

namespace SocialJour.Core.Events;

public static class OutboxKeyedSave
{
    /// <summary>
    /// Like <see cref="IOutbox{TContext}.SaveAndDispatchAsync"/> for a change whose events or audit entry name a key the
    /// database generates (a report's or a deviation's id): saves the change, lets <paramref name="publish"/> add the events and
    /// audit entries (<see cref="OutboxDbContextExtensions.Publish"/>, <see cref="OutboxDbContextExtensions.Audit"/>), saves
    /// them, and commits both in ONE transaction; then hands the new rows to their subscribers.
    /// </summary>
    public static async Task<int> SaveAndDispatchAsync<TContext>(this IOutbox<TContext> outbox, TContext db, Action publish, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(publish);
        if (outbox is not ModuleOutbox<TContext> module)
        {
            throw new InvalidOperationException("The outbox of a module is registered with RegisterOutbox.");
        }

        List<string> ids;
        int saved;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            saved = await db.SaveChangesAsync(cancellationToken);
            publish();
            ids = ModuleOutbox<TContext>.PrepareAdded(db, module.Time.GetUtcNow());
            saved += await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await module.DispatchSavedAsync(ids);
        return saved;
    }
}
