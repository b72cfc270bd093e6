using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Autofac;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Persistence;

namespace SocialJour.Cli;

/// <summary>
/// <c>socialjour backup --out MAPP</c> and <c>socialjour restore --from MAPP</c> (ADR 0029). SQLite: every module database of
/// the data folder copied online with <c>VACUUM INTO</c> (a consistent copy while the host runs); PostgreSQL: <c>pg_dump</c>
/// of the whole database (every module's schema) in custom format, restored with <c>pg_restore --clean</c>. The connection
/// is read from <c>SocialJour__Database__ConnectionString</c> and handed to the tools in their environment, never on the
/// command line. A manifest with each file's SHA-256 is checked before anything is restored. The published tree heads are
/// not part of a backup: they are the copies outside the database a restore is checked against.
/// Kept in its own file, in the command line's current style, for the System.CommandLine rewrite to take over.
/// </summary>
internal static class Backup
{
    public const string ManifestName = "socialjour-backup.json";
    private const string DumpName = "socialjour.dump";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private sealed record BackupFile(string Name, long Bytes, string Sha256);

    private sealed record Manifest(string Format, DateTimeOffset CreatedAt, string Provider, IReadOnlyList<BackupFile> Files);

    public static async Task<int> BackupAsync(CoreOptions core, IReadOnlyDictionary<string, string> options, TextWriter output, TextWriter error)
    {
        if (!options.TryGetValue("--out", out var outText))
        {
            error.WriteLine("Ange mappen säkerhetskopian ska skrivas till: socialjour backup --out /var/backups/socialjour/2026-11-24");
            return 2;
        }

        if (await DataFolder.ProblemAsync(core) is { } missing)
        {
            error.WriteLine(missing); // nothing to back up: an empty or wrong data folder is not copied as if it were the jour's
            return 2;
        }

        var target = Path.GetFullPath(outText);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            error.WriteLine($"Mappen {target} är inte tom; en säkerhetskopia skrivs aldrig över en annan. Ange en ny mapp.");
            return 2;
        }

        Directory.CreateDirectory(target);
        var files = new List<BackupFile>();
        if (core.Database.Provider == DatabaseProvider.Sqlite)
        {
            var source = core.Database.DataDirectory;
            var databases = Directory.Exists(source) ? Directory.GetFiles(source, "*.db").Order(StringComparer.Ordinal).ToList() : [];
            if (!databases.Any(d => Path.GetFileName(d) == "core.db"))
            {
                error.WriteLine($"Mappen {source} innehåller inga SocialJour-data (core.db saknas). Ange rätt mapp med --data; inget har kopierats.");
                return 2;
            }

            foreach (var database in databases)
            {
                var copy = Path.Combine(target, Path.GetFileName(database));
                await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
                {
                    await connection.OpenAsync();
                    await using var cmd = connection.CreateCommand();
                    cmd.CommandText = "VACUUM INTO $target"; // one consistent snapshot, also while the host writes
                    cmd.Parameters.AddWithValue("$target", copy);
                    await cmd.ExecuteNonQueryAsync();
                }

                files.Add(Describe(copy));
                output.WriteLine($"  {Path.GetFileName(database),-16} {new FileInfo(copy).Length / 1024,8} kB");
            }
        }
        else
        {
            var dump = Path.Combine(target, DumpName);
            var (code, text) = await PgToolAsync("pg_dump", core.Database.ConnectionString!, ["--format=custom", "--no-password", "--file", dump]);
            if (code != 0)
            {
                error.WriteLine($"pg_dump misslyckades (kod {code}): {text.Trim()}");
                return 1;
            }

            files.Add(Describe(dump));
            output.WriteLine($"  {DumpName,-16} {new FileInfo(dump).Length / 1024,8} kB");
        }

