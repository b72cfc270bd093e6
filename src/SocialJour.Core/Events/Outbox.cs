using System.Text.Json;
using Autofac;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SocialJour.Core.Audit;

namespace SocialJour.Core.Events;

/// <summary>How the outboxes dispatch, retry and clean up (ADR 0019).</summary>
public sealed record OutboxOptions
{
    public static readonly OutboxOptions Default = new();

    /// <summary>How long a claim holds a row; a dispatcher that died lets go when it ends.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    public int BatchSize { get; init; } = 50;

    /// <summary>The background dispatcher's round: rows left by a crash or a failed subscriber are handled within this.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The background dispatcher leaves a row this long to the request that saved it, which dispatches it before it answers.
    /// Without it the background round could claim a row between the commit and the request's own dispatch, and the request
    /// answered before its event was handled: a look-up sent right after registering a contact was refused because the
    /// core's case register did not have the case yet (issue 25's soak, ≈ 0.1 % under load).
    /// </summary>
    public TimeSpan InlineGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry after this; doubled per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Processed rows are deleted after this.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// /health says Degraded when a module's oldest unprocessed row is older than this: a subscriber keeps failing, or a
    /// projection (the statistics) has fallen behind — a minute, issue 25 (it once fell 198 s behind while /health said Healthy).
    /// </summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(1);

    internal TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}

/// <summary>A module's outbox as the host sees it: the background dispatcher and /health iterate every registered one.</summary>
public interface IOutbox
{
    /// <summary>The module whose database holds this outbox (lower case, as its schema or SQLite file).</summary>
    string Module { get; }

    /// <summary>Claims and handles what is due (left by a crash between save and dispatch, or by a failed subscriber); returns the rows handled.</summary>
    Task<int> DispatchPendingAsync(CancellationToken cancellationToken);

    /// <summary>As <see cref="DispatchPendingAsync(CancellationToken)"/>, leaving rows that occurred less than <paramref name="leaveNewerThan"/> ago to the request that saved them.</summary>
    Task<int> DispatchPendingAsync(TimeSpan leaveNewerThan, CancellationToken cancellationToken);

    /// <summary>When the oldest row not yet processed occurred; null when every row is processed.</summary>
    Task<DateTimeOffset?> OldestUnprocessedAsync(CancellationToken cancellationToken);

    /// <summary>Deletes rows processed longer ago than the retention; returns how many.</summary>
    Task<int> CleanUpAsync(CancellationToken cancellationToken);
}

