using System.Security.Cryptography;
using System.Text;

namespace SocialJour.Core.Lookup;

/// <summary>
/// The AES-256 key that encrypts kept look-up answers at rest (<c>core.retained_lookups</c>, ADR 0017). Every host of one
/// jour must have the same key (a reveal on host B opens an answer kept by host A); it is kept outside the database and
/// its backups, referenced from the host settings like the tree-head signing key
/// (<c>SocialJour:Lookup:RetentionKey</c> = <c>file:…</c> or <c>env:…</c>; the file holds 32 random bytes in Base64,
/// e.g. <c>openssl rand -base64 32</c>). Never logged or printed.
/// </summary>
public sealed class RetainedLookupKey
{
    public const int Length = 32;

    private readonly byte[] _key;

    private RetainedLookupKey(byte[] key) => _key = key;

    /// <summary>Parses the Base64 text of a key file; a wrong length or format throws with a Swedish message naming the setting.</summary>
    public static RetainedLookupKey FromBase64(string text, string setting)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"Inställningen {setting}: nyckeln ska vara {Length} slumpmässiga byte i Base64 (t.ex. openssl rand -base64 32)");
        }

        return bytes.Length == Length
            ? new RetainedLookupKey(bytes)
            : throw new InvalidOperationException($"Inställningen {setting}: nyckeln ska vara {Length} byte, inte {bytes.Length} (t.ex. openssl rand -base64 32)");
    }

    /// <summary>A key of this process only (tools and single-host tests): answers kept with it cannot be opened elsewhere.</summary>
    public static RetainedLookupKey Random() => new(RandomNumberGenerator.GetBytes(Length));

    public override string ToString() => "RetainedLookupKey(***)";

    private const string Prefix = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>AES-GCM with a random nonce; the look-up id and user are authenticated so a row cannot be moved to another id or user.</summary>
    internal string Encrypt(string plaintext, string lookupId, string userId)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + data.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize, data.Length), output.AsSpan(NonceSize + data.Length), Associated(lookupId, userId));
        return Prefix + Convert.ToBase64String(output);
    }

    /// <summary>The plaintext, or null when the row was not written with this key (another key, tampered, or an old plaintext row).</summary>
    internal string? Decrypt(string stored, string lookupId, string userId)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var input = Convert.FromBase64String(stored[Prefix.Length..]);
            if (input.Length < NonceSize + TagSize)
            {
                return null;
            }

            var length = input.Length - NonceSize - TagSize;
            var plain = new byte[length];
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, length), input.AsSpan(NonceSize + length), plain, Associated(lookupId, userId));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// A separate 256-bit key for <paramref name="purpose"/>, derived with HKDF-SHA256 from this one: the same on every host
    /// that has the same key file, and revealing nothing about this key or another purpose's (ADR 0028: the Data Protection key ring).
    /// </summary>
    internal byte[] Derive(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, Length, salt: [], info: Encoding.UTF8.GetBytes("socialjour\n" + purpose));

    private static byte[] Associated(string lookupId, string userId) => Encoding.UTF8.GetBytes($"retained-lookup\n{lookupId}\n{userId}");
}
