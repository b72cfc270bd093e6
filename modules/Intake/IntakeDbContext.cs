using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;
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

    public int Triage { get; set; }

    public DateTimeOffset CallbackDueAt { get; set; }

    public DateTimeOffset? CalledBackAt { get; set; }

    public DateTimeOffset? VisitDecidedAt { get; set; }

    public DateTimeOffset? VisitDueAt { get; set; }

    public DateTimeOffset? OnSiteAt { get; set; }

    /// <summary>The home municipality is not a member: the case is registered and referred there.</summary>
    public bool Referred { get; set; }

    public string? ReferralNote { get; set; }

    public string? RegisterStatus { get; set; }

    public string? RegisterDetail { get; set; }

    public string? RegisterName { get; set; }

    public int? RegisterAge { get; set; }

    public string? RegisterMunicipalityCode { get; set; }

    public string? RegisterProtection { get; set; }

    /// <summary>When assessment documented the case's immediate protection assessment (from its event); a child's case closes only after.</summary>
    public DateTimeOffset? ProtectionAssessedAt { get; set; }

    /// <summary>Why the case was closed (CaseClosingReason name); null for a case closed before reasons were asked.</summary>
    public string? ClosingReason { get; set; }

    public string? ClosingNote { get; set; }

    /// <summary>When the case was annulled as a duplicate of <see cref="DuplicateOfId"/> (it is then closed too, reason Duplicate).</summary>
    public DateTimeOffset? AnnulledAt { get; set; }

    public string? AnnulledBy { get; set; }

    public long? DuplicateOfId { get; set; }

    public string? AnnulmentReason { get; set; }

    /// <summary>Why the case was registered although the person had an open or recent case (the registration's duplicate reason).</summary>
    public string? DuplicateReason { get; set; }
}

internal sealed class NoticeRow
{
    public long Id { get; set; }

    public string MunicipalityCode { get; set; } = "";

    public string PersonId { get; set; } = "";

    public string Text { get; set; } = "";

    public DateOnly ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    /// <summary>The <see cref="Contracts.NoticeRestriction"/> by name; null: restricts no kind of measure.</summary>
    public string? Restricts { get; set; }

    public string RegisteredBy { get; set; } = "";

    public DateTimeOffset RegisteredAt { get; set; }
}

internal sealed class NoticeAcknowledgementRow
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public long NoticeId { get; set; }

    public string AcknowledgedBy { get; set; } = "";

    public DateTimeOffset AcknowledgedAt { get; set; }
}

internal sealed class CommissionRow
{
    public long Id { get; set; }

    public string MunicipalityCode { get; set; } = "";

    public string Kind { get; set; } = "";

    public string OrderedBy { get; set; } = "";

    public DateTimeOffset OrderedAt { get; set; }

    public string? PersonId { get; set; }

    public string Description { get; set; } = "";

    public string RegisteredBy { get; set; } = "";

    public DateTimeOffset RegisteredAt { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public string? DoneBy { get; set; }

    public int? MinutesSpent { get; set; }
}

/// <summary>A person added to a case as a related party, with role and reason (need-to-know for look-ups from the case).</summary>
internal sealed class RelatedPartyRow
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public string PersonId { get; set; } = "";

    public string Role { get; set; } = "";

    public string Reason { get; set; } = "";

    public string AddedBy { get; set; } = "";

    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>One note of a case's running notes (never edited; a correction is a new note).</summary>
internal sealed class CaseNoteRow
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public string Text { get; set; } = "";

    public string WrittenBy { get; set; } = "";

    public DateTimeOffset WrittenAt { get; set; }

    public bool AfterClosing { get; set; }
}

internal sealed class TimerBreachRow
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public string Kind { get; set; } = "";

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>The Intake module's own database: its own SQLite file, or its own schema in PostgreSQL.</summary>
internal sealed class IntakeDbContext(DbContextOptions<IntakeDbContext> options, DatabaseOptions database) : DbContext(options)
{
    public const string ModuleName = "intake";

    public DbSet<ContactRow> Contacts => Set<ContactRow>();

    public DbSet<JourCaseRow> Cases => Set<JourCaseRow>();

    public DbSet<NoticeRow> Notices => Set<NoticeRow>();

    public DbSet<NoticeAcknowledgementRow> NoticeAcknowledgements => Set<NoticeAcknowledgementRow>();

    public DbSet<TimerBreachRow> TimerBreaches => Set<TimerBreachRow>();

    public DbSet<CommissionRow> Commissions => Set<CommissionRow>();

    public DbSet<RelatedPartyRow> RelatedParties => Set<RelatedPartyRow>();

    public DbSet<CaseNoteRow> CaseNotes => Set<CaseNoteRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(database.SchemaFor(ModuleName));
        modelBuilder.AddOutbox(); // outbox_messages, outbox_deliveries (ADR 0019)
        modelBuilder.AddIdempotency(); // idempotent_requests: Idempotency-Key saved with the write (ADR 0035)
        modelBuilder.Entity<ContactRow>(e =>
        {
            e.ToTable("contacts");
            e.Property(x => x.ReceivedAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.RegisteredAt).HasConversion(InstantConversions.Instant);
            e.HasMany(x => x.Cases).WithOne(x => x.Contact).HasForeignKey(x => x.ContactId);
        });
        modelBuilder.Entity<JourCaseRow>(e =>
        {
            e.ToTable("cases");
            e.HasIndex(x => x.PersonId);
            e.HasIndex(x => x.ClosedAt);
            e.HasIndex(x => x.OpenedBy); // "mina ärenden"
            e.Property(x => x.OpenedAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.ClosedAt).HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.CallbackDueAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.CalledBackAt).HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.VisitDecidedAt).HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.VisitDueAt).HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.OnSiteAt).HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.ProtectionAssessedAt).HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.AnnulledAt).HasConversion(InstantConversions.NullableInstant);
        });
        modelBuilder.Entity<NoticeRow>(e =>
        {
            e.ToTable("notices");
            e.HasIndex(x => x.PersonId);
            e.Property(x => x.Restricts).HasMaxLength(32);
            e.Property(x => x.RegisteredAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<NoticeAcknowledgementRow>(e =>
        {
            e.ToTable("notice_acknowledgements");
            e.HasIndex(x => new { x.CaseId, x.NoticeId }).IsUnique();
            e.Property(x => x.AcknowledgedAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<CommissionRow>(e =>
        {
            e.ToTable("commissions");
            e.HasIndex(x => new { x.MunicipalityCode, x.OrderedAt });
            e.Property(x => x.OrderedAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.RegisteredAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.DoneAt).HasConversion(InstantConversions.NullableInstant);
        });
        modelBuilder.Entity<RelatedPartyRow>(e =>
        {
            e.ToTable("related_parties");
            e.HasIndex(x => new { x.CaseId, x.PersonId }).IsUnique();
            e.HasIndex(x => new { x.AddedBy, x.AddedAt }); // the per-user limit reads only the last day
            e.HasIndex(x => x.AddedAt); // the unit manager's follow-up reads only its window
            e.Property(x => x.AddedAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<CaseNoteRow>(e =>
        {
            e.ToTable("case_notes");
            e.HasIndex(x => x.CaseId);
            e.HasIndex(x => new { x.WrittenBy, x.CaseId }); // "mina ärenden"
            e.Property(x => x.WrittenAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<TimerBreachRow>(e =>
        {
            e.ToTable("timer_breaches");
            e.HasIndex(x => new { x.CaseId, x.Kind }).IsUnique();
            e.Property(x => x.DueAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.RecordedAt).HasConversion(InstantConversions.Instant);
        });
    }
}
