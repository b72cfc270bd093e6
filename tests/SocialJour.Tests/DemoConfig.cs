namespace SocialJour.Tests;

internal static class DemoConfig
{
    /// <summary>Copies the demo configuration and its secret files to <paramref name="dir"/>, optionally re-pointed and edited.</summary>
    public static string CopyTo(TempDir dir, Uri? simulator = null, Func<string, string>? edit = null, Uri? simulatorHttps = null)
    {
        var json = File.ReadAllText(TestPaths.DemoConfig);
        if (simulator is not null)
        {
            json = json.Replace("http://127.0.0.1:5080/", simulator.ToString(), StringComparison.Ordinal);
        }

        if (simulatorHttps is not null)
        {
            json = json.Replace("https://127.0.0.1:5443/", simulatorHttps.ToString(), StringComparison.Ordinal);
        }

        if (edit is not null)
        {
            json = edit(json);
        }

        var secrets = Path.Combine(dir.Path, "secrets");
        Directory.CreateDirectory(secrets);
        foreach (var f in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "config", "demo", "secrets")))
        {
            File.Copy(f, Path.Combine(secrets, Path.GetFileName(f)), overwrite: true);
        }

        var path = dir.File("jour.json");
        File.WriteAllText(path, json);
        return path;
    }
}
