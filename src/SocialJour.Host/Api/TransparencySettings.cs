using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;

namespace SocialJour.Host.Api;

/// <summary>The transparency log's settings, read at start-up (its endpoints are the Lookup module's, ADR 0032).</summary>
internal static class TransparencySettings
{
    /// <summary>
    /// The signing key and publication folder from SocialJour:Transparency; the key is a secret reference (file: or env:).
    /// Without a configured folder, heads are published to <paramref name="defaultFolder"/> (SQLite: "published" in the data folder).
    /// </summary>
    public static TransparencyOptions ReadOptions(IConfiguration configuration, string contentRoot, string? defaultFolder = null)
    {
        const string KeySetting = "SocialJour:Transparency:SigningKey";
        var reference = configuration[KeySetting] is { Length: > 0 } r ? r : throw new InvalidOperationException($"Inställningen {KeySetting} saknas");
        var pem = new SecretResolver(contentRoot).Resolve(reference);
        var folder = configuration["SocialJour:Transparency:PublicationDirectory"] is { Length: > 0 } f ? Path.GetFullPath(Path.Combine(contentRoot, f)) : defaultFolder;
        return new TransparencyOptions(pem, folder);
    }
}
