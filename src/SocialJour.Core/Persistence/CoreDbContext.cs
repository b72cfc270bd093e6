using Microsoft.EntityFrameworkCore;

namespace SocialJour.Core.Persistence;

internal sealed class AuditEntry
{
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public string Actor { get; set; } = "";

    public string Action { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Details { get; set; } = "";

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}

internal sealed class AdapterCheck
{
    public long Id { get; set; }

    public string MunicipalityCode { get; set; } = "";

    public DateTimeOffset CheckedAt { get; set; }

    public string Status { get; set; } = "";

    public int LatencyMs { get; set; }

    public string? Error { get; set; }
}

/// <summary>The core's own tables: the audit chain and the adapter-check history.</summary>
internal sealed class CoreDbContext(DbContextOptions<CoreDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AdapterCheck> AdapterChecks => Set<AdapterCheck>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(database.SchemaFor("core"));
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.Property(x => x.At).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });
        modelBuilder.Entity<AdapterCheck>(e =>
        {
            e.ToTable("adapter_checks");
            e.HasIndex(x => new { x.MunicipalityCode, x.CheckedAt });
            e.Property(x => x.CheckedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });
    }
}
