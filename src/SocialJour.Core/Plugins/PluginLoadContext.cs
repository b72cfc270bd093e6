using System.Reflection;
using System.Runtime.Loader;

namespace SocialJour.Core.Plugins;

/// <summary>
/// One load context per adapter folder. Assemblies the host already has (the contract, the framework,
/// logging abstractions) are taken from the default context so host and plugin share their types;
/// everything else (the vendor client library) comes from the plugin's own folder.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> HostAssemblies = LoadHostAssemblyNames();
    private readonly AssemblyDependencyResolver _resolver;

    public PluginLoadContext(string mainAssemblyPath, string name)
        : base("plugin:" + name, isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } n && HostAssemblies.Contains(n))
        {
            return null; // fall back to the default context: shared types
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static HashSet<string> LoadHostAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            foreach (var path in tpa.Split(Path.PathSeparator))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        foreach (var a in Default.Assemblies)
        {
            if (a.GetName().Name is { } n)
            {
                names.Add(n);
            }
        }

        return names;
    }
}
