using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Lookup;

/// <summary>An emergency opening as stored (the core database's emergency_openings table).</summary>
public sealed record StoredEmergencyOpening(string Id, string UserId, string PersonId, string Reason, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt,
    string? ReviewedBy = null, DateTimeOffset? ReviewedAt = null, string? ReviewNote = null);

/// <summary>
/// The emergency openings' table, a storage building block of the core (ADR 0032): the Lookup module records and reviews
/// openings through it, and derives the follow-up from the access and audit logs (the table only groups entries and
/// carries the reason). Each change commits with its event or audit entry through the core's outbox (ADR 0019).
/// </summary>
public interface IEmergencyOpenings
{
    Task<StoredEmergencyOpening?> FindAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredEmergencyOpening>> AllAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new opening and its event (<see cref="EmergencyOpeningRecorded"/>) in one transaction.</summary>
    Task RecordAsync(StoredEmergencyOpening opening, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the opening's review columns and appends <paramref name="auditAction"/> on it with <paramref name="auditDetails"/>,
    /// in one transaction; the opening as now stored, or null when there is none with <paramref name="id"/>.
    /// </summary>
    Task<StoredEmergencyOpening?> ReviewAsync(string id, string reviewerId, DateTimeOffset at, string? note, string auditAction, string auditDetails, CancellationToken cancellationToken);
}

internal sealed class EmergencyOpenings(Func<CoreDbContext> contexts, IOutbox<CoreDbContext> outbox) : IEmergencyOpenings
{
    public async Task<StoredEmergencyOpening?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await db.EmergencyOpenings.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        return row is null ? null : ToStored(row);
    }

    public async Task<IReadOnlyList<StoredEmergencyOpening>> AllAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return (await db.EmergencyOpenings.AsNoTracking().ToListAsync(cancellationToken)).Select(ToStored).ToList();
    }

    public async Task RecordAsync(StoredEmergencyOpening opening, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        db.EmergencyOpenings.Add(new EmergencyOpeningRow
        {
            Id = opening.Id,
            UserId = opening.UserId,
            PersonId = opening.PersonId,
            Reason = opening.Reason,
            OpenedAt = opening.OpenedAt,
            ExpiresAt = opening.ExpiresAt,
        });
        db.Publish(new EmergencyOpeningRecorded(opening.Id, opening.UserId, opening.OpenedAt, opening.ExpiresAt));
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
    }

    public async Task<StoredEmergencyOpening?> ReviewAsync(string id, string reviewerId, DateTimeOffset at, string? note, string auditAction, string auditDetails,
        CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await db.EmergencyOpenings.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        row.ReviewedBy = reviewerId;
        row.ReviewedAt = at;
        row.ReviewNote = note;
        // The review and its audit entry commit together; the entry reaches the chain right after (ADR 0019).
        db.Audit(reviewerId, auditAction, id, auditDetails);
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return ToStored(row);
    }

    private static StoredEmergencyOpening ToStored(EmergencyOpeningRow o) =>
        new(o.Id, o.UserId, o.PersonId, o.Reason, o.OpenedAt, o.ExpiresAt, o.ReviewedBy, o.ReviewedAt, o.ReviewNote);
}
