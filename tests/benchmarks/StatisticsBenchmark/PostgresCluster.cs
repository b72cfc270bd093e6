using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SocialJour.Benchmarks;

/// <summary>
/// A throwaway PostgreSQL 15 cluster on a loopback port, as the tests' PostgresFixture starts one (initdb + pg_ctl, owned by
/// the postgres user when run as root, fsync off), with memory settings a small server would have; connections pooled, as a
/// host's are. Removed when disposed.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "socialjour-statbench-pg-" + Guid.NewGuid().ToString("N"));
    private int _port;

    public string ConnectionString => $"Host=127.0.0.1;Port={_port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=socialjour;Command Timeout=600";

    public static async Task<PostgresCluster> StartAsync()
    {
        var cluster = new PostgresCluster();
        await cluster.InitializeAsync();
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        await AsPostgres(Tool("pg_ctl"), "-D", _dir, "-m", "immediate", "stop");
        Directory.Delete(_dir, recursive: true);
    }

    private async Task InitializeAsync()
    {
        _port = FreePort();
        Directory.CreateDirectory(_dir);
        if (Environment.UserName == "root")
        {
            await Run("chown", "-R", "postgres", _dir);
        }

        await AsPostgres(Tool("initdb"), "-D", _dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        var port = _port.ToString(CultureInfo.InvariantCulture);
        await AsPostgres(Tool("pg_ctl"), "-D", _dir, "-w", "-l", Path.Combine(_dir, "log"), "-o",
            $"-p {port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_wal_size=8GB", "start");
        await AsPostgres(Tool("createdb"), "-h", "127.0.0.1", "-p", port, "-U", "postgres", "socialjour");
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
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
