using System.Data.Common;
using System.Reflection;
using Autofac;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace SocialJour.Core.Persistence;

/// <summary>What <c>socialjour migrate</c> (or the start-up) did to one module's database.</summary>
/// <param name="Applied">The migrations applied now, in order.</param>
/// <param name="AdoptedBaseline">The migration recorded as applied to a database created before migrations (ADR 0018), if any.</param>
/// <param name="Latest">The module's newest migration (the database is now at it).</param>
public sealed record MigrationReport(string ModuleName, IReadOnlyList<string> Applied, string? AdoptedBaseline, string? Latest);

/// <summary>Each module registers one; the host migrates (or checks) every module's database at start-up (ADR 0018).</summary>
public interface IModuleDatabase
{
    string ModuleName { get; }

    /// <summary>Applies every pending migration; a database from before migrations is adopted or refused. Then checks every table.</summary>
    Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Changes nothing: refuses (<see cref="DatabaseSchemaException"/>) when a migration is pending or a table is missing.</summary>
    Task VerifyAsync(CancellationToken cancellationToken);

    /// <summary>Whether the module's database answers (the health endpoint asks every registered one).</summary>
    Task<bool> CanConnectAsync(CancellationToken cancellationToken);
}

/// <summary>A module's own database: migrated (or checked) at start-up, and asked whether it answers.</summary>
public sealed class ModuleDatabase<TContext>(string moduleName, Func<TContext> contexts) : IModuleDatabase
    where TContext : DbContext
{
    public string ModuleName => moduleName;

    public Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken) => GuardAsync(async db =>
    {
        await EnsureDatabaseExistsAsync(db, cancellationToken);
        var all = db.Database.GetMigrations().ToList();
        var history = db.GetService<IHistoryRepository>();
        string? adopted = null;
        if (all.Count > 0 && (!await history.ExistsAsync(cancellationToken) || (await history.GetAppliedMigrationsAsync(cancellationToken)).Count == 0))
        {
            adopted = await AdoptAsync(db, history, all[0], cancellationToken);
        }

        RefuseUnmigratedModelChanges(db);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            // Nothing pending: nothing is locked or created, so a runtime role without rights on the schema can start too.
            await db.Database.MigrateAsync(cancellationToken);
        }

        await CheckTablesAsync(db, cancellationToken);
        return new MigrationReport(moduleName, pending, adopted, all.LastOrDefault());
    });

    public Task VerifyAsync(CancellationToken cancellationToken) => GuardAsync(async db =>
    {
        await EnsureDatabaseExistsAsync(db, cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new DatabaseSchemaException(
                $"Modulen {moduleName}: {Where(db)} väntar på {pending.Count} migrering(ar) ({string.Join(", ", pending)}). " +
                "SocialJour:Database:MigrateAtStartup är false, så värden ändrar inte databasen: kör 'socialjour migrate' som databasens ägare först (docs/operations.md).");
        }

        RefuseUnmigratedModelChanges(db);
        await CheckTablesAsync(db, cancellationToken);
        return 0;
    });

    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await db.Database.CanConnectAsync(cancellationToken);
    }

    /// <summary>
    /// A database created by EnsureCreated (before migrations) has the tables but no history. If it has every table and column
    /// of the first migration, record that migration as applied (the later ones then run as usual); if it has none of them,
    /// it is empty and is migrated from the start; otherwise refuse, naming what is missing.
    /// </summary>
    private async Task<string?> AdoptAsync(TContext db, IHistoryRepository history, string baseline, CancellationToken cancellationToken)
    {
        var migrations = db.GetService<IMigrationsAssembly>();
        var initial = migrations.CreateMigration(migrations.Migrations[baseline], db.Database.ProviderName!);
        var required = initial.UpOperations.OfType<CreateTableOperation>()
            .Select(t => (t.Name, Columns: (IReadOnlyList<string>)t.Columns.Select(c => c.Name).ToList())).ToList();
        var existing = await ReadColumnsAsync(db, cancellationToken);
        if (required.Count == 0 || !required.Any(t => existing.ContainsKey(t.Name)))
        {
            return null;
        }

        var problems = Missing(required, existing);
        if (problems is not null)
        {
            throw new DatabaseSchemaException(
                $"Modulen {moduleName}: {Where(db)} saknar {problems} – den skapades av en äldre version av SocialJour och kan inte tas över av migreringarna. " +
                "För demodata: flytta undan datakatalogen (mv data data.old) och starta igen. För riktiga data: se uppgraderingen i docs/operations.md.");
        }

        var version = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "10.0";
        // EF's own scripts for this history table (no user input in them).
        var adopt = history.GetCreateIfNotExistsScript() + history.GetInsertScript(new HistoryRow(baseline, version));
        await db.Database.ExecuteSqlRawAsync(adopt, cancellationToken);
        return baseline;
    }

    /// <summary>Every table and column of the model must be there, whatever the history says (a dropped table fails here, not mid-request).</summary>
    private async Task CheckTablesAsync(TContext db, CancellationToken cancellationToken)
    {
        var required = db.Model.GetRelationalModel().Tables
            .Select(t => (t.Name, Columns: (IReadOnlyList<string>)t.Columns.Select(c => c.Name).ToList())).ToList();
        if (required.Count == 0)
        {
            return;
        }

        if (Missing(required, await ReadColumnsAsync(db, cancellationToken)) is { } problems)
        {
            throw new DatabaseSchemaException(
                $"Modulen {moduleName}: {Where(db)} saknar {problems} fast migreringshistoriken säger att de finns – databasen har ändrats utanför SocialJour " +
                "eller kommer från en äldre version. Återställ från säkerhetskopia; för demodata: flytta undan datakatalogen och starta igen (docs/operations.md).");
        }
    }

    private static string? Missing(IReadOnlyList<(string Name, IReadOnlyList<string> Columns)> required, Dictionary<string, HashSet<string>> existing)
    {
        var tables = required.Where(t => !existing.ContainsKey(t.Name)).Select(t => t.Name).ToList();
        var columns = required.Where(t => existing.ContainsKey(t.Name))
            .SelectMany(t => t.Columns.Where(c => !existing[t.Name].Contains(c)).Select(c => $"{t.Name}.{c}")).ToList();
        var parts = new List<string>();
        if (tables.Count > 0)
        {
            parts.Add($"tabellerna {string.Join(", ", tables)}");
        }

        if (columns.Count > 0)
        {
            parts.Add($"kolumnerna {string.Join(", ", columns)}");
        }

        return parts.Count == 0 ? null : string.Join(" och ", parts);
    }

    /// <summary>The module's tables and their columns as the database has them (pg_catalog: also tables the user has no rights on).</summary>
    private static async Task<Dictionary<string, HashSet<string>>> ReadColumnsAsync(TContext db, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var cmd = connection.CreateCommand();
            if (db.Database.IsNpgsql())
            {
                cmd.CommandText = """
                    SELECT c.relname, a.attname FROM pg_catalog.pg_class c
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                    WHERE n.nspname = @schema AND c.relkind IN ('r', 'p')
                    """;
                var p = cmd.CreateParameter();
                p.ParameterName = "schema";
                p.Value = db.Model.GetDefaultSchema() ?? "public";
                cmd.Parameters.Add(p);
            }
            else
            {
                cmd.CommandText = "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'";
            }

            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var table = reader.GetString(0);
                if (!result.TryGetValue(table, out var columns))
                {
                    result[table] = columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                columns.Add(reader.GetString(1));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
    }

    private void RefuseUnmigratedModelChanges(TContext db)
    {
        if (db.Database.HasPendingModelChanges())
        {
            throw new DatabaseSchemaException(
                $"Modulen {moduleName}: datamodellen har ändringar som saknar migrering för {db.Database.ProviderName}. " +
                "Det är ett fel i den här versionen av SocialJour (utvecklare: kör scripts/add-migration.sh <Namn>); databasen har inte ändrats.");
        }
    }

    private async Task EnsureDatabaseExistsAsync(TContext db, CancellationToken cancellationToken)
    {
        // PostgreSQL: all modules share one database, created by the DBA (docs/operations.md). SQLite: the file is created.
        if (db.Database.IsNpgsql() && !await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
        {
            var cs = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
            throw new DatabaseSchemaException(
                $"PostgreSQL-databasen {cs.Database} på {cs.Host} finns inte (modul {moduleName}). Databasadministratören skapar den först (docs/operations.md); SocialJour skapar inga databaser.");
        }
    }

    private static string Where(TContext db)
    {
        if (db.Database.IsNpgsql())
        {
            var cs = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
            return $"schemat {db.Model.GetDefaultSchema()} i PostgreSQL-databasen {cs.Database} på {cs.Host}";
        }

        return $"databasfilen {new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource}";
    }

    /// <summary>Every failure to reach or change the database becomes one Swedish sentence naming the module (never a password, never a stack trace).</summary>
    private async Task<T> GuardAsync<T>(Func<TContext, Task<T>> work)
    {
        TContext db;
        try
        {
            db = contexts();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseSchemaException($"Modulen {moduleName}: datakatalogen kan inte skapas eller skrivas ({e.Message}). Kontrollera SocialJour:Database:DataDirectory och tjänstens rättigheter.");
        }

        await using (db)
        {
            try
            {
                return await work(db);
            }
            catch (Exception e) when (e is not DatabaseSchemaException && Explain(e, db) is { } message)
            {
                throw new DatabaseSchemaException(message);
            }
        }
    }

    private string? Explain(Exception e, TContext db)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case PostgresException pg:
                {
                    var cs = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
                    return pg.SqlState switch
                    {
                        "3D000" => $"PostgreSQL-databasen {cs.Database} på {cs.Host} finns inte (modul {moduleName}). Databasadministratören skapar den först (docs/operations.md).",
                        "28P01" or "28000" => $"PostgreSQL på {cs.Host} nekade inloggning för användaren {cs.Username} (modul {moduleName}): fel lösenord, okänd användare eller ingen rätt att logga in. Kontrollera SocialJour:Database:ConnectionString.",
                        "42501" => $"Användaren {cs.Username} saknar behörighet i PostgreSQL-databasen {cs.Database} (modul {moduleName}): {pg.MessageText}. " +
                            "Kör 'socialjour migrate' som databasens ägare och ge körrollen rättigheterna i docs/sql/runtime-role.sql, eller ge användaren rätt att skapa i schemat (docs/operations.md).",
                        _ => $"PostgreSQL svarade med fel {pg.SqlState} för modul {moduleName}: {pg.MessageText}",
                    };
                }

                case NpgsqlException:
                {
                    var cs = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
                    return $"Kan inte ansluta till PostgreSQL på {cs.Host}:{cs.Port} (modul {moduleName}): {x.Message}. Kontrollera att servern är igång och SocialJour:Database:ConnectionString.";
                }

                case SqliteException sqlite:
                    return $"Modulen {moduleName}: {Where(db)} kan inte öppnas eller skrivas (SQLite-fel {sqlite.SqliteErrorCode}: {sqlite.Message}). Kontrollera att filen och mappen är skrivbara för tjänsten.";

                case IOException or UnauthorizedAccessException:
                    return $"Modulen {moduleName}: datakatalogen kan inte skapas eller skrivas ({x.Message}). Kontrollera SocialJour:Database:DataDirectory och tjänstens rättigheter.";
            }
        }

        return null;
    }
}

