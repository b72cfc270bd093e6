using System.Text.Json;
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

/// <summary>What a search for a kept answer found.</summary>
internal enum RetainedState
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
internal sealed class RetainedLookups : IRetainedLookupCleanup, IAsyncDisposable
{
    private const int QueueCapacity = 4096;
    private const int MaxBatch = 256;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
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

    /// <summary>Queues the answer to be kept; the task completes when it is committed (callers need not wait).</summary>
    public Task SaveAsync(string userId, LookupResult result, DateTimeOffset expiresAt)
    {
        var row = new RetainedLookupRow
        {
            LookupId = result.LookupId,
            UserId = userId,
            ExpiresAt = expiresAt,
            Revealed = false,
            Result = _key.Encrypt(JsonSerializer.Serialize(result, Json), result.LookupId, userId),
        };
        var pending = new Pending(row, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _ = _writer.Value;
        if (!_queue.Writer.TryWrite(pending))
        {
            _logger.LogWarning("Look-up {LookupId} not kept: the queue of answers to keep is full", result.LookupId);
            return Task.CompletedTask;
        }

        _lastQueued = pending.Done.Task;
        return pending.Done.Task;
    }

    /// <summary>The user's own unexpired result, or null (another user's, expired or unknown all look the same).</summary>
    public async Task<(LookupResult Result, bool Revealed)?> FindAsync(string lookupId, string userId, CancellationToken cancellationToken)
    {
        var (state, result, revealed) = await SearchAsync(lookupId, userId, cancellationToken);
        return state == RetainedState.Found ? (result!, revealed) : null;
    }

    /// <summary>
    /// The user's own result, or why there is none: <see cref="RetainedState.Expired"/> only for the user's own expired answer
    /// (another user's expired answer is <see cref="RetainedState.Unknown"/>). An expired row is deleted here.
    /// </summary>
    public async Task<(RetainedState State, LookupResult? Result, bool Revealed)> SearchAsync(string lookupId, string userId, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(lookupId, cancellationToken);
        if (row is null && !_lastQueued.IsCompleted)
        {
            // Asked on this host before the batch holding it was committed: wait for the writer, then read again.
            await _lastQueued.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            row = await ReadAsync(lookupId, cancellationToken);
        }

        if (row is null || row.UserId != userId)
        {
            return (RetainedState.Unknown, null, false);
        }

        if (row.ExpiresAt <= _time.GetUtcNow())
        {
            await using var db = _contexts();
            await db.RetainedLookups.Where(r => r.LookupId == lookupId).ExecuteDeleteAsync(cancellationToken);
            return (RetainedState.Expired, null, false);
        }

        var json = _key.Decrypt(row.Result, row.LookupId, row.UserId);
        if (json is null)
        {
            _logger.LogWarning("Kept look-up {LookupId} cannot be decrypted with this host's key (another key, or altered)", lookupId);
            return (RetainedState.Unknown, null, false);
        }

        var result = JsonSerializer.Deserialize<LookupResult>(json, Json)
            ?? throw new InvalidOperationException("Ett sparat uppslag gick inte att läsa");
        return (RetainedState.Found, result, row.Revealed);
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
            }
            catch (Exception e)
            {
                _logger.LogWarning("{Count} look-up answers could not be kept ({Type}); opening them later needs a new look-up", batch.Count, e.GetType().Name);
                batch.ForEach(p => p.Done.TrySetResult());
            }
        }
    }

    private sealed record Pending(RetainedLookupRow Row, TaskCompletionSource Done);
}
