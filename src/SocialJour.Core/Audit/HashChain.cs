using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SocialJour.Core.Audit;

/// <summary>
/// The hash chain both logs use: an entry's hash covers its content and the hash of the entry before it,
/// so an edit, insertion or deletion of a stored entry breaks the chain from that point.
/// </summary>
internal static class HashChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Hash(string previousHash, long sequence, DateTimeOffset at, params string?[] fields)
    {
        var content = string.Join('\u001f', new[]
        {
            previousHash,
            sequence.ToString(CultureInfo.InvariantCulture),
            at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        }.Concat(fields.Select(f => f ?? "")));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }

    /// <summary>Checks stored links in sequence order; <paramref name="entries"/> yields (sequence, stored previous hash, stored hash, recomputed hash).</summary>
    public static async Task<ChainVerification> VerifyAsync(IAsyncEnumerable<(long Sequence, string PreviousHash, string Hash, string Recomputed)> entries, CancellationToken cancellationToken)
    {
        var previous = Genesis;
        long expected = 1;
        long checkedCount = 0;
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            if (e.Sequence != expected)
            {
                return new ChainVerification(false, checkedCount, expected, $"post {expected} saknas");
            }

            if (e.PreviousHash != previous)
            {
                return new ChainVerification(false, checkedCount, e.Sequence, $"post {e.Sequence} pekar inte på föregående post");
            }

            if (e.Recomputed != e.Hash)
            {
                return new ChainVerification(false, checkedCount, e.Sequence, $"post {e.Sequence} har ändrats efter att den skrevs");
            }

            previous = e.Hash;
            expected++;
            checkedCount++;
        }

        return new ChainVerification(true, checkedCount, null, null);
    }
}
