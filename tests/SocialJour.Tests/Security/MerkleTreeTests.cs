using SocialJour.Core.Audit;

namespace SocialJour.Tests.Security;

/// <summary>
/// The Merkle tree agrees with RFC 6962: the Certificate Transparency reference vectors (8 leaves), and every inclusion
/// and consistency proof for sizes 1..40 checked against a naive recursive reading of the RFC, with mangled proofs refused.
/// A tree no other implementation agrees with would prove nothing to a municipality checking with its own tools.
/// </summary>
public sealed class MerkleTreeTests
{
    private static readonly byte[][] Leaves = new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }
        .Select(h => MerkleTree.LeafHash(Convert.FromHexString(h))).ToArray();

    private static readonly string[] Roots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    public static TheoryData<long, long, string[]> InclusionVectors => new()
    {
        { 0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
    };

    public static TheoryData<long, long, string[]> ConsistencyVectors => new()
    {
        { 2, 8, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
    };

    [Fact]
    public void The_roots_are_the_RFC_6962_reference_roots_for_every_size()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleTree.Root(Leaves, 0)));
        var builder = new MerkleTree.Builder();
        for (var n = 1; n <= Leaves.Length; n++)
        {
            builder.Append(Leaves[n - 1]);
            Assert.Equal(Roots[n - 1], Convert.ToHexStringLower(MerkleTree.Root(Leaves, n)));
            Assert.Equal(Roots[n - 1], Convert.ToHexStringLower(builder.Root()));
        }
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void Inclusion_proofs_are_the_reference_audit_paths_and_verify(long index, long size, string[] expected)
    {
        var proof = MerkleTree.InclusionProof(Leaves, index, size);

        Assert.Equal(expected, proof.Select(Convert.ToHexStringLower));
        Assert.True(MerkleTree.VerifyInclusion(index, size, Leaves[index], proof, Convert.FromHexString(Roots[size - 1])));
        Assert.False(MerkleTree.VerifyInclusion(index, size, Leaves[(index + 1) % size], proof, Convert.FromHexString(Roots[size - 1])));
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void Consistency_proofs_are_the_reference_proofs_and_verify(long first, long second, string[] expected)
    {
        var proof = MerkleTree.ConsistencyProof(Leaves, first, second);

        Assert.Equal(expected, proof.Select(Convert.ToHexStringLower));
        Assert.True(MerkleTree.VerifyConsistency(first, second, Convert.FromHexString(Roots[first - 1]), Convert.FromHexString(Roots[second - 1]), proof));
        Assert.False(MerkleTree.VerifyConsistency(first, second, Convert.FromHexString(Roots[first]), Convert.FromHexString(Roots[second - 1]), proof));
    }

    [Fact]
    public void Every_proof_for_sizes_1_to_40_matches_a_naive_reading_of_the_RFC_and_mangled_proofs_fail()
    {
        var leaves = Enumerable.Range(0, 40).Select(i => MerkleTree.LeafHash([(byte)i, (byte)(i * 7)])).ToArray();
        for (var n = 1; n <= leaves.Length; n++)
        {
            var root = Naive.Mth(leaves[..n]);
            Assert.Equal(root, MerkleTree.Root(leaves, n));
            for (var m = 0; m < n; m++)
            {
                var path = MerkleTree.InclusionProof(leaves, m, n);
                Assert.Equal(Naive.Path(m, leaves[..n]), path);
                Assert.True(MerkleTree.VerifyInclusion(m, n, leaves[m], path, root), $"inclusion {m}/{n}");
                Assert.False(n > 1 && MerkleTree.VerifyInclusion(m, n, leaves[(m + 1) % n], path, root), $"another leaf {m}/{n}");
                if (path.Count > 0)
                {
                    Assert.False(MerkleTree.VerifyInclusion(m, n, leaves[m], Flip(path), root), $"flipped {m}/{n}");
                    Assert.False(MerkleTree.VerifyInclusion(m, n, leaves[m], path.Take(path.Count - 1).ToList(), root), $"short {m}/{n}");
                }
            }

            for (var m = 1; m <= n; m++)
            {
                var proof = MerkleTree.ConsistencyProof(leaves, m, n);
                var old = Naive.Mth(leaves[..m]);
                Assert.Equal(m == n ? [] : Naive.Proof(m, leaves[..n]), proof);
                Assert.True(MerkleTree.VerifyConsistency(m, n, old, root, proof), $"consistency {m}->{n}");
                if (proof.Count > 0)
                {
                    Assert.False(MerkleTree.VerifyConsistency(m, n, old, root, Flip(proof)), $"flipped {m}->{n}");
                    Assert.False(MerkleTree.VerifyConsistency(m, n, MerkleTree.LeafHash([0xff]), root, proof), $"other old root {m}->{n}");
                }
            }
        }
    }

    private static List<byte[]> Flip(IReadOnlyList<byte[]> proof)
    {
        var copy = proof.Select(p => p.ToArray()).ToList();
        copy[^1][3] ^= 0x80;
        return copy;
    }

    /// <summary>RFC 6962 §2.1, §2.1.1 and §2.1.2 as written: recursive, slow, obviously right.</summary>
    private static class Naive
    {
        public static byte[] Mth(byte[][] d)
        {
            if (d.Length == 0)
            {
                return MerkleTree.EmptyRoot();
            }

            if (d.Length == 1)
            {
                return d[0];
            }

            var k = K(d.Length);
            return MerkleTree.NodeHash(Mth(d[..k]), Mth(d[k..]));
        }

        public static List<byte[]> Path(int m, byte[][] d)
        {
            if (d.Length == 1)
            {
                return [];
            }

            var k = K(d.Length);
            return m < k ? [.. Path(m, d[..k]), Mth(d[k..])] : [.. Path(m - k, d[k..]), Mth(d[..k])];
        }

        public static List<byte[]> Proof(int m, byte[][] d) => SubProof(m, d, true);

        private static List<byte[]> SubProof(int m, byte[][] d, bool b)
        {
            if (m == d.Length)
            {
                return b ? [] : [Mth(d)];
            }

            var k = K(d.Length);
            return m <= k ? [.. SubProof(m, d[..k], b), Mth(d[k..])] : [.. SubProof(m - k, d[k..], false), Mth(d[..k])];
        }

        private static int K(int n)
        {
            var k = 1;
            while (k * 2 < n)
            {
                k *= 2;
            }

            return k;
        }
    }
}
