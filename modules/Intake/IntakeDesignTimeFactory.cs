using Microsoft.EntityFrameworkCore.Design;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Intake;

/// <summary>For dotnet ef (scripts/add-migration.sh): the module's context on the provider named after <c>--</c> (ADR 0018).</summary>
internal sealed class IntakeDesignTimeFactory : IDesignTimeDbContextFactory<IntakeDbContext>
{
    public IntakeDbContext CreateDbContext(string[] args) => DesignTimeDatabase.Create<IntakeDbContext>(args, IntakeDbContext.ModuleName, (o, d) => new IntakeDbContext(o, d));
}
