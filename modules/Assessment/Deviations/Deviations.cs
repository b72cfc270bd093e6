using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>Deviations and complaints: reported on duty, followed up and closed by a unit manager.</summary>
internal sealed class Deviations(Func<AssessmentDbContext> contexts, AssessedCases cases, IOutbox<AssessmentDbContext> outbox, TimeProvider time)
{
    public async Task<DeviationView> ReportAsync(DeviationInput input, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (category, description, occurredAt) = DeviationRule.Check(input, now);
        string? caseId = null;
        if (!string.IsNullOrWhiteSpace(input.CaseId))
        {
            caseId = (await cases.FindAsync(input.CaseId.Trim(), cancellationToken)).Id;
        }

        var row = new DeviationRow
        {
            Category = category.ToString(),
            Description = description,
            OccurredAt = occurredAt,
            CaseId = caseId,
            MunicipalityCode = string.IsNullOrWhiteSpace(input.MunicipalityCode) ? null : input.MunicipalityCode.Trim(),
            ReportedBy = userId,
            ReportedAt = now,
        };
        await using var db = contexts();
        db.Deviations.Add(row);
        await outbox.SaveAndDispatchAsync(db, () =>
        {
            db.Audit(userId, "deviation.reported", "deviation " + row.Id.ToString(CultureInfo.InvariantCulture), row.Category);
            db.Publish(Reported(row, category));
        }, cancellationToken);
        return ToView(row);
    }

    public async Task<DeviationView> FollowUpAsync(long id, string? followUp, string userId, CancellationToken cancellationToken)
    {
        var text = DeviationRule.CheckFollowUp(followUp);
        await using var db = contexts();
        var row = await OpenAsync(db, id, cancellationToken);
        row.FollowUp = text;
        row.FollowedUpBy = userId;
        db.Audit(userId, "deviation.followed-up", "deviation " + id.ToString(CultureInfo.InvariantCulture), "");
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return ToView(row);
    }

    public async Task<DeviationView> CloseAsync(long id, string userId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await OpenAsync(db, id, cancellationToken);
        DeviationRule.CheckClosable(row.FollowUp);
        row.ClosedAt = time.GetUtcNow();
        row.ClosedBy = userId;
        db.Audit(userId, "deviation.closed", "deviation " + id.ToString(CultureInfo.InvariantCulture), "");
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return ToView(row);
    }

    /// <summary>Open first, then the newest.</summary>
    public async Task<IReadOnlyList<DeviationView>> ListAsync(bool openOnly, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.Deviations.AsNoTracking().Where(d => !openOnly || d.ClosedAt == null).ToListAsync(cancellationToken);
        return rows.OrderBy(d => d.ClosedAt is not null).ThenByDescending(d => d.OccurredAt).Select(ToView).ToList();
    }

    /// <summary>Every deviation reported in [from, to).</summary>
    public async Task<IReadOnlyList<DeviationView>> ReportedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        (await ListAsync(openOnly: false, cancellationToken)).Where(d => d.ReportedAt >= from && d.ReportedAt < to).ToList();

    private static async Task<DeviationRow> OpenAsync(AssessmentDbContext db, long id, CancellationToken cancellationToken)
    {
        var row = await db.Deviations.SingleOrDefaultAsync(d => d.Id == id, cancellationToken)
            ?? throw new ValidationException("id", $"Avvikelsen {id} finns inte.", notFound: true);
        return row.ClosedAt is null ? row : throw new ValidationException("id", $"Avvikelsen {id} är redan stängd.");
    }

    /// <summary>The event of a deviation just saved (its id known), for whoever registered it: a person or the system.</summary>
    internal static DeviationReported Reported(DeviationRow row, DeviationCategory category) =>
        new(row.Id, category, row.CaseId, row.MunicipalityCode, row.OccurredAt, row.ReportedAt);

    private static DeviationView ToView(DeviationRow r) => new(r.Id, Enum.Parse<DeviationCategory>(r.Category), r.Description, r.OccurredAt, r.CaseId, r.MunicipalityCode,
        r.ReportedBy, r.ReportedAt, r.FollowUp, r.FollowedUpBy, r.ClosedAt, r.ClosedBy);
}
