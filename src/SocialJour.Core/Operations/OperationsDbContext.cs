using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Operations;

/// <summary>One host's heartbeat: which configuration version it runs and when it was last seen (ADR 0029).</summary>
internal sealed class HostHeartbeatRow
{
    public string HostId { get; set; } = "";

    /// <summary>SHA-256 (hex) of the jour configuration file text the host runs on.</summary>
    public string ConfigurationHash { get; set; } = "";

    /// <summary>The SocialJour build the host runs (informational version).</summary>
    public string ApplicationVersion { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}

/// <summary>
/// The operations tables (ADR 0029): the hosts' heartbeats and the per-user export count. Its own module database ("operations": <c>operations.db</c>, or the
/// schema <c>operations</c> in the jour's PostgreSQL database), so that operations data never shares migrations with the logs.
/// </summary>
internal sealed class OperationsDbContext(DbContextOptions<OperationsDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "operations";

    public DbSet<HostHeartbeatRow> HostHeartbeats => Set<HostHeartbeatRow>();

    public DbSet<ExportStartRow> ExportStarts => Set<ExportStartRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
        modelBuilder.Entity<HostHeartbeatRow>(e =>
        {
            e.ToTable("host_heartbeats");
            e.HasKey(x => x.HostId);
            e.Property(x => x.HostId).HasMaxLength(200);
            e.Property(x => x.StartedAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.LastSeenAt).HasConversion(InstantConversions.Instant);
            e.HasIndex(x => x.LastSeenAt);
        });
        modelBuilder.Entity<ExportStartRow>(e =>
        {
            e.ToTable("export_starts");
            e.Property(x => x.UserId).HasMaxLength(200);
            e.Property(x => x.StartedAt).HasConversion(InstantConversions.Instant);
            e.HasIndex(x => new { x.UserId, x.StartedAt });
        });
    }
}

/// <summary>For dotnet ef (scripts/add-migration.sh).</summary>
internal sealed class OperationsDesignTimeFactory : IDesignTimeDbContextFactory<OperationsDbContext>
{
    public OperationsDbContext CreateDbContext(string[] args) =>
        DesignTimeDatabase.Create<OperationsDbContext>(args, OperationsDbContext.ModuleName, (o, d) => new OperationsDbContext(o, d));
}
