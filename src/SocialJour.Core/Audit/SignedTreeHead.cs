using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialJour.Core.Audit;

/// <summary>The two logs that are published as Merkle trees.</summary>
public static class TransparencyLogs
{
    public const string Access = "access";
    public const string Audit = "audit";

    public static IReadOnlyList<string> All { get; } = [Access, Audit];

    /// <summary>
    /// The response header that carries the latest signed head of the audit log: on invoice bases (whose approval entry it
    /// covers, published at the approval) and on access-log extracts (issue 23 3c).
    /// </summary>
    public const string AuditHeadHeader = "SocialJour-Audit-Tree-Head";

    public static bool IsKnown(string? log) => log is Access or Audit;

    public static string SwedishName(string log) => log == Access ? "Åtkomstloggen" : "Händelseloggen";
}

/// <summary>
/// A signed tree head: the log, its size, its RFC 6962 root hash, when it was signed (Unix milliseconds) and by which
/// key (SHA-256 of the public key's SubjectPublicKeyInfo), with an ECDSA P-256 / SHA-256 signature (DER, base64) over
/// <see cref="SignedBytes"/>. Held by the municipalities, it pins the whole log up to its size.
/// <para>
/// <see cref="RedactedUpTo"/> is the redaction boundary (issue 23 3a): entries 1..N of the access log whose content the
/// retention rule has deleted (their leaves stay); always 0 for the audit log. It is inside the signature (tag v2), so a
/// municipality sees it move and can ask for the archive that proves it. A head without it (null) is a v1 head, signed
/// before the boundary existed; it still verifies.
/// </para>
/// </summary>
public sealed record SignedTreeHead(
    [property: JsonPropertyName("log")] string Log,
    [property: JsonPropertyName("treeSize")] long TreeSize,
    [property: JsonPropertyName("rootHash")] string RootHash,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("keyId")] string KeyId,
    [property: JsonPropertyName("signature")] string Signature,
    [property: JsonPropertyName("redactedUpTo"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? RedactedUpTo = null)
{
    /// <summary>The signing input's tag of a head without a redaction boundary (signed before it existed).</summary>
    public const string TagV1 = "socialjour/tree-head/v1";

    /// <summary>The signing input's tag of a head with its redaction boundary (every head signed now).</summary>
    public const string Tag = "socialjour/tree-head/v2";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public DateTimeOffset SignedAt => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp);

    /// <summary>The bytes the signature covers (canonical encoding, ADR 0013; docs/transparency.md §5).</summary>
    public byte[] SignedBytes()
    {
        var writer = new CanonicalWriter(RedactedUpTo is null ? TagV1 : Tag).Text(Log).Text(KeyId).Integer(TreeSize).Bytes(Convert.FromHexString(RootHash)).Integer(Timestamp);
        return (RedactedUpTo is { } boundary ? writer.Integer(boundary) : writer).ToArray();
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a head from JSON; null with a Swedish reason when it is not one.</summary>
    public static SignedTreeHead? Parse(string json, out string? problem)
    {
        try
        {
            var head = JsonSerializer.Deserialize<SignedTreeHead>(json, Json);
            problem = head is null || !TransparencyLogs.IsKnown(head.Log) || head.TreeSize < 0 || head.RootHash is not { Length: 64 }
                || head.RedactedUpTo is < 0 || head.RedactedUpTo > head.TreeSize
                || head.KeyId is null || head.Signature is null || !IsHex(head.RootHash)
                ? "filen är inget signerat trädhuvud (log, treeSize, rootHash, timestamp, keyId, signature)"
                : null;
            return problem is null ? head : null;
        }
        catch (JsonException)
        {
            problem = "filen är inte giltig JSON";
            return null;
        }
    }

    public override string ToString() => $"{TransparencyLogs.SwedishName(Log).ToLowerInvariant()}s trädhuvud storlek {TreeSize}, signerat {SignedAt:yyyy-MM-dd HH:mm:ss} UTC" +
        (RedactedUpTo is > 0 ? $", gallrat t.o.m. post {RedactedUpTo}" : "");

    private static bool IsHex(string s) => s.All(char.IsAsciiHexDigit);
}

/// <summary>
/// The tree-head signing key: ECDSA on P-256 from a PEM file kept outside the database (a private key signs and verifies;
/// a public key only verifies). Built on System.Security.Cryptography (ADR 0013).
/// </summary>
public sealed class TreeHeadKey : IDisposable
{
    private readonly ECDsa _key;

    private TreeHeadKey(ECDsa key, bool canSign)
    {
        _key = key;
        CanSign = canSign;
        var spki = key.ExportSubjectPublicKeyInfo();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(spki));
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", spki);
    }

    public bool CanSign { get; }

    /// <summary>SHA-256 of the DER SubjectPublicKeyInfo, hex: names the key in every head it signs.</summary>
    public string KeyId { get; }

    public string PublicKeyPem { get; }

    /// <summary>Reads a PEM (EC PRIVATE KEY, PRIVATE KEY or PUBLIC KEY) on P-256; throws with a Swedish reason otherwise.</summary>
    public static TreeHeadKey FromPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException("signeringsnyckeln är ingen ECDSA-nyckel i PEM-format", e);
        }

        if (key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            key.Dispose();
            throw new InvalidOperationException("signeringsnyckeln ska vara en ECDSA-nyckel på kurvan P-256");
        }

        return new TreeHeadKey(key, pem.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    /// <summary>A new P-256 key as PKCS#8 PEM (the demo key and the tests).</summary>
    public static string GeneratePrivateKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>Signs a v2 head: <paramref name="redactedUpTo"/> is the redaction boundary (0 for the audit log and an unredacted access log).</summary>
    public SignedTreeHead Sign(string log, long treeSize, byte[] rootHash, DateTimeOffset at, long redactedUpTo = 0)
    {
        if (!CanSign)
        {
            throw new InvalidOperationException("nyckeln är en publik nyckel och kan inte signera");
        }

        var unsigned = new SignedTreeHead(log, treeSize, Convert.ToHexStringLower(rootHash), at.ToUnixTimeMilliseconds(), KeyId, "", redactedUpTo);
        var signature = _key.SignData(unsigned.SignedBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return unsigned with { Signature = Convert.ToBase64String(signature) };
    }

    /// <summary>Null when the head was signed by this key and is unchanged; otherwise why not (Swedish).</summary>
    public string? Check(SignedTreeHead head)
    {
        if (!string.Equals(head.KeyId, KeyId, StringComparison.OrdinalIgnoreCase))
        {
            return $"{head} är signerat med en annan nyckel ({Short(head.KeyId)}, inte {Short(KeyId)})";
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(head.Signature);
        }
        catch (FormatException)
        {
            return $"{head} har en ogiltig signatur";
        }

        return _key.VerifyData(head.SignedBytes(), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            ? null
            : $"{head} har en ogiltig signatur: det har ändrats eller signerats med en annan nyckel";
    }

    public void Dispose() => _key.Dispose();

    private static string Short(string keyId) => keyId.Length > 12 ? keyId[..12] : keyId;
}

/// <summary>
/// What a municipality receives to check one entry of its extract: a signed head, the entry (its own answer opened, the
/// others as commitments) and the entry's audit path to the head's root.
/// </summary>
public sealed record AccessEntryProof(SignedTreeHead Head, AccessEntryEvidence Entry, InclusionProof Proof);

/// <summary>Checks done by a municipality (or anyone) with nothing but the public key: no database, no trust in the jour.</summary>
public static class TransparencyVerifier
{
    /// <summary>Null when the entry is in the log under the signed head (and <paramref name="held"/>, if given, is that head); otherwise why not.</summary>
    public static string? CheckEntry(AccessEntryProof evidence, TreeHeadKey key, SignedTreeHead? held = null)
    {
        var head = held ?? evidence.Head;
        if (key.Check(head) is { } bad)
        {
            return bad;
        }

        if (head.Log != TransparencyLogs.Access || evidence.Proof.Log != TransparencyLogs.Access)
        {
            return "beviset gäller inte åtkomstloggen";
        }

        if (evidence.Proof.TreeSize != head.TreeSize)
        {
            return $"beviset gäller ett träd med {evidence.Proof.TreeSize} poster, trädhuvudet har {head.TreeSize}";
        }

        if (evidence.Proof.Sequence != evidence.Entry.Sequence)
        {
            return $"beviset gäller post {evidence.Proof.Sequence}, inte post {evidence.Entry.Sequence}";
        }

        byte[] leaf;
        try
        {
            leaf = evidence.Entry.LeafHash();
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return $"post {evidence.Entry.Sequence}: {e.Message}";
        }

        var path = evidence.Proof.AuditPath.Select(FromHex).ToList();
        return MerkleTree.VerifyInclusion(evidence.Entry.Sequence - 1, head.TreeSize, leaf, path, FromHex(head.RootHash))
            ? null
            : $"post {evidence.Entry.Sequence} finns inte i loggen enligt {head}: posten eller beviset har ändrats";
    }

    /// <summary>Null when <paramref name="newer"/> extends <paramref name="older"/> (both signed by <paramref name="key"/>); otherwise why not.</summary>
    public static string? CheckConsistency(SignedTreeHead older, SignedTreeHead newer, ConsistencyProof proof, TreeHeadKey key)
    {
        if ((key.Check(older) ?? key.Check(newer)) is { } bad)
        {
            return bad;
        }

        if (older.Log != newer.Log || proof.Log != older.Log || proof.First != older.TreeSize || proof.Second != newer.TreeSize)
        {
            return "beviset gäller inte de två trädhuvudena";
        }

        return MerkleTree.VerifyConsistency(older.TreeSize, newer.TreeSize, FromHex(older.RootHash), FromHex(newer.RootHash), proof.Proof.Select(FromHex).ToList())
            ? null
            : $"{newer} bygger inte vidare på {older}: loggen har skrivits om eller kortats";
    }

    private static byte[] FromHex(string hex) => hex.Length % 2 == 0 && hex.All(char.IsAsciiHexDigit) ? Convert.FromHexString(hex) : [];
}
