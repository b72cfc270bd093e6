using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Assessment;

internal sealed class ProtectionAssessmentRow
{
    public long Id { get; set; }

    public string CaseId { get; set; } = "";

    public string Outcome { get; set; } = "";

    public string Reasoning { get; set; } = "";

    public string AssessedBy { get; set; } = "";

    public DateTimeOffset AssessedAt { get; set; }
}

internal sealed class ActionRow
{
    public long Id { get; set; }

    public string CaseId { get; set; } = "";

    public string Kind { get; set; } = "";

    public string? Note { get; set; }

    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Why the action was taken although an active notice restricts its kind (logged); null when none did.</summary>
    public string? NoticeReason { get; set; }
}

internal sealed class DecisionRow
{
    public long Id { get; set; }

    public string CaseId { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Description { get; set; } = "";

    public string DecidedBy { get; set; } = "";

    public string RegisteredBy { get; set; } = "";

    public DateTimeOffset DecidedAt { get; set; }

    public string? LegalBasisShown { get; set; }

    public DateTimeOffset? CourtDeadline { get; set; }

    public DateTimeOffset? SubmittedToCourtAt { get; set; }

    /// <summary>What a SoL decision grants (an action kind by name); null for the other kinds.</summary>
    public string? Grants { get; set; }

    /// <summary>Why the decision was taken although an active notice restricts its kind (logged); null when none did.</summary>
    public string? NoticeReason { get; set; }

    /// <summary>6 § LVU, 13 § LVM: when the jour reached the decision-maker.</summary>
    public DateTimeOffset? DecisionMakerReachedAt { get; set; }
}

internal sealed class TimeEntryRow
{
    public long Id { get; set; }

    public string CaseId { get; set; } = "";

    public string UserId { get; set; } = "";

    public int Minutes { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class DeviationRow
{
    public long Id { get; set; }

    public string Category { get; set; } = "";

    public string Description { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }

    public string? CaseId { get; set; }

    public string? MunicipalityCode { get; set; }

    public string ReportedBy { get; set; } = "";

    public DateTimeOffset ReportedAt { get; set; }

    public string? FollowUp { get; set; }

    public string? FollowedUpBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }
}

internal sealed class ReportRow
{
    public long Id { get; set; }

    public string CaseId { get; set; } = "";

    public string MunicipalityCode { get; set; } = "";

    public string Text { get; set; } = "";

    public string WrittenBy { get; set; } = "";

    public DateTimeOffset WrittenAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public string Status { get; set; } = "";

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? Channel { get; set; }

    public string? Receipt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>The report as sent (header naming the person, and the text), kept so that the copy on the case is what left; null for reports from before.</summary>
    public string? Document { get; set; }

    /// <summary>Whom the report is about: the identity number (canonical) when identified.</summary>
    public string? PersonId { get; set; }

    /// <summary>Whom the report is about: the name the register gave, or the one recorded; for an unidentified person the description.</summary>
    public string? PersonName { get; set; }

    /// <summary>Whether the person's data is protected (or protection unknown) when the report was written: the document says what is left out.</summary>
    public bool ProtectedPerson { get; set; }

    /// <summary>The writer's key for this submission: the same key again returns this report instead of writing a second.</summary>
    public string? SubmissionKey { get; set; }
}

/// <summary>The report being written for a case, one per case, kept while it is written.</summary>
internal sealed class ReportDraftRow
{
    public long Id { get; set; }

    public string CaseId { get; set; } = "";

    public string Text { get; set; } = "";

    public string SavedBy { get; set; } = "";

    public DateTimeOffset SavedAt { get; set; }
}

/// <summary>
/// A lease on one report: held by a delivery while it is on its way, or by a case move while the case changes municipality.
/// One row per report at most (the key), so taking it is one insert or one conditional update, in the database that every
/// host shares: a move on one host and a delivery on another cannot interleave (ADR 0016).
/// </summary>
internal sealed class ReportClaimRow
{
    public long ReportId { get; set; }

    public string Holder { get; set; } = "";

    public DateTimeOffset Until { get; set; }
}

/// <summary>The Assessment module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class AssessmentDbContext(DbContextOptions<AssessmentDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "assessment";

    public DbSet<ProtectionAssessmentRow> ProtectionAssessments => Set<ProtectionAssessmentRow>();

    public DbSet<ActionRow> Actions => Set<ActionRow>();

    public DbSet<DecisionRow> Decisions => Set<DecisionRow>();

    public DbSet<TimeEntryRow> TimeEntries => Set<TimeEntryRow>();

    public DbSet<DeviationRow> Deviations => Set<DeviationRow>();

    public DbSet<ReportRow> Reports => Set<ReportRow>();

    public DbSet<ReportDraftRow> ReportDrafts => Set<ReportDraftRow>();

    public DbSet<ReportClaimRow> ReportClaims => Set<ReportClaimRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
        modelBuilder.AddOutbox(); // outbox_messages, outbox_deliveries (ADR 0019)
        modelBuilder.AddIdempotency(); // idempotent_requests: Idempotency-Key saved with the write (ADR 0035)
        modelBuilder.Entity<ProtectionAssessmentRow>(e =>
        {
            e.ToTable("protection_assessments");
            e.HasIndex(x => x.CaseId);
            e.Property(x => x.AssessedAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<ActionRow>(e =>
        {
            e.ToTable("actions");
            e.HasIndex(x => x.CaseId);
            e.Property(x => x.RecordedAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<DecisionRow>(e =>
        {
            e.ToTable("decisions");
            e.HasIndex(x => x.CaseId);
            e.Property(x => x.DecidedAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.CourtDeadline).HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.SubmittedToCourtAt).HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.DecisionMakerReachedAt).HasConversion(InstantConversions.NullableInstant);
        });
        modelBuilder.Entity<ReportRow>(e =>
        {
            e.ToTable("reports");
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.CaseId);
            e.Property(x => x.WrittenAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.DueAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.NextAttemptAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.DeliveredAt).HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.SubmissionKey).HasMaxLength(64);
            e.HasIndex(x => new { x.CaseId, x.SubmissionKey }).IsUnique();
        });
        modelBuilder.Entity<ReportDraftRow>(e =>
        {
            e.ToTable("report_drafts");
            e.HasIndex(x => x.CaseId).IsUnique();
            e.Property(x => x.SavedAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<ReportClaimRow>(e =>
        {
            e.ToTable("report_claims");
            e.HasKey(x => x.ReportId);
            e.Property(x => x.ReportId).ValueGeneratedNever();
            e.Property(x => x.Until).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<DeviationRow>(e =>
        {
            e.ToTable("deviations");
            e.HasIndex(x => x.ClosedAt);
            e.Property(x => x.OccurredAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.ReportedAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.ClosedAt).HasConversion(InstantConversions.NullableInstant);
        });
        modelBuilder.Entity<TimeEntryRow>(e =>
        {
            e.ToTable("time_entries");
            e.HasIndex(x => new { x.CaseId, x.UserId });
            e.Property(x => x.RecordedAt).HasConversion(InstantConversions.Instant);
        });
    }
}
