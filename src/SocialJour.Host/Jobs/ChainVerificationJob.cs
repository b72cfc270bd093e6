using Quartz;
using SocialJour.Core.Audit;

namespace SocialJour.Host.Jobs;

/// <summary>Nightly: verifies the audit log and the access log; a break is logged as an error and shown on the start page.</summary>
[DisallowConcurrentExecution]
internal sealed class ChainVerificationJob(IChainVerifier verifier) : IJob
{
    public static readonly JobKey Key = new("chain-verification");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => new(verifier.VerifyAllAsync(cancellationToken));
}
