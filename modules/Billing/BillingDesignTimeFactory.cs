using Microsoft.EntityFrameworkCore.Design;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Billing;

/// <summary>For dotnet ef (scripts/add-migration.sh): the module's context on the provider named after <c>--</c> (ADR 0018).</summary>
internal sealed class BillingDesignTimeFactory : IDesignTimeDbContextFactory<BillingDbContext>
{
    public BillingDbContext CreateDbContext(string[] args) => DesignTimeDatabase.Create<BillingDbContext>(args, BillingDbContext.ModuleName, (o, d) => new BillingDbContext(o, d));
}
