using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Audit;

public sealed record ChainCheck(string Chain, DateTimeOffset CheckedAt, bool Intact, long EntriesChecked, string? Problem, string? HeadHash);

/// <summary>
/// Verifies the audit log and the access log (nightly job, CLI, on demand), records each result, and compares the
/// chain with the head recorded by the previous intact check, so that deleting the newest entries is also detected.
/// A break is logged as an error; the head hash is logged too, so a copy exists outside the database.
/// </summary>
public interface IChainVerifier
{
    Task<IReadOnlyList<ChainCheck>> VerifyAllAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ChainCheck>> LatestAsync(CancellationToken cancellationToken);
}

internal sealed class ChainVerifier(IAuditLog audit, IAccessLog access, Func<CoreDbContext> contexts, TimeProvider time, ILogger<ChainVerifier> logger) : IChainVerifier
{
    public const string AuditChain = "audit";
    public const string AccessChain = "access";

    public async Task<IReadOnlyList<ChainCheck>> VerifyAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<ChainCheck>
        {
            await CheckAsync(AuditChain, () => audit.VerifyAsync(cancellationToken), () => audit.HeadAsync(cancellationToken), cancellationToken),
            await CheckAsync(AccessChain, () => access.VerifyAsync(cancellationToken), () => access.HeadAsync(cancellationToken), cancellationToken),
        };
        return results;
    }

    public async Task<IReadOnlyList<ChainCheck>> LatestAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.ChainChecks.AsNoTracking().OrderByDescending(c => c.Id).Take(20).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Chain).Select(g => g.First()).OrderBy(r => r.Chain, StringComparer.Ordinal).Select(ToCheck).ToList();
    }

    private async Task<ChainCheck> CheckAsync(string chain, Func<Task<ChainVerification>> verify, Func<Task<(long Sequence, string Hash)?>> head, CancellationToken cancellationToken)
    {
        var verification = await verify();
        var current = await head();
        string? problem = verification.Problem;
        var intact = verification.Intact;
        await using var db = contexts();
        if (intact)
        {
            var previous = await db.ChainChecks.AsNoTracking().Where(c => c.Chain == chain && c.Intact && c.HeadHash != null)
                .OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
            if (previous is not null && previous.EntriesChecked > verification.EntriesChecked)
            {
                intact = false;
                problem = $"loggen har {verification.EntriesChecked} poster men hade {previous.EntriesChecked} vid kontrollen {previous.CheckedAt:yyyy-MM-dd HH:mm} UTC: poster har tagits bort";
            }
            else if (previous is not null && previous.EntriesChecked > 0 && !await HasEntryAsync(db, chain, previous.EntriesChecked, previous.HeadHash!, cancellationToken))
            {
                intact = false;
                problem = $"post {previous.EntriesChecked} har inte längre den kontrollsumma som registrerades {previous.CheckedAt:yyyy-MM-dd HH:mm} UTC";
            }
        }

        var row = new ChainCheckRow
        {
            CheckedAt = time.GetUtcNow(),
            Chain = chain,
            Intact = intact,
            EntriesChecked = verification.EntriesChecked,
            Problem = problem,
            HeadHash = intact ? current?.Hash : null,
        };
        db.ChainChecks.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        if (intact)
        {
            logger.LogInformation("Chain {Chain} intact: {Entries} entries, head {Head}", chain, verification.EntriesChecked, current?.Hash ?? "-");
        }
        else
        {
            logger.LogError("Chain {Chain} BROKEN: {Problem}", chain, problem);
        }

        return ToCheck(row);
    }

    private static async Task<bool> HasEntryAsync(CoreDbContext db, string chain, long sequence, string hash, CancellationToken cancellationToken) =>
        chain == AuditChain
            ? await db.AuditEntries.AnyAsync(e => e.Sequence == sequence && e.Hash == hash, cancellationToken)
            : await db.AccessLog.AnyAsync(e => e.Sequence == sequence && e.Hash == hash, cancellationToken);

    private static ChainCheck ToCheck(ChainCheckRow r) => new(r.Chain, r.CheckedAt, r.Intact, r.EntriesChecked, r.Problem, r.HeadHash);
}
