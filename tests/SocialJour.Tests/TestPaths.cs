namespace SocialJour.Tests;

/// <summary>Where the repository, the shared reference data and the built plugins are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>A contact registration that waits for the register's answer however busy the machine is (production waits 1 s).</summary>
    internal static SocialJour.Modules.Intake.Identity.RegisterCheckWait PatientRegisterWait { get; } = new(TimeSpan.FromSeconds(30));

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Plugins => Path.Combine(RepoRoot, "artifacts", "plugins");

    public static string DemoConfig => Path.Combine(RepoRoot, "config", "demo", "jour.json");

    /// <summary>The demo's tree-head signing key (ADR 0013).</summary>
    public static string DemoSigningKey => Path.Combine(RepoRoot, "config", "demo", "secrets", "transparency-signing.pem");

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SocialJour.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SocialJour.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "socialjour-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; the OS temp cleaner takes it.
        }
    }
}

/// <summary>A clock the test sets.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
