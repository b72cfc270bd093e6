using Microsoft.EntityFrameworkCore.Design;

namespace SocialJour.Core.Persistence;

/// <summary>For dotnet ef (scripts/add-migration.sh): the core's context on the provider named after <c>--</c> (ADR 0018).</summary>
internal sealed class CoreDesignTimeFactory : IDesignTimeDbContextFactory<CoreDbContext>
{
    public CoreDbContext CreateDbContext(string[] args) => DesignTimeDatabase.Create<CoreDbContext>(args, "core", (o, d) => new CoreDbContext(o, d));
}
