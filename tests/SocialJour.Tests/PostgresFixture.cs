using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SocialJour.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster (the machine's PostgreSQL 15: initdb + pg_ctl) on a loopback port,
/// owned by the postgres user when the tests run as root (PostgreSQL refuses to run as root).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "socialjour-pg-" + Guid.NewGuid().ToString("N"));
    private int _port;

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=socialjour;Pooling=false";

    public async Task InitializeAsync()
    {
        _port = HostProcesses.FreePort();
        Directory.CreateDirectory(_dir);
        if (Environment.UserName == "root")
        {
            await Run("chown", "-R", "postgres", _dir);
        }

        await AsPostgres(Tool("initdb"), "-D", _dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        await StartAsync();
        await AsPostgres(Tool("createdb"), "-h", "127.0.0.1", "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "socialjour");
    }

    /// <summary>Starts the (stopped) server and waits until it accepts connections.</summary>
    public Task StartAsync() =>
        AsPostgres(Tool("pg_ctl"), "-D", _dir, "-w", "-l", Path.Combine(_dir, "log"), "-o", $"-p {_port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");

    /// <summary>Stops the server as an administrator would for maintenance (fast: open transactions are rolled back, connections closed).</summary>
    public Task StopAsync() => AsPostgres(Tool("pg_ctl"), "-D", _dir, "-w", "-m", "fast", "stop");

    /// <summary><c>pg_ctl restart -m fast</c>: every connection is closed, the server is back within a second or so.</summary>
    public Task RestartAsync() =>
        AsPostgres(Tool("pg_ctl"), "-D", _dir, "-w", "-m", "fast", "-l", Path.Combine(_dir, "log"), "-o", $"-p {_port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off", "restart");

    /// <summary>From now on <paramref name="user"/> must give its password (the cluster trusts everyone else, as before).</summary>
    public async Task RequirePasswordForAsync(string user)
    {
        var hba = Path.Combine(_dir, "pg_hba.conf");
        await File.WriteAllTextAsync(hba, $"host all {user} 127.0.0.1/32 scram-sha-256\n" + await File.ReadAllTextAsync(hba));
        await AsPostgres(Tool("pg_ctl"), "-D", _dir, "reload");
        await Task.Delay(500); // the postmaster re-reads pg_hba.conf on the signal
    }

    public async Task DisposeAsync()
    {
        await AsPostgres(Tool("pg_ctl"), "-D", _dir, "-m", "immediate", "stop");
        Directory.Delete(_dir, recursive: true);
    }

    private static string Tool(string name)
    {
        var debian = Path.Combine("/usr/lib/postgresql/15/bin", name);
        return File.Exists(debian) ? debian : name;
    }

    private static Task AsPostgres(string tool, params string[] args) =>
        Environment.UserName == "root" ? Run("runuser", ["-u", "postgres", "--", tool, .. args]) : Run(tool, args);

    private static async Task Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a stuck tool fails the test, naming itself, instead of hanging the run
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within 2 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
        }
    }
}
