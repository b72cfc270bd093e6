using Autofac;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace SocialJour.Core.Persistence;

/// <summary>A module's own database: created at start-up, and asked whether it answers.</summary>
public sealed class ModuleDatabase<TContext>(string moduleName, Func<TContext> contexts) : IModuleDatabase
    where TContext : DbContext
{
    public string ModuleName => moduleName;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        if (!db.Database.IsNpgsql())
        {
            // SQLite: a file per module, so "create if the file has no tables" is per module.
            await db.Database.EnsureCreatedAsync(cancellationToken);

            // EnsureCreated does nothing to a file that already has tables: a file from an older version would fail
            // later, mid-request. Say so now, naming the module and the tables (ADR 0003: migrations come next).
            var existing = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'").ToListAsync(cancellationToken);
            var missing = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Except(existing, StringComparer.OrdinalIgnoreCase).ToList();
            if (missing.Count > 0)
            {
                throw new DatabaseSchemaException(
                    $"Modulen {moduleName}: databasfilen {db.Database.GetDbConnection().DataSource} saknar tabellerna {string.Join(", ", missing)} – den skapades av en äldre version av SocialJour. " +
                    "För demodata: flytta undan datakatalogen och starta igen. För riktiga data: uppgradera med migreringar (docs/operations.md).");
            }

            return;
        }

        // PostgreSQL: all modules share one database (created by the DBA), each in its own schema.
        // EnsureCreated would skip a module as soon as another module has tables, so look at this schema only.
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            throw new InvalidOperationException($"PostgreSQL-databasen i SocialJour:Database:ConnectionString finns inte (modul {moduleName}); skapa den först.");
        }

        var schema = db.Model.GetDefaultSchema() ?? "public";
        var tables = await db.Database
            .SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = {0}", schema)
            .SingleAsync(cancellationToken);
        if (tables == 0 && db.Model.GetEntityTypes().Any())
        {
            await creator.CreateTablesAsync(cancellationToken);
        }
    }

    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await db.Database.CanConnectAsync(cancellationToken);
    }
}

/// <summary>A module's database does not match the code (an older version's file); the message says which tables and what to do.</summary>
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
    }
}
