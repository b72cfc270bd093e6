using System.Reflection;
using Autofac;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialJour.Core.Modules;

/// <summary>
/// A module's registration with the host: its Autofac registrations (<see cref="Autofac.Module.Load"/>), the services it
/// needs in the host's service collection (Quartz jobs, options), and its HTTP endpoints. The host finds every module by
/// this type (<see cref="ModuleCatalog"/>) — adding a module means adding its project, not editing lists in the host.
/// </summary>
public abstract class SocialJourModule : Autofac.Module
{
    /// <summary>The module's name (English, as in docs/architecture.md).</summary>
    public abstract string Name { get; }

    /// <summary>Services in the host's collection: Quartz jobs and triggers, options read from the module's configuration section.</summary>
    public virtual void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <summary>The module's HTTP endpoints (under /api), mapped after authentication and authorization.</summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder routes)
    {
    }
}

/// <summary>Finds the modules: every concrete <see cref="SocialJourModule"/> in the SocialJour.Modules.* assemblies beside the host.</summary>
public static class ModuleCatalog
{
    public static IReadOnlyList<SocialJourModule> Discover(string? directory = null)
    {
        directory ??= AppContext.BaseDirectory;
        var modules = new List<SocialJourModule>();
        foreach (var path in Directory.EnumerateFiles(directory, "SocialJour.Modules.*.dll").Order(StringComparer.Ordinal))
        {
            var name = AssemblyName.GetAssemblyName(path);
            var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name))
                ?? Assembly.Load(name);
            modules.AddRange(assembly.GetExportedTypes()
                .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(SocialJourModule).IsAssignableFrom(t))
                .Select(t => (SocialJourModule)Activator.CreateInstance(t)!));
        }

        return modules;
    }
}
