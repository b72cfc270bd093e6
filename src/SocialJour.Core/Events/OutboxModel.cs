using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Events;

/// <summary>
/// One row of a module's outbox (<c>outbox_messages</c>, in the module's own database): an integration event, an audit entry,
/// or both, saved in the same transaction as the change they describe and handled after commit by the module's dispatcher.
/// </summary>
internal sealed class OutboxMessage
{
    public string Id { get; set; } = "";

    /// <summary>The event's CLR type (full name); null for a row that carries only an audit entry.</summary>
    public string? EventType { get; set; }

    /// <summary>The event as JSON; null with <see cref="EventType"/>.</summary>
    public string? Payload { get; set; }

    public string? AuditActor { get; set; }

    public string? AuditAction { get; set; }

    public string? AuditSubject { get; set; }

    public string? AuditDetails { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The dispatcher that holds the row until <see cref="ClaimedUntil"/> (a lease: a dispatcher that died lets go by itself).</summary>
    public string? ClaimHolder { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>Set when the audit entry is in the chain and every subscriber has the event.</summary>
    public DateTimeOffset? ProcessedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The last failure (exception type and message, never a payload).</summary>
    public string? LastError { get; set; }
}

/// <summary>Whether one subscriber has one outbox message (<c>outbox_deliveries</c>): a failing subscriber is retried alone.</summary>
internal sealed class OutboxDelivery
{
    public string MessageId { get; set; } = "";

    /// <summary>The handler type's full name (stable across restarts).</summary>
    public string Subscriber { get; set; } = "";

    public DateTimeOffset? DeliveredAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }
}

public static class OutboxModel
{
    public const string MessagesTable = "outbox_messages";
    public const string DeliveriesTable = "outbox_deliveries";

    /// <summary>Adds the outbox tables to a module's DbContext (call in <c>OnModelCreating</c>, after <c>HasDefaultSchema</c>).</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable(MessagesTable);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.EventType).HasColumnName("event_type").HasMaxLength(300);
            e.Property(x => x.Payload).HasColumnName("payload");
            e.Property(x => x.AuditActor).HasColumnName("audit_actor");
            e.Property(x => x.AuditAction).HasColumnName("audit_action");
            e.Property(x => x.AuditSubject).HasColumnName("audit_subject");
            e.Property(x => x.AuditDetails).HasColumnName("audit_details");
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at").HasConversion(InstantConversions.Instant);
            e.Property(x => x.ClaimHolder).HasColumnName("claim_holder").HasMaxLength(64);
            e.Property(x => x.ClaimedUntil).HasColumnName("claimed_until").HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.ProcessedAt).HasColumnName("processed_at").HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.NextAttemptAt).HasColumnName("next_attempt_at").HasConversion(InstantConversions.Instant);
            e.Property(x => x.LastError).HasColumnName("last_error");
            e.HasIndex(x => new { x.ProcessedAt, x.NextAttemptAt }).HasDatabaseName("ix_outbox_messages_pending");
        });
        modelBuilder.Entity<OutboxDelivery>(e =>
        {
            e.ToTable(DeliveriesTable);
            e.HasKey(x => new { x.MessageId, x.Subscriber });
            e.Property(x => x.MessageId).HasColumnName("message_id").HasMaxLength(32);
            e.Property(x => x.Subscriber).HasColumnName("subscriber").HasMaxLength(300);
            e.Property(x => x.DeliveredAt).HasColumnName("delivered_at").HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.NextAttemptAt).HasColumnName("next_attempt_at").HasConversion(InstantConversions.Instant);
            e.Property(x => x.LastError).HasColumnName("last_error");
            e.HasOne<OutboxMessage>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
        });
        return modelBuilder;
    }
}

/// <summary>What module code calls before saving: the event and the audit entry join the change's transaction.</summary>
public static class OutboxDbContextExtensions
{
    /// <summary>Adds <paramref name="evt"/> to the outbox of <paramref name="db"/>; it is saved with the change and dispatched after commit.</summary>
    public static void Publish(this DbContext db, IIntegrationEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var row = new OutboxMessage
        {
            Id = Guid.NewGuid().ToString("N"),
            EventType = EventTypeName(evt.GetType()),
            Payload = System.Text.Json.JsonSerializer.Serialize(evt, evt.GetType(), OutboxJson.Options),
        };
        db.Set<OutboxMessage>().Add(row);
    }

    /// <summary>Adds an audit entry to the outbox of <paramref name="db"/>: appended to the audit chain once, after commit.</summary>
    public static void Audit(this DbContext db, string actor, string action, string subject, string details)
    {
        var row = new OutboxMessage
        {
            Id = Guid.NewGuid().ToString("N"),
            AuditActor = actor,
            AuditAction = action,
            AuditSubject = subject,
            AuditDetails = details,
        };
        db.Set<OutboxMessage>().Add(row);
    }

    internal static string EventTypeName(Type type) => type.FullName ?? type.Name;
}

internal static class OutboxJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web);
}
