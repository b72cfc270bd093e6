using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Intake;

/// <summary>The Intake module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class IntakeDbContext(DbContextOptions<IntakeDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "intake";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
}

internal sealed class IntakeDatabase(Func<IntakeDbContext> contexts) : IModuleDatabase
{
    public string ModuleName => IntakeDbContext.ModuleName;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }
}

internal sealed class IntakeModule(Func<IntakeDbContext> contexts) : IIntakeModule
{
    public string Name => IntakeDbContext.ModuleName;

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await db.Database.CanConnectAsync(cancellationToken);
    }
}
