using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SocialJour.Core.Persistence;

/// <summary>
/// A module's migrations for the provider in use (ADR 0018). EF migrations are provider-specific, so each DbContext has two
/// sets beside it: <c>Migrations/Sqlite</c> and <c>Migrations/PostgreSql</c> (namespaces ending in <c>.Migrations.Sqlite</c> and
/// <c>.Migrations.PostgreSql</c>), both attributed to the one context type the rest of the code uses. EF's own
/// migrations assembly would see both sets; this one sees only the set of the active provider.
/// </summary>
internal sealed class ProviderMigrationsAssembly(ICurrentDbContext currentContext) : IMigrationsAssembly
{
    private readonly Lazy<(IReadOnlyDictionary<string, TypeInfo> Migrations, ModelSnapshot? Snapshot)> _found = new(() => Find(currentContext.Context));

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _found.Value.Migrations;

    public ModelSnapshot? ModelSnapshot => _found.Value.Snapshot;

    public Assembly Assembly => currentContext.Context.GetType().Assembly;

    /// <summary>The folder (and namespace suffix) of the provider's migrations.</summary>
    public static string FolderFor(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSql ? "PostgreSql" : "Sqlite";

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            || (id.Length > 15 && string.Equals(id[15..], nameOrId, StringComparison.OrdinalIgnoreCase)));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private static (IReadOnlyDictionary<string, TypeInfo>, ModelSnapshot?) Find(DbContext context)
    {
        var contextType = context.GetType();
        var suffix = ".Migrations." + FolderFor(context.Database.IsNpgsql() ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite);
        var types = contextType.Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && (t.Namespace?.EndsWith(suffix, StringComparison.Ordinal) ?? false)
                && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType)
            .ToList();
        var migrations = types
            .Where(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<MigrationAttribute>() is not null)
            .Select(t => (Id: t.GetCustomAttribute<MigrationAttribute>()!.Id, Type: t.GetTypeInfo()))
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToDictionary(m => m.Id, m => m.Type);
        var snapshot = types.Where(t => t.IsSubclassOf(typeof(ModelSnapshot))).Select(t => (ModelSnapshot)Activator.CreateInstance(t)!).SingleOrDefault();
        return (migrations, snapshot);
    }
}

/// <summary>
/// Design-time (dotnet ef) construction of a module's context for one provider, chosen by the arguments after <c>--</c>:
/// <c>--provider Sqlite</c> (default) or <c>--provider PostgreSql</c>. Nothing is connected to: migrations are computed from the model.
/// </summary>
public static class DesignTimeDatabase
{
    public static TContext Create<TContext>(string[] args, string moduleName, Func<DbContextOptions<TContext>, DatabaseOptions, TContext> create)
        where TContext : DbContext
    {
        var i = Array.IndexOf(args, "--provider");
        var provider = i >= 0 && i + 1 < args.Length && args[i + 1].Equals("PostgreSql", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.PostgreSql
            : DatabaseProvider.Sqlite;
        var database = new DatabaseOptions(provider, Path.Combine(Path.GetTempPath(), "socialjour-design"), "Host=localhost;Database=socialjour_design");
        var builder = new DbContextOptionsBuilder<TContext>();
        database.Configure(builder, moduleName);
        return create(builder.Options, database);
    }
}
