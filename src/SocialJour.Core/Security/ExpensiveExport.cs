namespace SocialJour.Core.Security;

/// <summary>
/// Endpoint metadata: a file or chart that takes real work to make (statistics exports as XLSX, CSV or PDF; invoice bases as PDF or
/// XLSX). The host limits these per user, person or machine client (<c>SocialJour:RateLimits:ExportsPerUser</c>, issue 23, 2j).
/// </summary>
public sealed class ExpensiveExport
{
    public static ExpensiveExport Instance { get; } = new();

    private ExpensiveExport()
    {
    }
}
