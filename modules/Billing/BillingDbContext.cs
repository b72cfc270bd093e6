using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Billing;

/// <summary>Minutes recorded on a case (assessment's <c>TimeRecorded</c>), one row per event: the basis a municipality can check.</summary>
internal sealed class TimeEntryRow
{
    public long Id { get; set; }

    /// <summary>The outbox message that delivered it: a repeated delivery finds it and adds nothing.</summary>
    public string MessageId { get; set; } = "";

    public string CaseId { get; set; } = "";

    /// <summary>The case's home municipality when the time was recorded.</summary>
    public string MunicipalityCode { get; set; } = "";

    public int Minutes { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The jour's local date at <see cref="At"/> (its configured time zone).</summary>
    public DateOnly Date { get; set; }
}

/// <summary>A commission ordered by a municipality (intake's <c>CommissionOrdered</c>/<c>CommissionCompleted</c>), keyed by intake's id.</summary>
internal sealed class CommissionEntryRow
{
    public long Id { get; set; }

    public string MunicipalityCode { get; set; } = "";

    /// <summary>Intake's <c>CommissionKind</c> name (the price list's key).</summary>
    public string Kind { get; set; } = "";

    public DateTimeOffset? OrderedAt { get; set; }

    public DateOnly? OrderedDate { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public DateOnly? DoneDate { get; set; }

    public int? Minutes { get; set; }
}

/// <summary>
/// The minutes of one municipality on one local date, on cases or on commissions (<see cref="DailyMinutesRow.Case"/>,
/// <see cref="DailyMinutesRow.Commission"/>): kept in the transaction of each entry, so a year's totals read at most 366 rows per municipality and kind.
/// </summary>
internal sealed class DailyMinutesRow
{
    public const string Case = "case";
    public const string Commission = "commission";

    public string MunicipalityCode { get; set; } = "";

    public DateOnly Date { get; set; }

    public string Kind { get; set; } = Case;

    public long Minutes { get; set; }

    public int Entries { get; set; }
}

/// <summary>One version of a year's budget or outcome, entered by hand or imported from the ledger. Never changed: a change is a new version.</summary>
internal sealed class CostEntryRow
{
    public long Id { get; set; }

    public int Year { get; set; }

    /// <summary><c>CostKind</c> name: Budget or Outcome.</summary>
    public string Kind { get; set; } = "";

    public int Version { get; set; }

    public decimal Amount { get; set; }

    /// <summary>"Manuell" or "Huvudbok".</summary>
    public string Source { get; set; } = "";

    public string? Reason { get; set; }

    public string EnteredBy { get; set; } = "";

    public DateTimeOffset EnteredAt { get; set; }

    /// <summary>The ledger's column the amount was taken from (Huvudbok only).</summary>
    public string? LedgerColumn { get; set; }

    /// <summary>The ledger's account lines as JSON (Huvudbok only).</summary>
    public string? LedgerLines { get; set; }
}

/// <summary>
/// An approved (locked) version of a period's split: the computed split frozen as JSON, so it never changes when the
/// configuration or the data change. (Year, Period, Version) is unique: of two hosts approving at once, one wins.
/// </summary>
internal sealed class SettlementRow
{
    public long Id { get; set; }

    public int Year { get; set; }

    /// <summary><c>BillingPeriodKind</c> name.</summary>
    public string Period { get; set; } = "";

    public int Version { get; set; }

    public bool Locked { get; set; } = true;

    public string ApprovedBy { get; set; } = "";

    public DateTimeOffset ApprovedAt { get; set; }

    public string? CorrectionReason { get; set; }

    public string Split { get; set; } = "";
}

/// <summary>The Billing module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class BillingDbContext(DbContextOptions<BillingDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "billing";

    public const string TimeEntriesTable = "time_entries";
    public const string CommissionsTable = "commissions";
    public const string DailyMinutesTable = "daily_minutes";

    public DbSet<TimeEntryRow> TimeEntries => Set<TimeEntryRow>();

    public DbSet<CommissionEntryRow> Commissions => Set<CommissionEntryRow>();

    public DbSet<DailyMinutesRow> DailyMinutes => Set<DailyMinutesRow>();

    public DbSet<CostEntryRow> CostEntries => Set<CostEntryRow>();

    public DbSet<SettlementRow> Settlements => Set<SettlementRow>();

    /// <summary>A table's name for raw SQL, schema-qualified on PostgreSQL.</summary>
    public string Table(string name) => database.SchemaFor(ModuleName) is { } schema ? $"\"{schema}\".\"{name}\"" : $"\"{name}\"";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
        modelBuilder.AddOutbox(); // outbox_messages, outbox_deliveries: every entry, approval and correction is audit-logged (ADR 0019)
        modelBuilder.Entity<TimeEntryRow>(e =>
        {
            e.ToTable(TimeEntriesTable);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.MessageId).HasColumnName("message_id").HasMaxLength(64);
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(40);
            e.Property(x => x.MunicipalityCode).HasColumnName("municipality_code").HasMaxLength(4);
            e.Property(x => x.Minutes).HasColumnName("minutes");
            e.Property(x => x.At).HasColumnName("at").HasConversion(InstantConversions.Instant);
            e.Property(x => x.Date).HasColumnName("date");
            e.HasIndex(x => x.MessageId).IsUnique();
            e.HasIndex(x => new { x.MunicipalityCode, x.Date });
        });
        modelBuilder.Entity<CommissionEntryRow>(e =>
        {
            e.ToTable(CommissionsTable);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(x => x.MunicipalityCode).HasColumnName("municipality_code").HasMaxLength(4);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(40);
            e.Property(x => x.OrderedAt).HasColumnName("ordered_at").HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.OrderedDate).HasColumnName("ordered_date");
            e.Property(x => x.DoneAt).HasColumnName("done_at").HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.DoneDate).HasColumnName("done_date");
            e.Property(x => x.Minutes).HasColumnName("minutes");
            e.HasIndex(x => new { x.MunicipalityCode, x.DoneDate });
        });
        modelBuilder.Entity<DailyMinutesRow>(e =>
        {
            e.ToTable(DailyMinutesTable);
            e.HasKey(x => new { x.MunicipalityCode, x.Date, x.Kind });
            e.Property(x => x.MunicipalityCode).HasColumnName("municipality_code").HasMaxLength(4);
            e.Property(x => x.Date).HasColumnName("date");
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(16);
            e.Property(x => x.Minutes).HasColumnName("minutes");
            e.Property(x => x.Entries).HasColumnName("entries");
            e.HasIndex(x => x.Date);
        });
        modelBuilder.Entity<CostEntryRow>(e =>
        {
            e.ToTable("cost_entries");
            e.Property(x => x.Amount).HasPrecision(18, 2);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Source).HasMaxLength(16);
            e.Property(x => x.EnteredAt).HasConversion(InstantConversions.Instant);
            e.HasIndex(x => new { x.Year, x.Kind, x.Version }).IsUnique();
        });
        modelBuilder.Entity<SettlementRow>(e =>
        {
            e.ToTable("settlements");
            e.Property(x => x.Period).HasMaxLength(16);
            e.Property(x => x.ApprovedAt).HasConversion(InstantConversions.Instant);
            e.HasIndex(x => new { x.Year, x.Period, x.Version }).IsUnique();
        });
    }
}
