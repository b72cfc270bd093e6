using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Events;

/// <summary>
/// Every <see cref="OutboxOptions.PollInterval"/>, handles what every registered outbox still holds (a crash between save and
/// dispatch, a subscriber waiting for its retry), and once an hour deletes processed rows past their retention. Rows are
/// claimed first, so any number of hosts may run this at once. The hourly round also deletes the module databases'
/// Idempotency-Key rows older than <see cref="IdempotencyKeyRetention"/> (ADR 0035; a delete by age, harmless on two hosts).
/// </summary>
internal sealed class OutboxBackgroundDispatcher(IEnumerable<IOutbox> outboxes, IEnumerable<IIdempotencyStore> idempotencyKeys, OutboxOptions options, TimeProvider time,
    ILogger<OutboxBackgroundDispatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan CleanUpEvery = TimeSpan.FromHours(1);

    /// <summary>How long a key protects a retry; a retry later than this is a new request.</summary>
    public static readonly TimeSpan IdempotencyKeyRetention = TimeSpan.FromHours(24);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = outboxes.ToList();
        var nextCleanUp = time.GetUtcNow();
        using var timer = new PeriodicTimer(options.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var cleanUp = time.GetUtcNow() >= nextCleanUp;
                foreach (var outbox in all)
                {
                    try
                    {
                        await outbox.DispatchPendingAsync(options.InlineGrace, stoppingToken); // fresh rows are their request's to dispatch
                        if (cleanUp)
                        {
                            await outbox.CleanUpAsync(stoppingToken);
                        }
                    }
                    catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                    {
                        logger.LogWarning("Outbox {Module}: background round failed ({Type})", outbox.Module, e.GetType().Name);
                    }
                }

                if (cleanUp)
                {
                    await PurgeIdempotencyKeysAsync(stoppingToken);
                    nextCleanUp = time.GetUtcNow() + CleanUpEvery;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PurgeIdempotencyKeysAsync(CancellationToken stoppingToken)
    {
        foreach (var store in idempotencyKeys)
        {
            try
            {
                await store.PurgeAsync(time.GetUtcNow() - IdempotencyKeyRetention, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Idempotency keys of {Module}: clean-up failed ({Type})", store.Module, e.GetType().Name);
            }
        }
    }
}
