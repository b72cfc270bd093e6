using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Statistics.Facts;

namespace SocialJour.Modules.Statistics;

/// <summary>
/// The Statistics module's own database (its own SQLite file, or its own schema in PostgreSQL): fact tables written only by
/// the module's event feed (<see cref="Feed.StatisticsProjection"/>) and read by the report. No other module's tables are read.
/// docs/statistics.md says what each table and index is for.
/// </summary>
internal sealed class StatisticsDbContext(DbContextOptions<StatisticsDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "statistics";

    public DbSet<CaseFact> Cases => Set<CaseFact>();

    public DbSet<ContactFact> Contacts => Set<ContactFact>();

    public DbSet<TimeFact> Time => Set<TimeFact>();

    public DbSet<ResponseFact> Responses => Set<ResponseFact>();

    public DbSet<CommissionFact> Commissions => Set<CommissionFact>();

    public DbSet<DeviationFact> Deviations => Set<DeviationFact>();

    public DbSet<LookupFact> Lookups => Set<LookupFact>();

    public DbSet<MonthCount> MonthCounts => Set<MonthCount>();

    public DbSet<YearCount> YearCounts => Set<YearCount>();

    /// <summary>The table's name as SQL needs it: schema-qualified on PostgreSQL.</summary>
    public string Table(string name) => database.SchemaFor(ModuleName) is { } schema ? $"\"{schema}\".\"{name}\"" : $"\"{name}\"";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
        modelBuilder.AddOutbox(); // outbox_messages, outbox_deliveries: the demo seeding and exports are audit-logged (ADR 0019)
        FactModel.Configure(modelBuilder);
    }
}
