using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;

namespace SocialJour.Core.Persistence;

internal sealed class AuditEntry
{
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public string Actor { get; set; } = "";

    public string Action { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Details { get; set; } = "";

    /// <summary>RFC 6962 leaf hash of the canonical encoding (hex); the Merkle tree is built from these (ADR 0013).</summary>
    public string LeafHash { get; set; } = "";

    /// <summary>The outbox row the entry came from ("module:id"), unique: appended once however often the row is handled (ADR 0019). Not part of the leaf.</summary>
    public string? SourceKey { get; set; }
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

/// <summary>One stored access-log entry (who looked at whose records, and what each source answered). A leaf of the access log's Merkle tree.</summary>
internal sealed class AccessLogEntry
{
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public string Kind { get; set; } = "";

    public string UserId { get; set; } = "";

    public string PersonId { get; set; } = "";

    public string? JourCaseId { get; set; }

    public string Purpose { get; set; } = "";

    public string? Reason { get; set; }

    public string LookupId { get; set; } = "";

    /// <summary>Canonical "code=Status;code=Status", in code order.</summary>
    public string Sources { get; set; } = "";

    /// <summary>Random secret (hex) from which each asked municipality's commitment salt is derived (ADR 0013).</summary>
    public string Salt { get; set; } = "";

    /// <summary>RFC 6962 leaf hash of the canonical encoding (hex).</summary>
    public string LeafHash { get; set; } = "";
}

/// <summary>An emergency opening (nödöppning) and the unit manager's follow-up of it. The opening itself is also in the access log.</summary>
internal sealed class EmergencyOpeningRow
{
    public string Id { get; set; } = "";

    public string UserId { get; set; } = "";

    public string PersonId { get; set; } = "";

    public string Reason { get; set; } = "";

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewNote { get; set; }
}

/// <summary>A look-up result kept for its user for a short while (reveal, attach to a decision); deleted when expired.</summary>
internal sealed class RetainedLookupRow
{
    public string LookupId { get; set; } = "";

    public string UserId { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    public bool Revealed { get; set; }

    /// <summary>The full result as JSON (addresses included), encrypted: "v1:" + Base64(nonce, ciphertext, tag) (<see cref="Lookup.RetainedLookupKey"/>).</summary>
    public string Result { get; set; } = "";
}

/// <summary>The result of each verification of the two chains (nightly job, CLI, "verify now").</summary>
internal sealed class ChainCheckRow
{
    public long Id { get; set; }

    public DateTimeOffset CheckedAt { get; set; }

    public string Chain { get; set; } = "";

    public bool Intact { get; set; }

    public long EntriesChecked { get; set; }

    public string? Problem { get; set; }

    public string? HeadHash { get; set; }
}

/// <summary>A signed tree head the system issued (history; the copies that count are the ones the municipalities hold).</summary>
internal sealed class TreeHeadRow
{
    public long Id { get; set; }

    public string Log { get; set; } = "";

    public long TreeSize { get; set; }

    public string RootHash { get; set; } = "";

    public long Timestamp { get; set; }

    public string KeyId { get; set; } = "";

    public string Signature { get; set; } = "";

    /// <summary>The head's redaction boundary (null: a v1 head, signed before the boundary existed).</summary>
    public long? RedactedUpTo { get; set; }
}

/// <summary>The core's own tables: the audit chain and the adapter-check history; the Data Protection keys every host shares (ADR 0028).</summary>
internal sealed class CoreDbContext(DbContextOptions<CoreDbContext> options, DatabaseOptions database) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The ASP.NET Core Data Protection key ring (cookies, antiforgery), encrypted at rest (<see cref="Security.DataProtectionKeys"/>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AdapterCheck> AdapterChecks => Set<AdapterCheck>();

    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();

    public DbSet<EmergencyOpeningRow> EmergencyOpenings => Set<EmergencyOpeningRow>();

    public DbSet<ChainCheckRow> ChainChecks => Set<ChainCheckRow>();

    public DbSet<RetainedLookupRow> RetainedLookups => Set<RetainedLookupRow>();

    public DbSet<TreeHeadRow> TreeHeads => Set<TreeHeadRow>();

    public DbSet<Lookup.JourCaseRegisterRow> JourCases => Set<Lookup.JourCaseRegisterRow>();

    public DbSet<Lookup.JourCaseRegisterPerson> JourCasePersons => Set<Lookup.JourCaseRegisterPerson>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(database.SchemaFor("core"));
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.Property(x => x.At).HasConversion(InstantConversions.Instant);
            e.HasIndex(x => x.SourceKey).IsUnique();
            e.HasIndex(x => new { x.Action, x.Subject }); // bindings read by action (billing approvals, reviews, retention): not the whole log
        });
        modelBuilder.Entity<AdapterCheck>(e =>
        {
            e.ToTable("adapter_checks");
            e.HasIndex(x => new { x.MunicipalityCode, x.CheckedAt });
            e.Property(x => x.CheckedAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<AccessLogEntry>(e =>
        {
            e.ToTable("access_log");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.HasIndex(x => x.At);
            e.HasIndex(x => x.LookupId);
            e.HasIndex(x => new { x.Kind, x.Sequence }); // the emergency-opening follow-up reads its kind only, not the whole log
            e.Property(x => x.At).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<EmergencyOpeningRow>(e =>
        {
            e.ToTable("emergency_openings");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ReviewedAt);
            e.Property(x => x.OpenedAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.ExpiresAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.ReviewedAt).HasConversion(InstantConversions.NullableInstant);
        });
        modelBuilder.Entity<RetainedLookupRow>(e =>
        {
            e.ToTable("retained_lookups");
            e.HasKey(x => x.LookupId);
            e.HasIndex(x => x.ExpiresAt);
            e.Property(x => x.ExpiresAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<ChainCheckRow>(e =>
        {
            e.ToTable("chain_checks");
            e.Property(x => x.CheckedAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<TreeHeadRow>(e =>
        {
            e.ToTable("tree_heads");
            e.HasIndex(x => new { x.Log, x.TreeSize });
        });
        modelBuilder.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));
        Sessions.SessionModel.Configure(modelBuilder);
        Lookup.JourCaseRegisterModel.Configure(modelBuilder);
        modelBuilder.AddOutbox();
    }
}
