using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SocialJour.Core.Audit;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing;

/// <summary>
/// Binds a locked billing version to the audit log (issue 23 3b): its per-payer amounts, in canonical bytes
/// (docs/transparency.md, "Billing split"), hashed with SHA-256 into the approval's or correction's audit entry. A version
/// whose stored amounts no longer hash to the value in its audit entry — or that has no audit entry — is refused when read.
/// </summary>
internal static partial class FrozenSplit
{
    public const string Tag = "socialjour/billing-split/v1";
    public const string Approved = "billing.approved";
    public const string Corrected = "billing.corrected";
    private const string Marker = "delning sha256:";

    /// <summary>The canonical bytes of the split's amounts: year, period, version, total, then each payer (by code and committee, ordinal).</summary>
    public static byte[] CanonicalBytes(BillingSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        var w = new CanonicalWriter(Tag).Integer(split.Year).Text(split.Period.ToString()).Integer(split.Version ?? 0).Text(Amount(split.Total))
            .Integer(split.Payers.Count);
        foreach (var p in split.Payers.OrderBy(p => p.MunicipalityCode, StringComparer.Ordinal).ThenBy(p => p.Committee, StringComparer.Ordinal))
        {
            w.Text(p.MunicipalityCode).Text(p.Committee)
                .Text(Amount(p.PopulationAmount)).Text(Amount(p.TimeAmount)).Text(Amount(p.CommissionAmount)).Text(Amount(p.DeficitAmount))
                .Text(Amount(p.Amount)).Text(Amount(p.AdministrativeFee)).Text(Amount(p.PreviouslyInvoiced)).Text(Amount(p.ToInvoice));
        }

        return w.ToArray();
    }

    public static string HashOf(BillingSplit split) => Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes(split)));

    /// <summary>What the audit entry records of the hash (appended to its details).</summary>
    public static string AuditText(BillingSplit split) => Marker + HashOf(split);

    /// <summary>The hash recorded in an audit entry's details; null when the entry predates the binding.</summary>
    public static string? RecordedHash(string details) => HashPattern().Match(details) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Whether an audit entry's details are those of <paramref name="version"/> ("version N: …").</summary>
    public static bool IsOfVersion(string details, int version) =>
        details.StartsWith(string.Create(CultureInfo.InvariantCulture, $"version {version}:"), StringComparison.Ordinal);

    /// <summary>A decimal with no trailing zeros, invariant: 100.50 and 100.5 are the same amount and the same bytes.</summary>
    private static string Amount(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    [GeneratedRegex("delning sha256:([0-9a-f]{64})", RegexOptions.CultureInvariant)]
    private static partial Regex HashPattern();
}