        var manifest = new Manifest("socialjour/backup/v1", DateTimeOffset.UtcNow, core.Database.Provider.ToString(), files);
        await File.WriteAllTextAsync(Path.Combine(target, ManifestName), JsonSerializer.Serialize(manifest, Json));
        output.WriteLine($"Säkerhetskopian är skriven till {target} ({files.Count} filer, kontrollsummor i {ManifestName}).");
        return 0;
    }

    public static async Task<int> RestoreAsync(CoreOptions core, IReadOnlyDictionary<string, string> options, TextWriter output, TextWriter error)
    {
        if (!options.TryGetValue("--from", out var fromText))
        {
            error.WriteLine("Ange säkerhetskopians mapp: socialjour restore --from /var/backups/socialjour/2026-11-24 (stoppa alla värdar först)");
            return 2;
        }

        var source = Path.GetFullPath(fromText);
        var manifestPath = Path.Combine(source, ManifestName);
        if (!File.Exists(manifestPath))
        {
            error.WriteLine($"{source} är ingen säkerhetskopia från socialjour backup ({ManifestName} saknas); inget har återställts.");
            return 2;
        }

        var manifest = JsonSerializer.Deserialize<Manifest>(await File.ReadAllTextAsync(manifestPath), Json)!;
        if (!string.Equals(manifest.Provider, core.Database.Provider.ToString(), StringComparison.Ordinal))
        {
            error.WriteLine($"Säkerhetskopian är tagen från {manifest.Provider}, men --provider är {core.Database.Provider}; inget har återställts.");
            return 2;
        }

        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(source, file.Name);
            if (!File.Exists(path) || Describe(path).Sha256 != file.Sha256)
            {
                error.WriteLine($"Filen {file.Name} i säkerhetskopian saknas eller stämmer inte med sin kontrollsumma; inget har återställts.");
                return 1;
            }
        }

        if (await RunningHostsAsync(core) is { Count: > 0 } running)
        {
            error.WriteLine($"Värdar kör fortfarande mot databasen ({string.Join(", ", running)} hördes av för mindre än en minut sedan). Stoppa alla värdar först; inget har återställts.");
            return 2;
        }

        if (core.Database.Provider == DatabaseProvider.Sqlite)
        {
            var data = core.Database.DataDirectory;
            Directory.CreateDirectory(data);

            // What was there is moved aside, never deleted: the lost tail of the logs may be needed for the incident report.
            var aside = Path.Combine(data, $"fore-aterstallning-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}");
            foreach (var existing in Directory.GetFiles(data).Where(f => f.EndsWith(".db", StringComparison.Ordinal) || f.EndsWith(".db-wal", StringComparison.Ordinal) || f.EndsWith(".db-shm", StringComparison.Ordinal)))
            {
                Directory.CreateDirectory(aside);
                File.Move(existing, Path.Combine(aside, Path.GetFileName(existing)));
            }

            foreach (var file in manifest.Files)
            {
                File.Copy(Path.Combine(source, file.Name), Path.Combine(data, file.Name));
            }

            output.WriteLine($"Återställt {manifest.Files.Count} databasfiler från {source} (tagen {manifest.CreatedAt:yyyy-MM-dd HH:mm} UTC) till {data}." +
                (Directory.Exists(aside) ? $" De tidigare filerna ligger i {aside}." : ""));
        }
        else
        {
            var (code, text) = await PgToolAsync("pg_restore", core.Database.ConnectionString!, ["--clean", "--if-exists", "--single-transaction", "--no-password", Path.Combine(source, DumpName)]);
            if (code != 0)
            {
                error.WriteLine($"pg_restore misslyckades (kod {code}); databasen är oförändrad (en transaktion): {text.Trim()}");
                return 1;
            }

            output.WriteLine($"Återställt PostgreSQL-databasen från {source} (tagen {manifest.CreatedAt:yyyy-MM-dd HH:mm} UTC). Kör docs/sql/runtime-role.sql igen som ägare.");
        }

        // The logs against every head issued and published since: a restored log shorter than a published head is named here.
        return await VerifyAfterRestoreAsync(core, options, output);
    }

    private static async Task<int> VerifyAfterRestoreAsync(CoreOptions core, IReadOnlyDictionary<string, string> options, TextWriter output)
    {
        var keyPath = options.GetValueOrDefault("--key") ?? (File.Exists(AuditVerify.DefaultKey) ? AuditVerify.DefaultKey : null);
        var published = options.GetValueOrDefault("--published") ?? (core.Database.Provider == DatabaseProvider.Sqlite ? Path.Combine(core.Database.DataDirectory, "published") : null);
        var pem = keyPath is not null && File.Exists(keyPath) ? await File.ReadAllTextAsync(keyPath) : null;
        await using var container = CliContainer.Build(core with { Transparency = new TransparencyOptions(pem, published) }, LogLevel.Critical);
        await CoreStartup.InitializeDatabasesAsync(container, CancellationToken.None);
        var checks = await container.Resolve<IChainVerifier>().VerifyAllAsync(CancellationToken.None);
        foreach (var v in checks)
        {
            output.WriteLine(v.Intact
                ? $"{TransparencyLogs.SwedishName(v.Chain)} är obruten ({v.EntriesChecked} poster)."
                : $"{TransparencyLogs.SwedishName(v.Chain)}: {v.Problem}.");
        }

        if (checks.All(c => c.Intact))
        {
            return 0;
        }

        output.WriteLine("Den återställda loggen är kortare än ett trädhuvud som redan har publicerats: posterna efter säkerhetskopian har gått förlorade. " +
            "Inga nya trädhuvuden signeras förrän det är utrett. Följ 'Backup and restore' i docs/operations.md (underrätta kommunerna).");
        return 1;
    }

    /// <summary>Hosts whose heartbeat (ADR 0029) is less than a minute old: a restore under a running host would be overwritten or lost.</summary>
    private static async Task<List<string>> RunningHostsAsync(CoreOptions core)
    {
        var since = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        var hosts = new List<string>();
        try
        {
            System.Data.Common.DbConnection connection;
            string sql;
            if (core.Database.Provider == DatabaseProvider.Sqlite)
            {
                var file = Path.Combine(core.Database.DataDirectory, "operations.db");
                if (!File.Exists(file))
                {
                    return hosts;
                }

                connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                sql = "SELECT HostId FROM host_heartbeats WHERE LastSeenAt > @since";
            }
            else
            {
                connection = new NpgsqlConnection(core.Database.ConnectionString);
                sql = "SELECT \"HostId\" FROM operations.host_heartbeats WHERE \"LastSeenAt\" > @since";
            }

            await using (connection)
            {
                await connection.OpenAsync();
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = sql;
                var p = cmd.CreateParameter();
                p.ParameterName = "since";
                p.Value = since;
                cmd.Parameters.Add(p);
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    hosts.Add(reader.GetString(0));
                }
            }
        }
        catch (System.Data.Common.DbException)
        {
            // No heartbeat table (a database from before it, or an empty one): nothing to say.
        }

        return hosts;
    }

    private static BackupFile Describe(string path)
    {
        using var stream = File.OpenRead(path);
        return new BackupFile(Path.GetFileName(path), stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    /// <summary>Runs pg_dump/pg_restore with the connection in PG* environment variables (the password never on the command line).</summary>
    private static async Task<(int Code, string Output)> PgToolAsync(string tool, string connectionString, IEnumerable<string> arguments)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        if (tool == "pg_restore")
        {
            start.ArgumentList.Insert(0, "--dbname=" + (cs.Database ?? ""));
        }

        start.Environment["PGHOST"] = cs.Host ?? "";
        start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = cs.Database ?? "";
        start.Environment["PGUSER"] = cs.Username ?? "";
        if (!string.IsNullOrEmpty(cs.Password))
        {
            start.Environment["PGPASSWORD"] = cs.Password;
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (127, $"{tool} finns inte på maskinen (Debian/Ubuntu: apt-get install postgresql-client)");
        }
    }
}
