using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SocialJour.Core.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Where the modules keep their data. SQLite (embedded default): one file per module in <see cref="DataDirectory"/>.
/// PostgreSQL: one schema per module in the database of <see cref="ConnectionString"/>.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string DataDirectory, string? ConnectionString)
{
    /// <summary>Configures a module's DbContext: its own SQLite file, or its own schema and migrations-history table.</summary>
    public void Configure(DbContextOptionsBuilder builder, string moduleName)
    {
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                Directory.CreateDirectory(DataDirectory);
                var cs = new SqliteConnectionStringBuilder
                {
                    DataSource = Path.Combine(DataDirectory, moduleName.ToLowerInvariant() + ".db"),
                    Pooling = true,
                    DefaultTimeout = 30,
                }.ToString();
                builder.UseSqlite(cs, o => o.MigrationsHistoryTable("__migrations_" + moduleName.ToLowerInvariant()));
                builder.AddInterceptors(SqliteDurability.Instance);
                break;
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(ConnectionString, o => o.MigrationsHistoryTable("__migrations", moduleName.ToLowerInvariant()));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {Provider}");
        }

        // A request's Idempotency-Key is saved with its first write, in the same transaction (ADR 0035).
        builder.AddInterceptors(IdempotencyInterceptor.Instance);

        // Only the migrations of this provider (Migrations/Sqlite or Migrations/PostgreSql beside the context; ADR 0018).
        builder.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, ProviderMigrationsAssembly>();
    }

    /// <summary>The schema a module's tables live in (PostgreSQL); SQLite ignores schemas and uses a file per module.</summary>
    public string? SchemaFor(string moduleName) => Provider == DatabaseProvider.PostgreSql ? moduleName.ToLowerInvariant() : null;
}

/// <summary>WAL with synchronous=FULL: a committed write survives a crash of the process or the machine.</summary>
internal sealed class SqliteDurability : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteDurability Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas(connection);
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas(connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// busy_timeout: a writer that finds another writer's lock waits in SQLite's own handler (1, 2, 5, 10 … ms steps)
    /// instead of Microsoft.Data.Sqlite's fixed 150 ms retry sleep (two writers to core.db: access log and kept answers).
    /// EF opens an existing file read-only to see whether it exists; switching journal mode would be a write there.</summary>
    private static string Pragmas(System.Data.Common.DbConnection connection) =>
        new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly
            ? "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
            : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
}
