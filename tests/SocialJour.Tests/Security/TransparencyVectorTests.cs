using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using SocialJour.Core.Audit;

namespace SocialJour.Tests.Security;

/// <summary>
/// docs/transparency.md §8 (issue 23 3d): the byte-level test vectors a municipality checks its own implementation against.
/// Both of ours — the C# code and the independent Python verifier — must produce exactly the documented bytes, so the
/// specification cannot drift from either.
/// </summary>
public sealed partial class TransparencyVectorTests
{
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [GeneratedRegex(@"^(?<name>[a-z0-9.]+) = (?<hex>[0-9a-f]+)$", RegexOptions.Multiline)]
    private static partial Regex VectorLine();

    private static Dictionary<string, string> Documented()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "transparency.md"));
        var section = doc[doc.IndexOf("## 8. Test vectors", StringComparison.Ordinal)..];
        return VectorLine().Matches(section).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["hex"].Value);
    }

    private static Dictionary<string, string> ComputedInCSharp()
    {
        var v = new Dictionary<string, string>();
        var sources = new List<(string Code, string Commitment)>();
        foreach (var (code, status) in new[] { ("0123", "NotFound"), ("0191", "Found") })
        {
            var salt = LogEncoding.SourceSalt(Secret, code);
            v["salt." + code] = Convert.ToHexStringLower(salt);
            var commitment = LogEncoding.SourceCommitment(code, status, salt);
            v["commitment." + code] = commitment.ToLowerInvariant();
            sources.Add((code, commitment));
        }

        var entry = LogEncoding.AccessEntry(1, 1796630400123, "Lookup", "anna", "201003152384", "J-2026-0001", "Skyddsbedömning", null,
            "0123456789abcdef0123456789abcdef", sources);
        v["entry.bytes"] = Convert.ToHexStringLower(entry);
        var leaf = MerkleTree.LeafHash(entry);
        v["entry.leaf"] = Convert.ToHexStringLower(leaf);

        var leaves = new List<byte[]> { leaf, MerkleTree.LeafHash("two"u8), MerkleTree.LeafHash("three"u8) };
        var root = MerkleTree.Root(leaves, 3);
        v["tree.leaf2"] = Convert.ToHexStringLower(leaves[1]);
        v["tree.leaf3"] = Convert.ToHexStringLower(leaves[2]);
        v["tree.root3"] = Convert.ToHexStringLower(root);
        v["tree.path.index2"] = Convert.ToHexStringLower(Assert.Single(MerkleTree.InclusionProof(leaves, 2, 3)));

        var head = new SignedTreeHead(TransparencyLogs.Access, 3, Convert.ToHexStringLower(root), 1796630460000, string.Concat(Enumerable.Repeat("ab", 32)), "", 0);
        v["head.v2.signed"] = Convert.ToHexStringLower(head.SignedBytes());
        v["head.v1.signed"] = Convert.ToHexStringLower((head with { RedactedUpTo = null }).SignedBytes());
        return v;
    }

    [Fact]
    public void The_CSharp_implementation_produces_exactly_the_documented_bytes()
    {
        var documented = Documented();
        Assert.Equal(12, documented.Count);
        foreach (var (name, hex) in ComputedInCSharp())
        {
            Assert.True(documented.TryGetValue(name, out var expected), $"docs/transparency.md §8 lacks {name}");
            Assert.Equal(expected, hex);
        }
    }

    [Fact]
    public async Task The_Python_verifier_produces_exactly_the_documented_bytes()
    {
        const string script = """
            import hashlib, hmac, json, sys
            sys.path.insert(0, sys.argv[1])
            import verify_access_extract as v
            secret = bytes(range(1, 33))
            out, comms = {}, []
            for code, status in (("0123", "NotFound"), ("0191", "Found")):
                salt = hmac.new(secret, code.encode(), hashlib.sha256).digest()
                c = v.source_commitment(code, status, salt)
                out["salt." + code], out["commitment." + code] = salt.hex(), c.hex()
                comms.append((code, c))
            e = {"sequence": 1, "atUnixMilliseconds": 1796630400123, "kind": "Lookup", "userId": "anna", "personId": "201003152384",
                 "jourCaseId": "J-2026-0001", "purpose": "Skyddsbedömning", "reason": None, "lookupId": "0123456789abcdef0123456789abcdef"}
            b = v.access_entry_bytes(e, comms)
            leaf = v.leaf_hash(b)
            out["entry.bytes"], out["entry.leaf"] = b.hex(), leaf.hex()
            l2, l3 = v.leaf_hash(b"two"), v.leaf_hash(b"three")
            n12 = v.node_hash(leaf, l2)
            root = v.node_hash(n12, l3)
            assert v.verify_inclusion(2, 3, l3, [n12], root)
            out["tree.leaf2"], out["tree.leaf3"], out["tree.root3"], out["tree.path.index2"] = l2.hex(), l3.hex(), root.hex(), n12.hex()
            h = {"log": "access", "treeSize": 3, "rootHash": root.hex(), "timestamp": 1796630460000, "keyId": "ab" * 32, "redactedUpTo": 0}
            out["head.v2.signed"] = v.head_signed_bytes(h).hex()
            del h["redactedUpTo"]
            out["head.v1.signed"] = v.head_signed_bytes(h).hex()
            print(json.dumps(out))
            """;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-");
        start.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "tools"));
        using var python = Process.Start(start)!;
        await python.StandardInput.WriteAsync(script);
        python.StandardInput.Close();
        var output = await python.StandardOutput.ReadToEndAsync();
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, error);

        var computed = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(output)!;
        Assert.Equal(Documented(), computed);
    }
}