/// <summary>The outbox of the module that owns <typeparamref name="TContext"/>.</summary>
public interface IOutbox<in TContext> : IOutbox
    where TContext : DbContext
{
    /// <summary>
    /// Saves <paramref name="db"/> — the change, its events (<see cref="OutboxDbContextExtensions.Publish"/>) and its audit entries
    /// (<see cref="OutboxDbContextExtensions.Audit"/>) in one transaction — then hands the rows just saved to their subscribers.
    /// A failure after the commit is left to the background dispatcher and never reaches the caller.
    /// </summary>
    Task<int> SaveAndDispatchAsync(TContext db, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="SaveAndDispatchAsync(TContext, CancellationToken)"/>, for a change whose events and audit entries name rows
    /// the database numbers: saves the change, calls <paramref name="describe"/> (the new rows have their keys now) to publish
    /// and audit, saves that too — both in ONE transaction — then dispatches.
    /// </summary>
    Task<int> SaveAndDispatchAsync(TContext db, Action describe, CancellationToken cancellationToken);
}

/// <summary>
/// One module's outbox and its dispatcher. A row is claimed (a lease in the row, taken by one atomic statement) before it is
/// handled, so two dispatchers — two hosts on one PostgreSQL, or two processes on one SQLite file — never handle it at once.
/// </summary>
internal sealed class ModuleOutbox<TContext> : IOutbox<TContext>
    where TContext : DbContext
{
    private readonly Func<TContext> _contexts;
    private readonly IReadOnlyDictionary<string, Subscription[]> _subscriptions;
    private readonly IAuditLog _audit;
    private readonly ILifetimeScope _scope;
    private readonly TimeProvider _time;
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly string _holder = Guid.NewGuid().ToString("N");

    public ModuleOutbox(string module, Func<TContext> contexts, IEnumerable<Subscription> subscriptions, IAuditLog audit, ILifetimeScope scope,
        TimeProvider time, OutboxOptions options, ILoggerFactory loggers)
    {
        Module = module;
        _contexts = contexts;
        _subscriptions = subscriptions.GroupBy(s => s.EventTypeName).ToDictionary(g => g.Key, g => g.DistinctBy(s => s.Name).ToArray());
        _audit = audit;
        _scope = scope;
        _time = time;
        _options = options;
        _logger = loggers.CreateLogger("SocialJour.Core.Events.Outbox");
    }

    public string Module { get; }

    /// <summary>Test hook: called after a row's audit entry is appended, before the row is marked (simulates a crash there).</summary>
    internal Action<string>? AfterAuditAppended { get; set; }

    public async Task<int> SaveAndDispatchAsync(TContext db, CancellationToken cancellationToken)
    {
        var ids = PrepareAdded(db, _time.GetUtcNow());
        var saved = await db.SaveChangesAsync(cancellationToken);
        await DispatchSavedAsync(ids);
        return saved;
    }

    public async Task<int> SaveAndDispatchAsync(TContext db, Action describe, CancellationToken cancellationToken)
    {
        List<string> ids = [];
        var strategy = db.Database.CreateExecutionStrategy();
        var saved = await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var n = await db.SaveChangesAsync(cancellationToken);
            describe();
            ids = PrepareAdded(db, _time.GetUtcNow());
            n += await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return n;
        });
        await DispatchSavedAsync(ids);
        return saved;
    }

    /// <summary>Stamps the outbox rows added to <paramref name="db"/> (not yet saved) and returns their ids.</summary>
    internal static List<string> PrepareAdded(DbContext db, DateTimeOffset now)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        var added = db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        foreach (var m in added)
        {
            if (m.OccurredAt == default)
            {
                m.OccurredAt = at;
            }

            if (m.NextAttemptAt == default)
            {
                m.NextAttemptAt = at;
            }
        }

        return added.Select(m => m.Id).ToList();
    }

    /// <summary>Dispatches rows just committed (eShop style); whatever fails here is the background dispatcher's.</summary>
    internal async Task DispatchSavedAsync(IReadOnlyCollection<string> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var chunk in ids.Chunk(100))
            {
                foreach (var id in await ClaimAsync(chunk, CancellationToken.None))
                {
                    await ProcessAsync(id, CancellationToken.None);
                }
            }
        }
        catch (Exception e)
        {
            _logger.LogWarning("Outbox {Module}: dispatch after commit failed ({Type}); the background dispatcher takes over", Module, e.GetType().Name);
        }
    }

    public Task<int> DispatchPendingAsync(CancellationToken cancellationToken) => DispatchPendingAsync(TimeSpan.Zero, cancellationToken);

    public async Task<int> DispatchPendingAsync(TimeSpan leaveNewerThan, CancellationToken cancellationToken)
    {
        var handled = 0;
        for (var round = 0; round < 20; round++)
        {
            var claimed = await ClaimAsync(null, cancellationToken, leaveNewerThan);
            foreach (var id in claimed)
            {
                await ProcessAsync(id, cancellationToken);
            }

            handled += claimed.Count;
            if (claimed.Count < _options.BatchSize)
            {
                break;
            }
        }

        return handled;
    }

    public async Task<DateTimeOffset?> OldestUnprocessedAsync(CancellationToken cancellationToken)
    {
        await using var db = _contexts();
        var oldest = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.ProcessedAt == null)
            .OrderBy(m => m.OccurredAt).Select(m => new { m.OccurredAt }).FirstOrDefaultAsync(cancellationToken);
        return oldest?.OccurredAt;
    }

    public async Task<int> CleanUpAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - _options.Retention;
        await using var db = _contexts();
        var messages = db.Set<OutboxMessage>();
        await db.Set<OutboxDelivery>().Where(d => messages.Any(m => m.Id == d.MessageId && m.ProcessedAt != null && m.ProcessedAt < cutoff)).ExecuteDeleteAsync(cancellationToken);
        return await messages.Where(m => m.ProcessedAt != null && m.ProcessedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the lease on due, unclaimed rows (only <paramref name="ids"/> when given) in ONE statement and returns the ids taken.
    /// PostgreSQL: the inner SELECT … FOR UPDATE SKIP LOCKED locks the rows it picks and skips rows another dispatcher is
    /// claiming. SQLite: the UPDATE runs under the database's single write lock, so the check and the claim are atomic.
    /// </summary>
    private async Task<List<string>> ClaimAsync(IReadOnlyList<string>? ids, CancellationToken cancellationToken, TimeSpan leaveNewerThan = default)
    {
        await using var db = _contexts();
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))
            ?? throw new InvalidOperationException($"Modulen {Module}: DbContext saknar utkorgen (AddOutbox i OnModelCreating).");
        var table = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{entity.GetTableName()}\"" : $"\"{entity.GetTableName()}\"";
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var parameters = new List<object> { _holder, now + (long)_options.Lease.TotalMilliseconds, now, now, _options.BatchSize,
            leaveNewerThan > TimeSpan.Zero ? now - (long)leaveNewerThan.TotalMilliseconds : long.MaxValue };
        var only = "";
        if (ids is not null)
        {
            only = " AND id IN (" + string.Join(", ", ids.Select((_, i) => "{" + (parameters.Count + i) + "}")) + ")";
            parameters.AddRange(ids);
        }

        var skipLocked = db.Database.IsNpgsql() ? " FOR UPDATE SKIP LOCKED" : "";
        var sql = $"UPDATE {table} SET claim_holder = {{0}}, claimed_until = {{1}} WHERE id IN (" +
            $"SELECT id FROM {table} WHERE processed_at IS NULL AND next_attempt_at <= {{2}} AND (claimed_until IS NULL OR claimed_until < {{3}}) AND occurred_at <= {{5}}{only} " +
            $"ORDER BY occurred_at, id LIMIT {{4}}{skipLocked}) RETURNING id AS \"Value\"";
        return await db.Database.SqlQueryRaw<string>(sql, [.. parameters]).ToListAsync(cancellationToken);
    }

    /// <summary>Appends the row's audit entry (once, keyed by the row), delivers the event to each subscriber not yet served, records the outcome.</summary>
    private async Task ProcessAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = _contexts();
            var row = await db.Set<OutboxMessage>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
            if (row is null || row.ClaimHolder != _holder || row.ProcessedAt is not null)
            {
                return; // the lease ran out and another dispatcher took the row
            }

            if (row.AuditAction is not null)
            {
                await _audit.AppendOnceAsync(SourceKey(row.Id), row.AuditActor ?? "", row.AuditAction, row.AuditSubject ?? "", row.AuditDetails ?? "", cancellationToken);
                AfterAuditAppended?.Invoke(row.Id);
            }

            var (retryAt, error) = await DeliverAsync(db, row, cancellationToken);
            row.ClaimHolder = null;
            row.ClaimedUntil = null;
            if (retryAt is null)
            {
                row.ProcessedAt = _time.GetUtcNow();
                row.LastError = null;
            }
            else
            {
                row.Attempts++;
                row.NextAttemptAt = retryAt.Value;
                row.LastError = error;
            }

            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The audit chain or this database did not answer: the whole row is tried again after a backoff.
            _logger.LogWarning("Outbox {Module}: message {Id} not handled ({Type}); retried later", Module, id, e.GetType().Name);
            await using var db = _contexts();
            var row = await db.Set<OutboxMessage>().SingleOrDefaultAsync(m => m.Id == id, CancellationToken.None);
            if (row is not null && row.ClaimHolder == _holder)
            {
                row.ClaimHolder = null;
                row.ClaimedUntil = null;
                row.Attempts++;
                row.NextAttemptAt = _time.GetUtcNow() + _options.Backoff(row.Attempts);
                row.LastError = Describe(e);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
    }

    private async Task<(DateTimeOffset? RetryAt, string? Error)> DeliverAsync(TContext db, OutboxMessage row, CancellationToken cancellationToken)
    {
        if (row.EventType is null || !_subscriptions.TryGetValue(row.EventType, out var subscribers))
        {
            return (null, null); // an audit entry only, or an event nobody subscribes to
        }

        var evt = (IIntegrationEvent?)JsonSerializer.Deserialize(row.Payload ?? "null", subscribers[0].EventType, OutboxJson.Options)
            ?? throw new InvalidOperationException($"Utkorgen {Module}: meddelande {row.Id} saknar innehåll");
        var context = new IntegrationEventContext(row.Id, Module, row.OccurredAt);
        var deliveries = await db.Set<OutboxDelivery>().Where(d => d.MessageId == row.Id).ToDictionaryAsync(d => d.Subscriber, cancellationToken);
        DateTimeOffset? retryAt = null;
        string? error = null;
        var now = _time.GetUtcNow();
        foreach (var subscriber in subscribers)
        {
            if (!deliveries.TryGetValue(subscriber.Name, out var delivery))
            {
                delivery = new OutboxDelivery { MessageId = row.Id, Subscriber = subscriber.Name };
                db.Add(delivery);
            }
            else if (delivery.DeliveredAt is not null)
            {
                continue;
            }
            else if (delivery.NextAttemptAt > now)
            {
                retryAt = Earliest(retryAt, delivery.NextAttemptAt);
                continue;
            }

            delivery.Attempts++;
            try
            {
                await using var scope = _scope.BeginLifetimeScope();
                await subscriber.InvokeAsync(scope, evt, context, cancellationToken);
                delivery.DeliveredAt = _time.GetUtcNow();
                delivery.LastError = null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // This subscriber alone waits for its retry; the others have the event already.
                delivery.LastError = Describe(e);
                delivery.NextAttemptAt = now + _options.Backoff(delivery.Attempts);
                retryAt = Earliest(retryAt, delivery.NextAttemptAt);
                error = subscriber.Name + ": " + delivery.LastError;
                _logger.LogWarning("Outbox {Module}: subscriber {Subscriber} failed on {EventType} {Id} (attempt {Attempt}, {Type}); retried at {RetryAt}",
                    Module, subscriber.Name, row.EventType, row.Id, delivery.Attempts, e.GetType().Name, delivery.NextAttemptAt);
            }
        }

        return (retryAt, error);
    }

    internal string SourceKey(string id) => Module + ":" + id;

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    /// <summary>Type and message, cut short; stored for IT, never logged (a message might quote data).</summary>
    private static string Describe(Exception e)
    {
        var text = e.GetType().Name + ": " + e.Message;
        return text.Length > 1000 ? text[..1000] : text;
    }
}

public static class OutboxRegistration
{
    /// <summary>
    /// Registers the outbox of a module's <typeparamref name="TContext"/> (whose model calls <see cref="OutboxModel.AddOutbox"/>):
    /// as <see cref="IOutbox{TContext}"/> for the module's code, and as <see cref="IOutbox"/> for the background dispatcher and /health.
    /// </summary>
    public static void RegisterOutbox<TContext>(this ContainerBuilder builder, string moduleName)
        where TContext : DbContext
    {
        builder.Register(c => new ModuleOutbox<TContext>(moduleName.ToLowerInvariant(), c.Resolve<Func<TContext>>(), c.Resolve<IEnumerable<Subscription>>(),
                c.Resolve<IAuditLog>(), c.Resolve<ILifetimeScope>(), c.Resolve<TimeProvider>(), c.ResolveOptional<OutboxOptions>() ?? OutboxOptions.Default,
                c.Resolve<ILoggerFactory>()))
            .AsSelf().As<IOutbox<TContext>>().As<IOutbox>().SingleInstance();
    }
}
