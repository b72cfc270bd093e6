using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Security;

/// <summary>
/// The ASP.NET Core Data Protection key ring (what protects the login cookie and the antiforgery tokens) in the core database,
/// <c>core.data_protection_keys</c>, so a cookie issued by one host is valid on every other (ADR 0028). Each key's XML is
/// encrypted at rest with AES-256-GCM under a key derived (HKDF) from <c>SocialJour:Lookup:RetentionKey</c>, which every
/// host already has and which is kept outside the database and its backups: someone who reads the database or a backup
/// cannot forge or read cookies.
/// </summary>
public static class DataProtectionKeys
{
    /// <summary>The application name every host protects with: the same on every host, whatever its install path.</summary>
    public const string ApplicationName = "SocialJour";

    internal const string Purpose = "data-protection-key-ring";

    /// <summary>Keys in the core database, encrypted with the derived key; every host of a jour must use this.</summary>
    public static IDataProtectionBuilder PersistKeysToCoreDatabase(this IDataProtectionBuilder builder)
    {
        builder.SetApplicationName(ApplicationName).PersistKeysToDbContext<CoreDbContext>();
        builder.Services.AddOptions<KeyManagementOptions>().Configure<RetainedLookupKey>((o, key) => o.XmlEncryptor = new KeyRingEncryptor(key));
        return builder;
    }
}

/// <summary>Encrypts a key's XML before it is stored (AES-256-GCM, random nonce, the element name authenticated).</summary>
internal sealed class KeyRingEncryptor(RetainedLookupKey key) : IXmlEncryptor
{
    internal const string ElementName = "socialjourEncryptedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var output = new byte[KeyRingDecryptor.NonceSize + plain.Length + KeyRingDecryptor.TagSize];
        var nonce = output.AsSpan(0, KeyRingDecryptor.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Derive(DataProtectionKeys.Purpose), KeyRingDecryptor.TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(KeyRingDecryptor.NonceSize, plain.Length), output.AsSpan(KeyRingDecryptor.NonceSize + plain.Length), KeyRingDecryptor.Associated);
        var element = new XElement(ElementName, new XAttribute("version", "1"), new XElement("value", Convert.ToBase64String(output)));
        return new EncryptedXmlInfo(element, typeof(KeyRingDecryptor));
    }
}

/// <summary>
/// Decrypts a stored key; Data Protection creates it by the type name in the stored XML, with the host's services.
/// A key that does not decrypt (another RetentionKey on this host) is an error that names the setting, not a silent new key ring.
/// </summary>
internal sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal static readonly byte[] Associated = Encoding.UTF8.GetBytes("socialjour\ndata-protection-key\nv1");

    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<RetainedLookupKey>();
        try
        {
            var input = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
            var length = input.Length - NonceSize - TagSize;
            var plain = new byte[Math.Max(length, 0)];
            using var aes = new AesGcm(key.Derive(DataProtectionKeys.Purpose), TagSize);
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, length), input.AsSpan(NonceSize + length), plain, Associated);
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException or System.Xml.XmlException)
        {
            throw new InvalidOperationException(
                "En nyckel i core.data_protection_keys kan inte dekrypteras: värden har inte samma SocialJour:Lookup:RetentionKey som värden som skapade den (alla värdar ska ha samma nyckelfil).", e);
        }
    }
}
