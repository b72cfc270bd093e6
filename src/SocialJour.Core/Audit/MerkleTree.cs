using System.Security.Cryptography;

namespace SocialJour.Core.Audit;

/// <summary>
/// The Merkle tree of RFC 6962 §2.1 (kept as is in RFC 9162 §2.1): leaf hash <c>SHA-256(0x00 ‖ entry)</c>, node hash
/// <c>SHA-256(0x01 ‖ left ‖ right)</c>, the left subtree of <c>n</c> leaves holding the largest power of two below <c>n</c>.
/// Audit paths (inclusion) and consistency proofs are generated as in RFC 6962 §2.1.1–2.1.2 and verified with the
/// algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2, so any independent RFC implementation checks what this one produces.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    /// <summary>MTH({}) = SHA-256 of the empty string.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    public static byte[] LeafHash(ReadOnlySpan<byte> entry)
    {
        var buffer = new byte[entry.Length + 1];
        entry.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>MTH(D[n]) over the first <paramref name="size"/> leaf hashes.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes, long size)
    {
        CheckSize(leafHashes, size);
        return Subtree(leafHashes, 0, size);
    }

    /// <summary>PATH(m, D[n]): the audit path of leaf <paramref name="index"/> (0-based) in the tree of <paramref name="size"/> leaves.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, long index, long size)
    {
        CheckSize(leafHashes, size);
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "the leaf is not in a tree of that size");
        }

        var proof = new List<byte[]>();
        Path(leafHashes, index, 0, size, proof);
        return proof;
    }

    /// <summary>PROOF(m, D[n]): that the tree of <paramref name="second"/> leaves extends the tree of <paramref name="first"/> leaves.</summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, long first, long second)
    {
        CheckSize(leafHashes, second);
        if (first < 0 || first > second)
        {
            throw new ArgumentOutOfRangeException(nameof(first), "the first tree must not be larger than the second");
        }

        var proof = new List<byte[]>();
        if (first > 0 && first < second)
        {
            SubProof(leafHashes, first, 0, second, true, proof);
        }

        return proof;
    }

    /// <summary>RFC 9162 §2.1.3.2: is <paramref name="leafHash"/> leaf <paramref name="index"/> of the tree with <paramref name="root"/>?</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size || leafHash.Length != HashSize || root.Length != HashSize || proof.Any(p => p.Length != HashSize))
        {
            return false;
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, root);
    }

    /// <summary>RFC 9162 §2.1.4.2: does the tree (<paramref name="second"/>, <paramref name="secondRoot"/>) extend (<paramref name="first"/>, <paramref name="firstRoot"/>)?</summary>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (first < 0 || first > second || firstRoot.Length != HashSize || secondRoot.Length != HashSize || proof.Any(p => p.Length != HashSize))
        {
            return false;
        }

        if (first == second)
        {
            return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        }

        if (first == 0)
        {
            // Every tree extends the empty tree; the RFC gives no proof for it.
            return proof.Count == 0 && firstRoot.SequenceEqual(EmptyRoot());
        }

        if (proof.Count == 0)
        {
            return false;
        }

        var path = new List<byte[]>(proof.Count + 1);
        if ((first & (first - 1)) == 0)
        {
            path.Add(firstRoot.ToArray());
        }

        path.AddRange(proof);
        var fn = first - 1;
        var sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(fr, firstRoot) && CryptographicOperations.FixedTimeEquals(sr, secondRoot);
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2).</summary>
    internal static long SplitPoint(long n)
    {
        var k = 1L;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }

    private static void CheckSize(IReadOnlyList<byte[]> leafHashes, long size)
    {
        if (size < 0 || size > leafHashes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"the log has {leafHashes.Count} entries, not {size}");
        }
    }

    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, long start, long end)
    {
        var n = end - start;
        if (n == 0)
        {
            return EmptyRoot();
        }

        if (n == 1)
        {
            return leaves[(int)start];
        }

        var k = SplitPoint(n);
        return NodeHash(Subtree(leaves, start, start + k), Subtree(leaves, start + k, end));
    }

    private static void Path(IReadOnlyList<byte[]> leaves, long m, long start, long end, List<byte[]> proof)
    {
        var n = end - start;
        if (n <= 1)
        {
            return;
        }

        var k = SplitPoint(n);
        if (m < k)
        {
            Path(leaves, m, start, start + k, proof);
            proof.Add(Subtree(leaves, start + k, end));
        }
        else
        {
            Path(leaves, m - k, start + k, end, proof);
            proof.Add(Subtree(leaves, start, start + k));
        }
    }

    private static void SubProof(IReadOnlyList<byte[]> leaves, long m, long start, long end, bool complete, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(Subtree(leaves, start, end));
            }

            return;
        }

        var k = SplitPoint(n);
        if (m <= k)
        {
            SubProof(leaves, m, start, start + k, complete, proof);
            proof.Add(Subtree(leaves, start + k, end));
        }
        else
        {
            SubProof(leaves, m - k, start + k, end, false, proof);
            proof.Add(Subtree(leaves, start, start + k));
        }
    }

    /// <summary>
    /// Appends leaves one at a time and gives the root at any size in O(log n): the stack holds the roots of the perfect
    /// subtrees the size decomposes into (largest first). Used to check many signed heads in one pass over the log.
    /// </summary>
    public sealed class Builder
    {
        private readonly List<byte[]> _stack = [];

        public long Size { get; private set; }

        public void Append(byte[] leafHash)
        {
            var h = leafHash;
            for (var s = Size; (s & 1) == 1; s >>= 1)
            {
                h = NodeHash(_stack[^1], h);
                _stack.RemoveAt(_stack.Count - 1);
            }

            _stack.Add(h);
            Size++;
        }

        public byte[] Root()
        {
            if (Size == 0)
            {
                return EmptyRoot();
            }

            var h = _stack[^1];
            for (var i = _stack.Count - 2; i >= 0; i--)
            {
                h = NodeHash(_stack[i], h);
            }

            return h;
        }
    }
}
