using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Modules.Statistics.Facts;

// The statistics fact tables (ADR 0026, docs/statistics.md). One row per thing counted, keyed by the id the event carries, so
// a repeated delivery (at-least-once) changes nothing. Enum values are stored by name. Every row has the jour's LOCAL date
// of the instant it is counted by (Europe/Stockholm, computed when the fact is written), so a period is a range of dates:
// its boundaries fall at local midnight whatever the offset, and a DST night is one date like any other.

/// <summary>A jour case (intake's CaseOpened; CaseMoved changes its municipality: a case counts where it ended).</summary>
internal sealed class CaseFact
{
    public string CaseId { get; set; } = "";

    public long ContactId { get; set; }

    /// <summary>The case's home municipality now: the last CaseMoved's destination, else the one it was opened for.</summary>
    public string MunicipalityCode { get; set; } = "";

    /// <summary>Intake's CaseCategory name.</summary>
    public string Category { get; set; } = "";

    public bool ConcernsChild { get; set; }

    /// <summary>Intake's ContactChannel name (the contact's).</summary>
    public string Channel { get; set; } = "";

    /// <summary>Open or Standby at receipt.</summary>
    public string JourMode { get; set; } = "";

    public bool Referred { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateOnly ReceivedDate { get; set; }

    /// <summary>
    /// Annulled as a duplicate (intake's CaseAnnulled): the case, its targets and its time are dated 0001-01-01, in no period,
    /// and stay there even when the case's CaseOpened is delivered again (or late).
    /// </summary>
    public bool Annulled { get; set; }
}

/// <summary>A contact (intake's ContactRegistered): one call, visit or message, with its number of cases (one per person).</summary>
internal sealed class ContactFact
{
    public long ContactId { get; set; }

    public string Channel { get; set; } = "";

    public string JourMode { get; set; } = "";

    public int Cases { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateOnly ReceivedDate { get; set; }
}

/// <summary>Minutes recorded on a case (assessment's TimeRecorded), one row per event, where the time was recorded (as billing counts it).</summary>
internal sealed class TimeFact
{
    public long Id { get; set; }

    public string MessageId { get; set; } = "";

    public string CaseId { get; set; } = "";

    public string MunicipalityCode { get; set; } = "";

    public int Minutes { get; set; }

    /// <summary>Open or Standby at <see cref="At"/> (the jour's schedule).</summary>
    public string JourMode { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public DateOnly Date { get; set; }
}

/// <summary>A response target of a case (intake's ResponseStepRecorded / ResponseTargetMissed): due, done (or not), missed.</summary>
internal sealed class ResponseFact
{
    public string CaseId { get; set; } = "";

    /// <summary>Intake's ResponseTargetKind name: Callback or OnSite.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The case's municipality (follows CaseMoved, like the case).</summary>
    public string MunicipalityCode { get; set; } = "";

    public DateTimeOffset DueAt { get; set; }

    /// <summary>The local date the target fell due: the period it belongs to.</summary>
    public DateOnly DueDate { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    /// <summary>When the timer job found it passed unmet (null if it never did).</summary>
    public DateTimeOffset? MissedAt { get; set; }
}

/// <summary>A commission (intake's CommissionOrdered / CommissionCompleted), counted by the date it was ordered.</summary>
internal sealed class CommissionFact
{
    public long CommissionId { get; set; }

    public string MunicipalityCode { get; set; } = "";

    public string Kind { get; set; } = "";

    public DateTimeOffset? OrderedAt { get; set; }

    public DateOnly? OrderedDate { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public int? Minutes { get; set; }
}

/// <summary>A deviation or complaint (assessment's DeviationReported), counted by the date it occurred.</summary>
internal sealed class DeviationFact
{
    public long DeviationId { get; set; }

    /// <summary>Assessment's DeviationCategory name (Complaint is a complaint).</summary>
    public string Category { get; set; } = "";

    public string? MunicipalityCode { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateOnly OccurredDate { get; set; }
}

/// <summary>One municipality's source in one logged look-up (the core's LookupLogged), with the status logged for it.</summary>
internal sealed class LookupFact
{
    public long Sequence { get; set; }

    public string MunicipalityCode { get; set; } = "";

    /// <summary>Lookup, EmergencyLookup, RevealProtected or RegisterCheck.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The adapter contract's SourceStatus name, or Unknown for events logged before statuses travelled.</summary>
    public string Status { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public DateOnly Date { get; set; }
}

/// <summary>The tables, columns and indexes (docs/statistics.md, "Faktatabeller och index").</summary>
/// <summary>
/// A month's roll-up of the facts (docs/statistics.md, "Roll-ups"): for one month (its first day), one measure, one
/// municipality ("" for the jour's own contacts) and one item (a category, channel, mode, kind or status), the count or sum.
/// Rewritten from the facts by <see cref="MonthRollup"/> for every month and municipality a projection batch touches, in the
/// batch's transaction, so it never disagrees with the facts.
/// </summary>
internal sealed class MonthCount
{
    public DateOnly Month { get; set; }

