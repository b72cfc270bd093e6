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

    /// <summary>A population-register plugin by name (e.g. "Navet").</summary>
    IPopulationRegisterFactory? FindPopulationRegister(string adapterName);

    /// <summary>The load-context lifetime scope of a loaded plugin; per-municipality scopes are begun from it.</summary>
    ILifetimeScope? ScopeFor(string adapterName);

    /// <summary>Why an adapter cannot be used, in Swedish, or null when it can.</summary>
    string? WhyUnavailable(string adapterName);

    /// <summary>Whether a plugin folder with this adapter name is installed (read from the manifests; loads nothing).</summary>
    bool IsInstalled(string adapterName);

    /// <summary>The names of every installed plugin folder (from the manifests; loads nothing).</summary>
    IReadOnlyCollection<string> InstalledNames { get; }

    /// <summary>The installed journal-system adapters by name, sorted (the population register left out; loads every plugin).</summary>
    IReadOnlyList<string> JournalSystemNames();
}

/// <summary>
/// Knows every adapter folder under the plugins directory (manifests read at start-up) and loads a plugin's
/// assemblies the first time an adapter name asks for it, so start-up pays only for the systems in use.
/// A missing, broken or incompatible plugin is recorded with its reason; it never stops the host or the others.
/// </summary>
internal sealed class PluginCatalog : IPluginCatalog, IDisposable
{
    private readonly Dictionary<string, Lazy<Loaded>> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Folder, Lazy<Loaded> Plugin)> _folders = [];
    private readonly string _directory;
    private readonly ILifetimeScope _root;
    private readonly ILogger<PluginCatalog> _logger;

    public PluginCatalog(string directory, ILifetimeScope root, ILogger<PluginCatalog> logger)
    {
        _directory = Path.GetFullPath(directory);
        _root = root;
        _logger = logger;
        if (!Directory.Exists(_directory))
        {
            logger.LogError("Plugin directory {Directory} does not exist; every journal source is disabled", _directory);
            return;
        }

        foreach (var folder in Directory.GetDirectories(_directory).Order(StringComparer.Ordinal))
        {
            var (name, manifest, early) = ReadManifest(folder);
            if (early is not null)
            {
                logger.LogError("Adapter plugin in {Folder} not loaded: {Error}", folder, early.Info.Error);
            }

            var plugin = new Lazy<Loaded>(() => early ?? Load(folder, manifest!), LazyThreadSafetyMode.ExecutionAndPublication);
            _folders.Add((folder, plugin));
            _byName.TryAdd(name, plugin);
        }
    }

    /// <summary>Every plugin, loaded now (for listings and diagnostics).</summary>
    public IReadOnlyList<PluginInfo> Plugins => _folders.Select(f => f.Plugin.Value.Info).ToList();

    public IJournalAdapterFactory? Find(string adapterName) => Get(adapterName)?.Factory;

    public IPopulationRegisterFactory? FindPopulationRegister(string adapterName) => Get(adapterName)?.Register;

    public ILifetimeScope? ScopeFor(string adapterName) => Get(adapterName)?.Scope;

    public string? WhyUnavailable(string adapterName)
    {
        var plugin = Get(adapterName);
        if (plugin?.Factory is not null)
        {
            return null;
        }

        if (plugin?.Register is not null)
        {
            return $"Adaptern {adapterName} är en folkbokföringskälla, inget journalsystem";
        }

        return plugin is not null
            ? $"Adaptern {adapterName} kunde inte laddas: {plugin.Info.Error}"
            : $"Adaptern {adapterName} är inte installerad (ingen mapp i {_directory})";
    }

    public bool IsInstalled(string adapterName) => _byName.ContainsKey(adapterName);

    public IReadOnlyCollection<string> InstalledNames => _byName.Keys;

    public IReadOnlyList<string> JournalSystemNames() =>
        _byName.Where(p => p.Value.Value.Register is null).Select(p => p.Key).Order(StringComparer.OrdinalIgnoreCase).ToList();

    private Loaded? Get(string adapterName) => _byName.TryGetValue(adapterName, out var p) ? p.Value : null;

    private sealed record Loaded(PluginInfo Info, IJournalAdapterFactory? Factory, ILifetimeScope? Scope, IPopulationRegisterFactory? Register = null);

    /// <summary>The manifest, or a failed plugin when the manifest itself is unusable.</summary>
    private static (string Name, PluginManifest? Manifest, Loaded? Failed) ReadManifest(string folder)
    {
        var folderName = Path.GetFileName(folder);
        Loaded Fail(string name, string? version, string error) => new(new PluginInfo(name, folder, version, false, error), null, null);
        var manifestPath = Path.Combine(folder, "plugin.json");
        if (!File.Exists(manifestPath))
        {
            return (folderName, null, Fail(folderName, null, "plugin.json saknas"));
        }

        PluginManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(manifestPath));
        }
        catch (JsonException e)
        {
            return (folderName, null, Fail(folderName, null, $"plugin.json är ogiltig: {e.Message}"));
        }

        if (manifest is null || string.IsNullOrWhiteSpace(manifest.Name) || string.IsNullOrWhiteSpace(manifest.Assembly) || string.IsNullOrWhiteSpace(manifest.ContractVersion))
        {
            return (folderName, null, Fail(folderName, null, "plugin.json ska ange Name, ContractVersion och Assembly"));
        }

        if (!int.TryParse(manifest.ContractVersion.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture, out var major) || major != ContractInfo.Major)
        {
            return (manifest.Name, null, Fail(manifest.Name, manifest.ContractVersion, $"byggd för kontraktsversion {manifest.ContractVersion}, värden har {ContractInfo.Version}"));
        }

        return File.Exists(Path.Combine(folder, manifest.Assembly))
            ? (manifest.Name, manifest, null)
            : (manifest.Name, null, Fail(manifest.Name, manifest.ContractVersion, $"{manifest.Assembly} saknas i mappen"));
    }

    private Loaded Load(string folder, PluginManifest manifest)
    {
        Loaded Fail(string error)
        {
            _logger.LogError("Adapter plugin in {Folder} not loaded: {Error}", folder, error);
            return new(new PluginInfo(manifest.Name, folder, manifest.ContractVersion, false, error), null, null);
        }

        var assemblyPath = Path.Combine(folder, manifest.Assembly);
        try
        {
            var context = new PluginLoadContext(assemblyPath, manifest.Name);
            var assembly = context.LoadFromAssemblyPath(assemblyPath);

            // Scrutor finds the factory; internal types included, since adapters are internal sealed by default.
            var services = new ServiceCollection();
            // A plugin is one kind: a journal system or the population register.
            services.Scan(s => s.FromAssemblies(assembly)
                .AddClasses(c => c.AssignableTo<IJournalAdapterFactory>(), publicOnly: false)
                .As<IJournalAdapterFactory>()
                .WithSingletonLifetime()
                .AddClasses(c => c.AssignableTo<IPopulationRegisterFactory>(), publicOnly: false)
                .As<IPopulationRegisterFactory>()
                .WithSingletonLifetime());
            if (services.Count != 1)
            {
                return Fail($"{manifest.Assembly} ska innehålla exakt en IJournalAdapterFactory eller IPopulationRegisterFactory, hittade {services.Count}");
            }

            var scope = _root.BeginLoadContextLifetimeScope("plugin:" + manifest.Name, context, b => b.Populate(services));
            var factory = scope.ResolveOptional<IJournalAdapterFactory>();
            var register = scope.ResolveOptional<IPopulationRegisterFactory>();
            var name = factory?.AdapterName ?? register!.AdapterName;
            if (!string.Equals(name, manifest.Name, StringComparison.OrdinalIgnoreCase))
            {
                scope.Dispose();
                return Fail($"plugin.json säger {manifest.Name} men adaptern heter {name}");
            }

            _logger.LogInformation("Loaded adapter plugin {Name} (contract {Version})", manifest.Name, manifest.ContractVersion);
            return new Loaded(new PluginInfo(manifest.Name, folder, manifest.ContractVersion, true, null), factory, scope, register);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException or System.Reflection.ReflectionTypeLoadException or Autofac.Core.DependencyResolutionException)
        {
            return Fail($"kunde inte laddas ({e.GetType().Name}: {e.Message})");
        }
    }

    public void Dispose()
    {
        foreach (var (_, plugin) in _folders.Where(f => f.Plugin.IsValueCreated))
        {
            plugin.Value.Scope?.Dispose();
        }
    }
}
