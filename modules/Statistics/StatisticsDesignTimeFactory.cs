using Microsoft.EntityFrameworkCore.Design;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Statistics;

/// <summary>For dotnet ef (scripts/add-migration.sh): the module's context on the provider named after <c>--</c> (ADR 0018).</summary>
internal sealed class StatisticsDesignTimeFactory : IDesignTimeDbContextFactory<StatisticsDbContext>
{
    public StatisticsDbContext CreateDbContext(string[] args) => DesignTimeDatabase.Create<StatisticsDbContext>(args, StatisticsDbContext.ModuleName, (o, d) => new StatisticsDbContext(o, d));
}
