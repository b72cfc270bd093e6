using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Assessment;

/// <summary>The Assessment module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class AssessmentDbContext(DbContextOptions<AssessmentDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "assessment";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
}

internal sealed class AssessmentModule(ModuleDatabase<AssessmentDbContext> database) : IAssessmentModule
{
    public string Name => AssessmentDbContext.ModuleName;

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => database.CanConnectAsync(cancellationToken);
}
