using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SocialJour.Core.Audit;

/// <summary>
/// The canonical, unambiguous byte encoding of log entries and tree heads (ADR 0013). Every field is typed and
/// length-prefixed: <c>0x00</c> null; <c>0x01</c> text (4-byte big-endian byte length, UTF-8); <c>0x02</c> integer
/// (8 bytes big-endian); <c>0x03</c> bytes (4-byte big-endian length). No separator exists that free text could contain,
/// so text cannot move from one field to another without changing the bytes, and each encoding starts with a tag naming
/// what it encodes and its version.
/// </summary>
public sealed class CanonicalWriter
{
    private readonly MemoryStream _bytes = new();

    public CanonicalWriter(string tag) => Text(tag);

    public CanonicalWriter Text(string? value)
    {
        if (value is null)
        {
            _bytes.WriteByte(0x00);
            return this;
        }

        var utf8 = Encoding.UTF8.GetBytes(value);
        _bytes.WriteByte(0x01);
        Length(utf8.Length);
        _bytes.Write(utf8);
        return this;
    }

    public CanonicalWriter Integer(long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, value);
        _bytes.WriteByte(0x02);
        _bytes.Write(b);
        return this;
    }

    public CanonicalWriter Bytes(ReadOnlySpan<byte> value)
    {
        _bytes.WriteByte(0x03);
        Length(value.Length);
        _bytes.Write(value);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    private void Length(int length)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, length);
        _bytes.Write(b);
    }
}

/// <summary>One asked municipality in an access entry: its code, and (when disclosed to it) its answer and the salt that opens the commitment.</summary>
public sealed record SourceCommitment(string MunicipalityCode, string Commitment, string? Status = null, string? Salt = null);

/// <summary>
/// An access-log entry as a municipality can check it: every field of the leaf, its own source answer with the salt that
/// opens its commitment, and only the commitments (salted hashes) of the other municipalities' answers, so that checking
/// an entry does not tell one municipality whether the person is known in another.
/// </summary>
public sealed record AccessEntryEvidence(
    long Sequence, long AtUnixMilliseconds, string Kind, string UserId, string PersonId, string? JourCaseId, string Purpose, string? Reason, string LookupId,
    IReadOnlyList<SourceCommitment> Sources)
{
    /// <summary>The RFC 6962 leaf hash of this entry; throws when a disclosed answer does not open its commitment.</summary>
    public byte[] LeafHash()
    {
        foreach (var s in Sources.Where(s => s.Status is not null))
        {
            var opened = LogEncoding.SourceCommitment(s.MunicipalityCode, s.Status!, Convert.FromHexString(s.Salt ?? ""));
            if (!string.Equals(opened, s.Commitment, StringComparison.OrdinalIgnoreCase))
            {
                throw new CryptographicException($"svaret från kommun {s.MunicipalityCode} stämmer inte med posten");
            }
        }

        return MerkleTree.LeafHash(LogEncoding.AccessEntry(Sequence, AtUnixMilliseconds, Kind, UserId, PersonId, JourCaseId, Purpose, Reason, LookupId,
            Sources.Select(s => (s.MunicipalityCode, s.Commitment))));
    }
}

/// <summary>The leaf encodings of the two logs.</summary>
public static class LogEncoding
{
    public const string AccessTag = "socialjour/access-log/v1";
    public const string AuditTag = "socialjour/audit-log/v1";
    public const string SourceTag = "socialjour/access-source/v1";

    public static byte[] AuditEntry(long sequence, long atUnixMilliseconds, string actor, string action, string subject, string details) =>
        new CanonicalWriter(AuditTag).Integer(sequence).Integer(atUnixMilliseconds).Text(actor).Text(action).Text(subject).Text(details).ToArray();

    public static byte[] AccessEntry(long sequence, long atUnixMilliseconds, string kind, string userId, string personId, string? jourCaseId, string purpose,
        string? reason, string lookupId, IEnumerable<(string Code, string Commitment)> sources)
    {
        var list = sources.ToList();
        var w = new CanonicalWriter(AccessTag).Integer(sequence).Integer(atUnixMilliseconds).Text(kind).Text(userId).Text(personId).Text(jourCaseId)
            .Text(purpose).Text(reason).Text(lookupId).Integer(list.Count);
        foreach (var (code, commitment) in list)
        {
            w.Text(code).Bytes(Convert.FromHexString(commitment));
        }

        return w.ToArray();
    }

    /// <summary>The salt of one municipality's answer: HMAC-SHA256 keyed with the entry's secret salt, so disclosing it opens that answer only.</summary>
    public static byte[] SourceSalt(ReadOnlySpan<byte> entrySalt, string municipalityCode) =>
        HMACSHA256.HashData(entrySalt, Encoding.UTF8.GetBytes(municipalityCode));

    /// <summary>SHA-256 over (tag, code, status, salt): hides the answer from whoever lacks the salt, binds it for whoever has it.</summary>
    public static string SourceCommitment(string municipalityCode, string status, ReadOnlySpan<byte> sourceSalt) =>
        Convert.ToHexStringLower(SHA256.HashData(new CanonicalWriter(SourceTag).Text(municipalityCode).Text(status).Bytes(sourceSalt).ToArray()));
}
