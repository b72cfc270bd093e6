using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Billing;

/// <summary>The Billing module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class BillingDbContext(DbContextOptions<BillingDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "billing";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
}
