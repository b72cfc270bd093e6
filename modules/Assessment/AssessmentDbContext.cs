using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Assessment;

/// <summary>The Assessment module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class AssessmentDbContext(DbContextOptions<AssessmentDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "assessment";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
}

internal sealed class AssessmentDatabase(Func<AssessmentDbContext> contexts) : IModuleDatabase
{
    public string ModuleName => AssessmentDbContext.ModuleName;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }
}

internal sealed class AssessmentModule(Func<AssessmentDbContext> contexts) : IAssessmentModule
{
    public string Name => AssessmentDbContext.ModuleName;

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await db.Database.CanConnectAsync(cancellationToken);
    }
}
