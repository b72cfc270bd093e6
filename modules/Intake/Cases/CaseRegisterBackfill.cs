using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialJour.Core.Lookup;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>
/// At start-up, fills the core's register of jour cases from intake's cases when it holds fewer (a database from before the
/// register, or a register restored from an older backup). Recording is idempotent (each case's current state), so two hosts
/// starting at once, or an event delivered meanwhile, record the same thing. Runs in the background: start-up does not wait.
/// </summary>
internal sealed class CaseRegisterBackfill(CaseRegisterEntries entries, Func<IntakeDbContext> contexts, IJourCaseRegister register, ILogger<CaseRegisterBackfill> logger)
    : BackgroundService
{
    /// <summary>Records every case of intake when the register holds fewer; returns how many were recorded.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        int ours;
        await using (var db = contexts())
        {
            ours = await db.Cases.CountAsync(cancellationToken);
        }

        if (await register.CountAsync(cancellationToken) >= ours)
        {
            return 0;
        }

        var ids = await entries.AllCaseIdsAsync(cancellationToken);
        foreach (var id in ids)
        {
            await entries.RecordAsync(id, cancellationToken);
        }

        logger.LogInformation("Intake: {Count} jour cases recorded in the core's register at start-up", ids.Count);
        return ids.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The events keep feeding the register; the next start tries again.
            logger.LogWarning("Intake: filling the core's register of jour cases failed ({Type}); tried again at the next start", e.GetType().Name);
        }
    }
}
