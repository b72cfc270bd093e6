using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Intake;

internal sealed class ContactRow
{
    public long Id { get; set; }

    public string Channel { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }

    public string? Caller { get; set; }

    public string? Situation { get; set; }

    public string JourMode { get; set; } = "";

    public string RegisteredBy { get; set; } = "";

    public DateTimeOffset RegisteredAt { get; set; }

    public List<JourCaseRow> Cases { get; set; } = [];
}

internal sealed class JourCaseRow
{
    public long Id { get; set; }

    public long ContactId { get; set; }

    public ContactRow? Contact { get; set; }

    /// <summary>12 digits; null for an unidentified person.</summary>
    public string? PersonId { get; set; }

    public string? Name { get; set; }

    public int? ApproximateAge { get; set; }

    public string MunicipalityCode { get; set; } = "";

    public string Category { get; set; } = "";

    public bool ConcernsChild { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public string OpenedBy { get; set; } = "";

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }
}

/// <summary>The Intake module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class IntakeDbContext(DbContextOptions<IntakeDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "intake";

    public DbSet<ContactRow> Contacts => Set<ContactRow>();

    public DbSet<JourCaseRow> Cases => Set<JourCaseRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
        modelBuilder.Entity<ContactRow>(e =>
        {
            e.ToTable("contacts");
            e.Property(x => x.ReceivedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
            e.Property(x => x.RegisteredAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
            e.HasMany(x => x.Cases).WithOne(x => x.Contact).HasForeignKey(x => x.ContactId);
        });
        modelBuilder.Entity<JourCaseRow>(e =>
        {
            e.ToTable("cases");
            e.HasIndex(x => x.PersonId);
            e.HasIndex(x => x.ClosedAt);
            e.Property(x => x.OpenedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
            e.Property(x => x.ClosedAt).HasConversion(v => v.HasValue ? v.Value.ToUnixTimeMilliseconds() : (long?)null,
                v => v.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(v.Value) : null);
        });
    }
}
