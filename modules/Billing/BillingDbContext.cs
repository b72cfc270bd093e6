using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Billing;

/// <summary>The Billing module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class BillingDbContext(DbContextOptions<BillingDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "billing";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
}

internal sealed class BillingDatabase(Func<BillingDbContext> contexts) : IModuleDatabase
{
    public string ModuleName => BillingDbContext.ModuleName;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }
}

internal sealed class BillingModule(Func<BillingDbContext> contexts) : IBillingModule
{
    public string Name => BillingDbContext.ModuleName;

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await db.Database.CanConnectAsync(cancellationToken);
    }
}
