using SocialJour.Adapters.Contract;

namespace SocialJour.Core.Configuration;

/// <summary>
/// Resolves secret references: <c>env:NAME</c> (environment variable) or <c>file:path</c>
/// (relative paths are relative to the configuration file's folder). Values are never logged or echoed.
/// </summary>
public sealed class SecretResolver : ISecretResolver
{
    private readonly string _baseDirectory;

    public SecretResolver(string baseDirectory) => _baseDirectory = baseDirectory;

    /// <summary>The directory relative references (and other relative paths in the configuration) are resolved against.</summary>
    public string BaseDirectory => _baseDirectory;

    public static bool IsReference(string value) =>
        value.StartsWith("env:", StringComparison.Ordinal) || value.StartsWith("file:", StringComparison.Ordinal);

    public string? Check(string reference)
    {
        try
        {
            Resolve(reference);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    public string ResolveFile(string reference)
    {
        var path = reference.StartsWith("file:", StringComparison.Ordinal) ? reference[5..]
            : reference.StartsWith("env:", StringComparison.Ordinal) ? Resolve(reference)
            : throw new InvalidOperationException("en fil anges som referens, file:sökväg eller env:NAMN");
        var full = Path.GetFullPath(Path.Combine(_baseDirectory, path));
        return File.Exists(full) ? full : throw new InvalidOperationException($"filen {path} finns inte");
    }

    public string Resolve(string reference)
    {
        if (reference.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = reference[4..];
            return Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
                ? v
                : throw new InvalidOperationException($"miljövariabeln {name} saknas eller är tom");
        }

        if (reference.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(Path.Combine(_baseDirectory, reference[5..]));
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"hemlighetsfilen {reference[5..]} finns inte");
            }

            var value = File.ReadAllText(path).Trim();
            return value.Length > 0 ? value : throw new InvalidOperationException($"hemlighetsfilen {reference[5..]} är tom");
        }

        throw new InvalidOperationException("en hemlighet anges som referens, env:NAMN eller file:sökväg, aldrig direkt i konfigurationen");
    }
}
