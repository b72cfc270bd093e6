using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Statistics;

/// <summary>The Statistics module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class StatisticsDbContext(DbContextOptions<StatisticsDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "statistics";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
}

internal sealed class StatisticsModule(ModuleDatabase<StatisticsDbContext> database) : IStatisticsModule
{
    public string Name => StatisticsDbContext.ModuleName;

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => database.CanConnectAsync(cancellationToken);
}
