using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Intake;

/// <summary>The Intake module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class IntakeDbContext(DbContextOptions<IntakeDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "intake";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
}

internal sealed class IntakeModule(ModuleDatabase<IntakeDbContext> database) : IIntakeModule
{
    public string Name => IntakeDbContext.ModuleName;

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => database.CanConnectAsync(cancellationToken);
}
