using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Audit;

/// <summary>One verification of one log; <see cref="HeadHash"/> is the Merkle root of the verified log.</summary>
public sealed record ChainCheck(string Chain, DateTimeOffset CheckedAt, bool Intact, long EntriesChecked, string? Problem, string? HeadHash);

/// <summary>
/// Verifies the audit log and the access log (nightly job, CLI, on demand): every leaf recomputed from its entry, the
/// Merkle tree rebuilt, and compared with every signed tree head issued, published or held (ADR 0013). Records each
/// result; a break is logged as an error.
/// </summary>
public interface IChainVerifier
{
    Task<IReadOnlyList<ChainCheck>> VerifyAllAsync(CancellationToken cancellationToken);

    /// <summary>As <see cref="VerifyAllAsync(CancellationToken)"/>, also against heads held outside the system (a municipality's copies).</summary>
    Task<IReadOnlyList<ChainCheck>> VerifyAllAsync(IReadOnlyList<SignedTreeHead> heldHeads, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChainCheck>> LatestAsync(CancellationToken cancellationToken);
}

internal sealed class ChainVerifier(ITransparencyLog transparency, Func<CoreDbContext> contexts, TimeProvider time, ILogger<ChainVerifier> logger) : IChainVerifier
{
    public const string AuditChain = TransparencyLogs.Audit;
    public const string AccessChain = TransparencyLogs.Access;

    public Task<IReadOnlyList<ChainCheck>> VerifyAllAsync(CancellationToken cancellationToken) => VerifyAllAsync([], cancellationToken);

    public async Task<IReadOnlyList<ChainCheck>> VerifyAllAsync(IReadOnlyList<SignedTreeHead> heldHeads, CancellationToken cancellationToken)
    {
        var results = new List<ChainCheck>();
        foreach (var log in new[] { AuditChain, AccessChain })
        {
            results.Add(await CheckAsync(await transparency.VerifyAsync(log, heldHeads, cancellationToken), cancellationToken));
        }

        return results;
    }

    public async Task<IReadOnlyList<ChainCheck>> LatestAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.ChainChecks.AsNoTracking().OrderByDescending(c => c.Id).Take(20).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Chain).Select(g => g.First()).OrderBy(r => r.Chain, StringComparer.Ordinal).Select(ToCheck).ToList();
    }

    private async Task<ChainCheck> CheckAsync(LogVerification v, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = new ChainCheckRow
        {
            CheckedAt = time.GetUtcNow(),
            Chain = v.Log,
            Intact = v.Intact,
            EntriesChecked = v.Entries,
            Problem = v.Problem,
            HeadHash = v.Intact ? v.RootHash : null,
        };
        db.ChainChecks.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        if (v.Intact)
        {
            logger.LogInformation("Log {Log} intact: {Entries} entries, {Heads} signed heads matched, root {Root}", v.Log, v.Entries, v.HeadsChecked, v.RootHash);
        }
        else
        {
            logger.LogError("Log {Log} BROKEN: {Problem}", v.Log, v.Problem);
        }

        return ToCheck(row);
    }

    private static ChainCheck ToCheck(ChainCheckRow r) => new(r.Chain, r.CheckedAt, r.Intact, r.EntriesChecked, r.Problem, r.HeadHash);
}
