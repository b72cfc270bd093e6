using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SocialJour.Core.Events;

/// <summary>
/// Every <see cref="OutboxOptions.PollInterval"/>, handles what every registered outbox still holds (a crash between save and
/// dispatch, a subscriber waiting for its retry), and once an hour deletes processed rows past their retention. Rows are
/// claimed first, so any number of hosts may run this at once.
/// </summary>
internal sealed class OutboxBackgroundDispatcher(IEnumerable<IOutbox> outboxes, OutboxOptions options, TimeProvider time, ILogger<OutboxBackgroundDispatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan CleanUpEvery = TimeSpan.FromHours(1);

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
                        await outbox.DispatchPendingAsync(stoppingToken);
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
                    nextCleanUp = time.GetUtcNow() + CleanUpEvery;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