/// <summary>A module's database cannot be used as it is (missing, unreachable, no rights, an older version's tables, migrations pending); the message says which module and what to do.</summary>
public sealed class DatabaseSchemaException(string message) : Exception(message);

public static class ModuleDatabaseRegistration
{
    /// <summary>
    /// Registers a module's DbContext on its own SQLite file or PostgreSQL schema (ADR 0003), a new context per
    /// resolve (use <c>Func&lt;TContext&gt;</c> and dispose), and its <see cref="ModuleDatabase{TContext}"/>.
    /// </summary>
    public static void RegisterModuleDatabase<TContext>(this ContainerBuilder builder, string moduleName)
        where TContext : DbContext
    {
        builder.Register(c =>
            {
                var b = new DbContextOptionsBuilder<TContext>();
                c.Resolve<DatabaseOptions>().Configure(b, moduleName);
                return b.Options;
            }).SingleInstance();
        // ExternallyOwned: every caller disposes its context (await using). Without it Autofac keeps a reference to each
        // context resolved from the root scope until the container is disposed: memory grew with every request (issue 11.2).
        builder.RegisterType<TContext>().InstancePerDependency().ExternallyOwned();
        builder.Register(c => new ModuleDatabase<TContext>(moduleName, c.Resolve<Func<TContext>>()))
            .AsSelf().As<IModuleDatabase>().SingleInstance();
        // Its Idempotency-Key rows (ADR 0035); a database without idempotent_requests answers that it has none.
        builder.Register(c => new IdempotencyStore<TContext>(c.Resolve<Func<TContext>>())).As<IIdempotencyStore>().SingleInstance();
    }
}
