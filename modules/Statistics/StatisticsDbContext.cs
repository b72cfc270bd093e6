using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Statistics;

/// <summary>The Statistics module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class StatisticsDbContext(DbContextOptions<StatisticsDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "statistics";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
}

internal sealed class StatisticsDatabase(Func<StatisticsDbContext> contexts) : IModuleDatabase
{
    public string ModuleName => StatisticsDbContext.ModuleName;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }
}

internal sealed class StatisticsModule(Func<StatisticsDbContext> contexts) : IStatisticsModule
{
    public string Name => StatisticsDbContext.ModuleName;

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await db.Database.CanConnectAsync(cancellationToken);
    }
}
