using Microsoft.EntityFrameworkCore.Design;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Assessment;

/// <summary>For dotnet ef (scripts/add-migration.sh): the module's context on the provider named after <c>--</c> (ADR 0018).</summary>
internal sealed class AssessmentDesignTimeFactory : IDesignTimeDbContextFactory<AssessmentDbContext>
{
    public AssessmentDbContext CreateDbContext(string[] args) => DesignTimeDatabase.Create<AssessmentDbContext>(args, AssessmentDbContext.ModuleName, (o, d) => new AssessmentDbContext(o, d));
}
