using System.Text.Json;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialJour.Adapters.Contract;

namespace SocialJour.Core.Plugins;

/// <summary>plugin.json beside each adapter assembly.</summary>
public sealed record PluginManifest(string Name, string ContractVersion, string Assembly);

public sealed record PluginInfo(string Name, string Folder, string? ContractVersion, bool Loaded, string? Error);

public interface IPluginCatalog
{
    IReadOnlyList<PluginInfo> Plugins { get; }

    IJournalAdapterFactory? Find(string adapterName);

    /// <summary>The load-context lifetime scope of a loaded plugin; per-municipality scopes are begun from it.</summary>
    ILifetimeScope? ScopeFor(string adapterName);

    /// <summary>Why an adapter cannot be used, in Swedish, or null when it can.</summary>
    string? WhyUnavailable(string adapterName);
}

/// <summary>
/// Loads every adapter folder under the plugins directory at start-up. A missing, broken or incompatible
/// plugin is recorded with its reason; it never stops the host or the other plugins.
/// </summary>
internal sealed class PluginCatalog : IPluginCatalog, IDisposable
{
    private readonly Dictionary<string, (IJournalAdapterFactory Factory, ILifetimeScope Scope)> _loaded = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<PluginInfo> _plugins = [];
    private readonly string _directory;

    public PluginCatalog(string directory, ILifetimeScope root, ILogger<PluginCatalog> logger)
    {
        _directory = Path.GetFullPath(directory);
        if (!Directory.Exists(_directory))
        {
            logger.LogError("Plugin directory {Directory} does not exist; every journal source is disabled", _directory);
            return;
        }

        foreach (var folder in Directory.GetDirectories(_directory).Order(StringComparer.Ordinal))
        {
            var info = LoadOne(folder, root);
            _plugins.Add(info);
            if (info.Loaded)
            {
                logger.LogInformation("Loaded adapter plugin {Name} (contract {Version})", info.Name, info.ContractVersion);
            }
            else
            {
                logger.LogError("Adapter plugin in {Folder} not loaded: {Error}", folder, info.Error);
            }
        }
    }

    public IReadOnlyList<PluginInfo> Plugins => _plugins;

    public IJournalAdapterFactory? Find(string adapterName) => _loaded.TryGetValue(adapterName, out var p) ? p.Factory : null;

    public ILifetimeScope? ScopeFor(string adapterName) => _loaded.TryGetValue(adapterName, out var p) ? p.Scope : null;

    public string? WhyUnavailable(string adapterName)
    {
        if (_loaded.ContainsKey(adapterName))
        {
            return null;
        }

        var failed = _plugins.FirstOrDefault(p => string.Equals(p.Name, adapterName, StringComparison.OrdinalIgnoreCase));
        return failed is not null
            ? $"Adaptern {adapterName} kunde inte laddas: {failed.Error}"
            : $"Adaptern {adapterName} är inte installerad (ingen mapp i {_directory})";
    }

    private PluginInfo LoadOne(string folder, ILifetimeScope root)
    {
        var folderName = Path.GetFileName(folder);
        var manifestPath = Path.Combine(folder, "plugin.json");
        if (!File.Exists(manifestPath))
        {
            return new PluginInfo(folderName, folder, null, false, "plugin.json saknas");
        }

        PluginManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(manifestPath));
        }
        catch (JsonException e)
        {
            return new PluginInfo(folderName, folder, null, false, $"plugin.json är ogiltig: {e.Message}");
        }

        if (manifest is null || string.IsNullOrWhiteSpace(manifest.Name) || string.IsNullOrWhiteSpace(manifest.Assembly) || string.IsNullOrWhiteSpace(manifest.ContractVersion))
        {
            return new PluginInfo(folderName, folder, null, false, "plugin.json ska ange Name, ContractVersion och Assembly");
        }

        if (!int.TryParse(manifest.ContractVersion.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture, out var major) || major != ContractInfo.Major)
        {
            return new PluginInfo(manifest.Name, folder, manifest.ContractVersion, false,
                $"byggd för kontraktsversion {manifest.ContractVersion}, värden har {ContractInfo.Version}");
        }

        var assemblyPath = Path.Combine(folder, manifest.Assembly);
        if (!File.Exists(assemblyPath))
        {
            return new PluginInfo(manifest.Name, folder, manifest.ContractVersion, false, $"{manifest.Assembly} saknas i mappen");
        }

        try
        {
            var context = new PluginLoadContext(assemblyPath, manifest.Name);
            var assembly = context.LoadFromAssemblyPath(assemblyPath);

            // Scrutor finds the factory; internal types included, since adapters are internal sealed by default.
            var services = new ServiceCollection();
            services.Scan(s => s.FromAssemblies(assembly)
                .AddClasses(c => c.AssignableTo<IJournalAdapterFactory>(), publicOnly: false)
                .As<IJournalAdapterFactory>()
                .WithSingletonLifetime());
            if (services.Count != 1)
            {
                return new PluginInfo(manifest.Name, folder, manifest.ContractVersion, false,
                    $"{manifest.Assembly} ska innehålla exakt en IJournalAdapterFactory, hittade {services.Count}");
            }

            var scope = root.BeginLoadContextLifetimeScope("plugin:" + manifest.Name, context, b => b.Populate(services));
            var factory = scope.Resolve<IJournalAdapterFactory>();
            if (!string.Equals(factory.AdapterName, manifest.Name, StringComparison.OrdinalIgnoreCase))
            {
                scope.Dispose();
                return new PluginInfo(manifest.Name, folder, manifest.ContractVersion, false,
                    $"plugin.json säger {manifest.Name} men adaptern heter {factory.AdapterName}");
            }

            _loaded[manifest.Name] = (factory, scope);
            return new PluginInfo(manifest.Name, folder, manifest.ContractVersion, true, null);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException or System.Reflection.ReflectionTypeLoadException or Autofac.Core.DependencyResolutionException)
        {
            return new PluginInfo(manifest.Name, folder, manifest.ContractVersion, false, $"kunde inte laddas ({e.GetType().Name}: {e.Message})");
        }
    }

    public void Dispose()
    {
        foreach (var (_, scope) in _loaded.Values)
        {
            scope.Dispose();
        }
    }
}