    public string Measure { get; set; } = "";

    public string MunicipalityCode { get; set; } = "";

    public string Item { get; set; } = "";

    public long Amount { get; set; }
}

/// <summary>A calendar year's sum of <see cref="MonthCount"/> rows (the annual report reads three of them), rewritten with its months.</summary>
internal sealed class YearCount
{
    public int Year { get; set; }

    public string Measure { get; set; } = "";

    public string MunicipalityCode { get; set; } = "";

    public string Item { get; set; } = "";

    public long Amount { get; set; }
}

internal static class FactModel
{
    public const string MonthCountsTable = "month_counts";
    public const string YearCountsTable = "year_counts";
    public const string CasesTable = "case_facts";
    public const string ContactsTable = "contact_facts";
    public const string TimeTable = "time_facts";
    public const string ResponsesTable = "response_facts";
    public const string CommissionsTable = "commission_facts";
    public const string DeviationsTable = "deviation_facts";
    public const string LookupsTable = "lookup_facts";

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CaseFact>(e =>
        {
            e.ToTable(CasesTable);
            e.HasKey(x => x.CaseId);
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(40);
            e.Property(x => x.ContactId).HasColumnName("contact_id");
            e.Property(x => x.MunicipalityCode).HasColumnName("municipality_code").HasMaxLength(4);
            e.Property(x => x.Category).HasColumnName("category").HasMaxLength(32);
            e.Property(x => x.ConcernsChild).HasColumnName("concerns_child");
            e.Property(x => x.Channel).HasColumnName("channel").HasMaxLength(16);
            e.Property(x => x.JourMode).HasColumnName("jour_mode").HasMaxLength(16);
            e.Property(x => x.Referred).HasColumnName("referred");
            e.Property(x => x.ReceivedAt).HasColumnName("received_at").HasConversion(InstantConversions.Instant);
            e.Property(x => x.ReceivedDate).HasColumnName("received_date");
            e.Property(x => x.Annulled).HasColumnName("annulled");

            // The report's one scan: a period's cases grouped by municipality, category, child, channel and mode, and the
            // distinct contacts per municipality — all read from this index alone (covering), never from the table.
            e.HasIndex(x => new { x.ReceivedDate, x.MunicipalityCode, x.Category, x.ConcernsChild, x.Channel, x.JourMode, x.ContactId })
                .HasDatabaseName("ix_case_facts_report");

            // The projection's read of a contact's cases (its distinct counts per municipality, before and after a change).
            e.HasIndex(x => x.ContactId).HasDatabaseName("ix_case_facts_contact");
        });
        modelBuilder.Entity<ContactFact>(e =>
        {
            e.ToTable(ContactsTable);
            e.HasKey(x => x.ContactId);
            e.Property(x => x.ContactId).HasColumnName("contact_id").ValueGeneratedNever();
            e.Property(x => x.Channel).HasColumnName("channel").HasMaxLength(16);
            e.Property(x => x.JourMode).HasColumnName("jour_mode").HasMaxLength(16);
            e.Property(x => x.Cases).HasColumnName("cases");
            e.Property(x => x.ReceivedAt).HasColumnName("received_at").HasConversion(InstantConversions.Instant);
            e.Property(x => x.ReceivedDate).HasColumnName("received_date");
            e.HasIndex(x => new { x.ReceivedDate, x.Channel, x.JourMode, x.Cases }).HasDatabaseName("ix_contact_facts_report");
        });
        modelBuilder.Entity<TimeFact>(e =>
        {
            e.ToTable(TimeTable);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.MessageId).HasColumnName("message_id").HasMaxLength(64);
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(40);
            e.Property(x => x.MunicipalityCode).HasColumnName("municipality_code").HasMaxLength(4);
            e.Property(x => x.Minutes).HasColumnName("minutes");
            e.Property(x => x.JourMode).HasColumnName("jour_mode").HasMaxLength(16);
            e.Property(x => x.At).HasColumnName("at").HasConversion(InstantConversions.Instant);
            e.Property(x => x.Date).HasColumnName("date");
            e.HasIndex(x => x.MessageId).IsUnique();
            e.HasIndex(x => new { x.Date, x.MunicipalityCode, x.JourMode, x.Minutes }).HasDatabaseName("ix_time_facts_report");
        });
        modelBuilder.Entity<ResponseFact>(e =>
        {
            e.ToTable(ResponsesTable);
            e.HasKey(x => new { x.CaseId, x.Kind });
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(40);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(16);
            e.Property(x => x.MunicipalityCode).HasColumnName("municipality_code").HasMaxLength(4);
            e.Property(x => x.DueAt).HasColumnName("due_at").HasConversion(InstantConversions.Instant);
            e.Property(x => x.DueDate).HasColumnName("due_date");
            e.Property(x => x.DoneAt).HasColumnName("done_at").HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.MissedAt).HasColumnName("missed_at").HasConversion(InstantConversions.NullableInstant);
            // Covering: a period's targets counted per kind (measured, met) and its breaches listed, from the index alone
            // (without it each of a year's 300 000 targets was a row read; docs/benchmarks.md, "Statistics").
            e.HasIndex(x => new { x.DueDate, x.Kind, x.DueAt, x.DoneAt, x.MissedAt, x.MunicipalityCode, x.CaseId }).HasDatabaseName("ix_response_facts_report");
        });
        modelBuilder.Entity<CommissionFact>(e =>
        {
            e.ToTable(CommissionsTable);
            e.HasKey(x => x.CommissionId);
            e.Property(x => x.CommissionId).HasColumnName("commission_id").ValueGeneratedNever();
            e.Property(x => x.MunicipalityCode).HasColumnName("municipality_code").HasMaxLength(4);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
            e.Property(x => x.OrderedAt).HasColumnName("ordered_at").HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.OrderedDate).HasColumnName("ordered_date");
            e.Property(x => x.DoneAt).HasColumnName("done_at").HasConversion(InstantConversions.NullableInstant);
            e.Property(x => x.Minutes).HasColumnName("minutes");
            e.HasIndex(x => new { x.OrderedDate, x.MunicipalityCode, x.Kind }).HasDatabaseName("ix_commission_facts_report");
        });
        modelBuilder.Entity<DeviationFact>(e =>
        {
            e.ToTable(DeviationsTable);
            e.HasKey(x => x.DeviationId);
            e.Property(x => x.DeviationId).HasColumnName("deviation_id").ValueGeneratedNever();
            e.Property(x => x.Category).HasColumnName("category").HasMaxLength(32);
            e.Property(x => x.MunicipalityCode).HasColumnName("municipality_code").HasMaxLength(4);
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at").HasConversion(InstantConversions.Instant);
            e.Property(x => x.OccurredDate).HasColumnName("occurred_date");
            e.HasIndex(x => new { x.OccurredDate, x.Category }).HasDatabaseName("ix_deviation_facts_report");
        });
        modelBuilder.Entity<LookupFact>(e =>
        {
            e.ToTable(LookupsTable);
            e.HasKey(x => new { x.Sequence, x.MunicipalityCode });
            e.Property(x => x.Sequence).HasColumnName("sequence").ValueGeneratedNever();
            e.Property(x => x.MunicipalityCode).HasColumnName("municipality_code").HasMaxLength(4);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(24);
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(24);
            e.Property(x => x.At).HasColumnName("at").HasConversion(InstantConversions.Instant);
            e.Property(x => x.Date).HasColumnName("date");
            e.HasIndex(x => new { x.Date, x.MunicipalityCode, x.Status }).HasDatabaseName("ix_lookup_facts_report");
        });
        modelBuilder.Entity<MonthCount>(e =>
        {
            e.ToTable(MonthCountsTable);
            // The key's order is the report's read: a range of months, all measures, grouped in the database.
            e.HasKey(x => new { x.Month, x.Measure, x.MunicipalityCode, x.Item });
            e.Property(x => x.Month).HasColumnName("month");
            e.Property(x => x.Measure).HasColumnName("measure").HasMaxLength(24);
            e.Property(x => x.MunicipalityCode).HasColumnName("municipality_code").HasMaxLength(4);
            e.Property(x => x.Item).HasColumnName("item").HasMaxLength(40);
            e.Property(x => x.Amount).HasColumnName("amount");
            // A year's rewrite reads the months of the municipalities it touched ("" = the jour's contacts).
            e.HasIndex(x => new { x.MunicipalityCode, x.Month }).HasDatabaseName("ix_month_counts_municipality");
        });
        modelBuilder.Entity<YearCount>(e =>
        {
            e.ToTable(YearCountsTable);
            e.HasKey(x => new { x.Year, x.Measure, x.MunicipalityCode, x.Item });
            e.Property(x => x.Year).HasColumnName("year");
            e.Property(x => x.Measure).HasColumnName("measure").HasMaxLength(24);
            e.Property(x => x.MunicipalityCode).HasColumnName("municipality_code").HasMaxLength(4);
            e.Property(x => x.Item).HasColumnName("item").HasMaxLength(40);
            e.Property(x => x.Amount).HasColumnName("amount");
        });
    }
}
