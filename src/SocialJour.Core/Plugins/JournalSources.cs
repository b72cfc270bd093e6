using Autofac;
using Microsoft.Extensions.Logging;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Configuration;

namespace SocialJour.Core.Plugins;

/// <summary>A municipality's journal system as the jour sees it: a ready adapter, or the reason it is disabled.</summary>
public sealed record JournalSource(Municipality Municipality, IJournalAdapter? Adapter, string? DisabledReason)
{
    public bool Enabled => Adapter is not null;
}

public interface IJournalSources
{
    JournalSource? Get(string municipalityCode);

    IReadOnlyList<JournalSource> All { get; }

    /// <summary>
    /// Rebuilds the adapters whose settings or secret contents changed since they were created (a rotated key
    /// file or variable behind an unchanged reference). Returns the municipalities rebuilt. Run before each check round.
    /// </summary>
    IReadOnlyList<string> RefreshChangedSecrets();
}

/// <summary>
/// Keeps one adapter instance per configured municipality, each in its own child lifetime scope of its
/// plugin's load-context scope, with its own settings and credentials. Rebuilt for a municipality when a
/// reload changes its journal-system settings; the others keep their instances.
/// </summary>
internal sealed class JournalSources : IJournalSources, IDisposable
{
    private static readonly TimeSpan RetireDelay = TimeSpan.FromSeconds(30);
    private readonly IPluginCatalog _catalog;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IMunicipalityRegistry _registry;
    private readonly Lock _gate = new();
    private Dictionary<string, (JournalSource Source, ILifetimeScope? Scope, string Fingerprint)> _sources = new(StringComparer.Ordinal);

    public JournalSources(IMunicipalityRegistry registry, IPluginCatalog catalog, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _registry = registry;
        _catalog = catalog;
        _loggerFactory = loggerFactory;
        _time = time;
        _logger = loggerFactory.CreateLogger<JournalSources>();
        Rebuild(registry.Current);
        registry.Changed += OnChanged;
    }

    public IReadOnlyList<JournalSource> All
    {
        get
        {
            lock (_gate)
            {
                return _sources.Values.Select(s => s.Source).ToList();
            }
        }
    }

    public JournalSource? Get(string municipalityCode)
    {
        lock (_gate)
        {
            return _sources.TryGetValue(municipalityCode, out var s) ? s.Source : null;
        }
    }

    private void OnChanged(object? sender, JourConfiguration configuration) => Rebuild(configuration);


    /// <summary>A rebuild against the configuration in force: only instances whose fingerprint (settings and secret hashes) changed are replaced.</summary>
    public IReadOnlyList<string> RefreshChangedSecrets()
    {
        var rebuilt = Rebuild(_registry.Current);
        if (rebuilt.Count > 0)
        {
            _logger.LogInformation("Journal-system settings or secrets changed for {Municipalities}; their adapters were rebuilt", string.Join(", ", rebuilt));
        }

        return rebuilt;
    }

    /// <summary>The settings, and a hash of the secret values they refer to (so a rotated secret is noticed; never logged).</summary>
    private static string FingerprintOf(Municipality m, SecretResolver secrets)
    {
        var values = m.JournalSystem.Settings.Values.Where(SecretResolver.IsReference).Order(StringComparer.Ordinal)
            .Select(reference =>
            {
                try
                {
                    return reference.StartsWith("file:", StringComparison.Ordinal)
                        ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(secrets.ResolveFile(reference))))
                        : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secrets.Resolve(reference))));
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
                {
                    return "unresolvable";
                }
            });
        return m.JournalSystem.Fingerprint + "|" + string.Join(',', values);
    }

    /// <summary>Replaces the instances whose fingerprint changed; returns the municipalities that already had one.</summary>
    private List<string> Rebuild(JourConfiguration configuration)
    {
        var retired = new List<ILifetimeScope>();
        var rebuilt = new List<string>();
        lock (_gate)
        {
            var next = new Dictionary<string, (JournalSource, ILifetimeScope?, string)>(StringComparer.Ordinal);
            var secrets = new SecretResolver(Path.GetDirectoryName(configuration.SourcePath)!);
            foreach (var m in configuration.Municipalities)
            {
                var fingerprint = FingerprintOf(m, secrets);
                if (_sources.TryGetValue(m.Code, out var existing) && existing.Fingerprint == fingerprint)
                {
                    next[m.Code] = (existing.Source with { Municipality = m }, existing.Scope, fingerprint);
                    _sources.Remove(m.Code);
                    continue;
                }

                if (_sources.ContainsKey(m.Code))
                {
                    rebuilt.Add(m.Code);
                }

                next[m.Code] = Create(configuration, m, secrets, fingerprint);
            }

            retired.AddRange(_sources.Values.Select(s => s.Scope).OfType<ILifetimeScope>());
            _sources = next;
        }

        // Look-ups in flight may still hold a retired adapter; dispose it once they are done.
        if (retired.Count > 0)
        {
            _ = Task.Delay(RetireDelay, _time).ContinueWith(_ => retired.ForEach(s => s.Dispose()), TaskScheduler.Default);
        }

        return rebuilt;
    }

    private (JournalSource, ILifetimeScope?, string) Create(JourConfiguration configuration, Municipality m, SecretResolver secrets, string fingerprint)
    {
        var adapterName = m.JournalSystem.Adapter;
        var pluginScope = _catalog.ScopeFor(adapterName);
        var factory = _catalog.Find(adapterName);
        if (pluginScope is null || factory is null)
        {
            return (new JournalSource(m, null, _catalog.WhyUnavailable(adapterName)), null, fingerprint);
        }

        try
        {
            var context = new AdapterContext(configuration.AdapterSettingsFor(m), secrets, _loggerFactory, _time);
            var scope = pluginScope.BeginLifetimeScope("municipality:" + m.Code, b =>
            {
                b.RegisterInstance(context);
                b.Register(c => c.Resolve<IJournalAdapterFactory>().Create(c.Resolve<AdapterContext>())).As<IJournalAdapter>().SingleInstance();
            });
            return (new JournalSource(m, scope.Resolve<IJournalAdapter>(), null), scope, fingerprint);
        }
        catch (Exception e)
        {
            // Never let one municipality's broken settings take the others down.
            _logger.LogError("Adapter {Adapter} for municipality {Code} could not be created: {Type}", adapterName, m.Code, e.GetType().Name);
            return (new JournalSource(m, null, $"Adaptern {adapterName} kunde inte startas för {m.Name}: {e.GetBaseException().Message}"), null, fingerprint);
        }
    }

    public void Dispose()
    {
        _registry.Changed -= OnChanged;
        lock (_gate)
        {
            foreach (var s in _sources.Values)
            {
                s.Scope?.Dispose();
            }

            _sources.Clear();
        }
    }
}
