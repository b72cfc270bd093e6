using Autofac;
using Microsoft.EntityFrameworkCore;

namespace SocialJour.Core.Persistence;

/// <summary>A module's own database: created at start-up, and asked whether it answers.</summary>
public sealed class ModuleDatabase<TContext>(string moduleName, Func<TContext> contexts) : IModuleDatabase
    where TContext : DbContext
{
    public string ModuleName => moduleName;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }

    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await db.Database.CanConnectAsync(cancellationToken);
    }
}

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
        builder.RegisterType<TContext>().InstancePerDependency();
        builder.Register(c => new ModuleDatabase<TContext>(moduleName, c.Resolve<Func<TContext>>()))
            .AsSelf().As<IModuleDatabase>().SingleInstance();
    }
}
