using Autofac;
using SocialJour.Core.Plugins;

namespace SocialJour.Tests;

public sealed class PluginLoadingTests
{
    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from))
        {
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
    }

    /// <summary>Every installed plugin (a configuration naming an adapter no plugin folder has is rejected), in a folder of the test's own.</summary>
    private static string CopyAllPlugins(TempDir dir)
    {
        var plugins = dir.File("plugins");
        foreach (var folder in Directory.GetDirectories(TestPaths.Plugins))
        {
            CopyDirectory(folder, Path.Combine(plugins, Path.GetFileName(folder)));
        }

        return plugins;
    }

    [Fact]
    public void The_Lifecare_plugin_loads_in_its_own_load_context_sharing_the_contract()
    {
        using var dir = new TempDir();
        using var container = CoreHarness.Build(DemoConfig.CopyTo(dir), dir.File("data"));

        var catalog = container.Resolve<IPluginCatalog>();
        var factory = catalog.Find("Lifecare");

        Assert.NotNull(factory);
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(factory.GetType().Assembly);
        Assert.Equal("plugin:Lifecare", context!.Name);
        Assert.Same(typeof(SocialJour.Adapters.Contract.IJournalAdapter).Assembly,
            factory.GetType().GetInterfaces().Single(i => i.Name == "IJournalAdapterFactory").Assembly);
    }

    [Fact]
    public void An_incompatible_plugin_is_not_loaded_and_says_why_and_its_municipalities_are_disabled()
    {
        using var dir = new TempDir();
        var plugins = CopyAllPlugins(dir);
        File.WriteAllText(Path.Combine(plugins, "Lifecare", "plugin.json"), "{\"Name\":\"Lifecare\",\"ContractVersion\":\"2.0\",\"Assembly\":\"SocialJour.Adapters.Lifecare.dll\"}");
        using var container = CoreHarness.Build(DemoConfig.CopyTo(dir), dir.File("data"), plugins);

        var info = Assert.Single(container.Resolve<IPluginCatalog>().Plugins, p => p.Name == "Lifecare");
        var solna = container.Resolve<IJournalSources>().Get("0184")!;

        Assert.False(info.Loaded);
        Assert.Contains("2.0", info.Error, StringComparison.Ordinal);
        Assert.False(solna.Enabled);
        Assert.Contains("kontraktsversion 2.0", solna.DisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_plugin_folder_does_not_stop_the_others()
    {
        using var dir = new TempDir();
        var plugins = CopyAllPlugins(dir);
        Directory.Delete(Path.Combine(plugins, "Procapita"), recursive: true);
        Directory.CreateDirectory(Path.Combine(plugins, "Procapita"));
        File.WriteAllText(Path.Combine(plugins, "Procapita", "plugin.json"), "{\"Name\":\"Procapita\",\"ContractVersion\":\"1.0\",\"Assembly\":\"SocialJour.Adapters.Procapita.dll\"}");
        using var container = CoreHarness.Build(DemoConfig.CopyTo(dir), dir.File("data"), plugins);

        var sources = container.Resolve<IJournalSources>();

        Assert.True(sources.Get("0191")!.Enabled);
        Assert.False(sources.Get("0163")!.Enabled);
        Assert.Contains("saknas i mappen", sources.Get("0163")!.DisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_municipality_gets_its_own_adapter_instance()
    {
        using var dir = new TempDir();
        using var container = CoreHarness.Build(DemoConfig.CopyTo(dir), dir.File("data"));
        var sources = container.Resolve<IJournalSources>();

        Assert.NotSame(sources.Get("0191")!.Adapter, sources.Get("0184")!.Adapter);
    }
}
