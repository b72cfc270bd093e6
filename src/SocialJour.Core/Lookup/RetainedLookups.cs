using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Lookup;

/// <summary>Deletes kept look-up answers whose time is up; run on a schedule by every host (the deletes are idempotent).</summary>
public interface IRetainedLookupCleanup
{
    /// <summary>Deletes every kept answer that has expired; returns how many rows this call deleted.</summary>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Look-up answers kept for a short while for the same user (reveal, a decision that names the look-up): a storage building
/// block of the core (ADR 0032). The answer is opaque here — the Lookup module serializes it — and encrypted at rest.
/// </summary>
public interface IRetainedLookups
{
    /// <summary>Queues <paramref name="answer"/> to be kept; the task completes when it is committed (callers need not wait).</summary>
    Task SaveAsync(string lookupId, string userId, string answer, DateTimeOffset expiresAt);

    /// <summary>
    /// The user's own answer, or why there is none: <see cref="RetainedState.Expired"/> only for the user's own expired answer
    /// (another user's expired answer is <see cref="RetainedState.Unknown"/>). An expired row is deleted here.
    /// </summary>
    Task<RetainedLookup> SearchAsync(string lookupId, string userId, CancellationToken cancellationToken);

    /// <summary>Records that the answer's hidden data was opened (with a reason, logged by the caller first).</summary>
    Task MarkRevealedAsync(string lookupId, CancellationToken cancellationToken);
}

/// <summary>A kept answer as found: its state, the answer when found, and whether its hidden data was opened.</summary>
public sealed record RetainedLookup(RetainedState State, string? Answer, bool Revealed);

/// <summary>What a search for a kept answer found.</summary>
public enum RetainedState
{
    /// <summary>Never kept, another user's, or not readable with this host's key: all look the same to the caller.</summary>
    Unknown,

    /// <summary>Kept, but its time is up (the row is deleted when this is seen).</summary>
    Expired,

    Found,
}

/// <summary>
/// Look-up results kept for a short while (15 minutes by default, <c>SocialJour:Lookup:RetentionMinutes</c>) so that the
/// same user can open hidden address data or attach the answer to a decision (the police-assistance check). Kept in the
/// core database, not in a process's memory: any host can serve the follow-up request, and memory stays flat under load.
/// Encrypted at rest with AES-GCM under the key all hosts share (<see cref="RetainedLookupKey"/>): someone who can read the
/// database sees the look-up id, the user and the expiry, never a name or an address. Expired rows are deleted: by the
/// cleanup every host runs each minute (<see cref="IRetainedLookupCleanup"/>), by the writer, and when one is asked for.
/// Writes are batched by one background writer (one transaction for whatever is waiting), so keeping an answer costs the
/// look-up no transaction of its own; the queue is bounded, and an answer that cannot be queued is simply not kept
/// (opening it later asks for a new look-up). Keeping is a convenience, not a record: the access log is the record.
/// </summary>
internal sealed class RetainedLookups : IRetainedLookups, IRetainedLookupCleanup, IAsyncDisposable
{
    private const int QueueCapacity = 4096;
    private const int MaxBatch = 256;
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);
    private readonly Func<CoreDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly ILogger<RetainedLookups> _logger;
    private readonly RetainedLookupKey _key;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lazy<Task> _writer;
    private Task _lastQueued = Task.CompletedTask;
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    public RetainedLookups(Func<CoreDbContext> contexts, TimeProvider time, ILogger<RetainedLookups> logger, RetainedLookupKey key)
    {
        _contexts = contexts;
        _time = time;
        _logger = logger;
        _key = key;
        _writer = new Lazy<Task>(() => Task.Run(WriteLoopAsync));
    }

    public Task SaveAsync(string lookupId, string userId, string answer, DateTimeOffset expiresAt)
    {
        var row = new RetainedLookupRow
        {
            LookupId = lookupId,
            UserId = userId,
            ExpiresAt = expiresAt,
            Revealed = false,
            Result = _key.Encrypt(answer, lookupId, userId),
        };
        var pending = new Pending(row, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _ = _writer.Value;
        if (!_queue.Writer.TryWrite(pending))
        {
            _logger.LogWarning("Look-up {LookupId} not kept: the queue of answers to keep is full", lookupId);
            return Task.CompletedTask;
        }

        _lastQueued = pending.Done.Task;
        return pending.Done.Task;
    }

    public async Task<RetainedLookup> SearchAsync(string lookupId, string userId, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(lookupId, cancellationToken);
        if (row is null && !_lastQueued.IsCompleted)
        {
            // Asked on this host before the batch holding it was committed: wait for the writer, then read again. The writer
            // always completes a batch (committed, or given up after its retries), so the bound is only against a database
            // that hangs; a busy machine's slow batch is waited for, not taken for a lost answer.
            await _lastQueued.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            row = await ReadAsync(lookupId, cancellationToken);
        }

        if (row is null || row.UserId != userId)
        {
            return new RetainedLookup(RetainedState.Unknown, null, false);
        }

        if (row.ExpiresAt <= _time.GetUtcNow())
        {
            await using var db = _contexts();
            await db.RetainedLookups.Where(r => r.LookupId == lookupId).ExecuteDeleteAsync(cancellationToken);
            return new RetainedLookup(RetainedState.Expired, null, false);
        }

        var json = _key.Decrypt(row.Result, row.LookupId, row.UserId);
        if (json is null)
        {
            _logger.LogWarning("Kept look-up {LookupId} cannot be decrypted with this host's key (another key, or altered)", lookupId);
            return new RetainedLookup(RetainedState.Unknown, null, false);
        }

        return new RetainedLookup(RetainedState.Found, json, row.Revealed);
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var db = _contexts();
        // Idempotent: two hosts deleting the same expired rows at once both succeed, the second deletes nothing.
        return await db.RetainedLookups.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task MarkRevealedAsync(string lookupId, CancellationToken cancellationToken)
    {
        await using var db = _contexts();
        await db.RetainedLookups.Where(r => r.LookupId == lookupId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Revealed, true), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value;
        }
    }

    private async Task<RetainedLookupRow?> ReadAsync(string lookupId, CancellationToken cancellationToken)
    {
        await using var db = _contexts();
        return await db.RetainedLookups.AsNoTracking().SingleOrDefaultAsync(r => r.LookupId == lookupId, cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var p))
            {
                batch.Add(p);
            }

            // A busy database (SQLite's lock held by another writer a moment too long) is tried again twice before the
            // batch is given up: a lost answer means the user's reveal or decision asks for a new look-up.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var db = _contexts();
                    db.RetainedLookups.AddRange(batch.Select(p => p.Row));
                    await db.SaveChangesAsync();
                    var now = _time.GetUtcNow();
                    if (now >= _nextPurge)
                    {
                        _nextPurge = now + PurgeInterval;
                        await db.RetainedLookups.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync();
                    }

                    batch.ForEach(p => p.Done.TrySetResult());
                    break;
                }
                catch (Exception e) when (attempt < 3 && e is DbUpdateException or System.Data.Common.DbException)
                {
                    _logger.LogWarning("Keeping {Count} look-up answers failed ({Type}), attempt {Attempt}; trying again", batch.Count, e.GetType().Name, attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
                }
                catch (Exception e)
                {
                    _logger.LogWarning("{Count} look-up answers could not be kept ({Type}); opening them later needs a new look-up", batch.Count, e.GetType().Name);
                    batch.ForEach(p => p.Done.TrySetResult());
                    break;
                }
            }
        }
    }

    private sealed record Pending(RetainedLookupRow Row, TaskCompletionSource Done);
}
