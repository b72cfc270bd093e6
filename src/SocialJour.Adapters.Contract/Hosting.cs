using Microsoft.Extensions.Logging;

namespace SocialJour.Adapters.Contract;

/// <summary>One municipality's settings for its adapter, as written in the jour configuration.</summary>
public sealed record AdapterSettings(
    string MunicipalityCode,
    string MunicipalityName,
    Uri? BaseUrl,
    IReadOnlyDictionary<string, string> Values,
    string? CanaryPersonId)
{
    public string? Get(string key) => Values.TryGetValue(key, out var v) ? v : null;
}

/// <summary>Everything an adapter instance gets from the host. Secrets are resolved; never log them.</summary>
public sealed record AdapterContext(
    AdapterSettings Settings,
    ISecretResolver Secrets,
    ILoggerFactory LoggerFactory,
    TimeProvider TimeProvider);

/// <summary>Resolves a secret reference (<c>env:NAME</c> or <c>file:path</c>) to its value.</summary>
public interface ISecretResolver
{
    /// <summary>Returns the secret, or throws <see cref="InvalidOperationException"/> naming the reference (not the value).</summary>
    string Resolve(string reference);

    /// <summary>Checks a reference is well formed and resolvable; returns a message or null.</summary>
    string? Check(string reference);

    /// <summary>
    /// The absolute path of a file named by a reference (<c>file:path</c>, or <c>env:NAME</c> holding a path), for
    /// secrets that are files (certificates). Throws <see cref="InvalidOperationException"/> naming the reference.
    /// </summary>
    string ResolveFile(string reference);
}

/// <summary>
/// Marks the one kind of method in an adapter's HTTP client that may use a verb other than GET:
/// obtaining a token or a session. Enforced by the architecture tests.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AuthenticationEndpointAttribute : Attribute;
