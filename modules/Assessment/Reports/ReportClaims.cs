using Microsoft.EntityFrameworkCore;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// Leases on reports, in the module's database (so they hold across hosts): a delivery takes one for the attempt, a case
/// move (ReportCaseMoved) while it stops or re-sends the case's reports. A lease that was not released (the host was killed) lapses.
/// </summary>
internal sealed class ReportClaims(Func<AssessmentDbContext> contexts, TimeProvider time)
{
    public async Task<bool> TryClaimAsync(long reportId, string holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + lease;
        await using var db = contexts();

        // A lapsed lease is taken over with one conditional update: of two takers, one changes the row.
        if (await db.ReportClaims.Where(c => c.ReportId == reportId && c.Until <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Holder, holder).SetProperty(c => c.Until, until), cancellationToken) == 1)
        {
            return true;
        }

        db.ReportClaims.Add(new ReportClaimRow { ReportId = reportId, Holder = holder, Until = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // held by someone else (the key is the report)
        }
    }

    public async Task ReleaseAsync(long reportId, string holder)
    {
        await using var db = contexts();
        await db.ReportClaims.Where(c => c.ReportId == reportId && c.Holder == holder).ExecuteDeleteAsync(CancellationToken.None);
    }
}
