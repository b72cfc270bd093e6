using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Commissions;

/// <summary>Commissions ordered by the member municipalities: registered, listed, completed with the time spent.</summary>
internal sealed class CommissionService(Func<IntakeDbContext> contexts, IMunicipalityRegistry registry, IOutbox<IntakeDbContext> outbox, JourClock clock)
{
    public async Task<CommissionView> RegisterAsync(CommissionOrder order, string userId, CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var now = clock.UtcNow;
        var valid = CommissionRule.Check(order, now, configuration.Jour.TimeZone, configuration.Municipalities);
        var row = new CommissionRow
        {
            MunicipalityCode = valid.MunicipalityCode,
            Kind = valid.Kind.ToString(),
            OrderedBy = valid.OrderedBy,
            OrderedAt = valid.OrderedAt,
            PersonId = valid.PersonId,
            Description = valid.Description,
            RegisteredBy = userId,
            RegisteredAt = now,
        };
        await using var db = contexts();
        db.Commissions.Add(row);
        await outbox.SaveAndDispatchAsync(db, () =>
        {
            db.Audit(userId, "commission.registered", "commission " + row.Id.ToString(CultureInfo.InvariantCulture), valid.MunicipalityCode);
            db.Publish(new CommissionOrdered(row.Id, row.MunicipalityCode, valid.Kind, row.OrderedAt, row.PersonId is not null));
        }, cancellationToken);
        return ToView(row);
    }

    public async Task<IReadOnlyList<CommissionView>> ListAsync(bool openOnly, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.Commissions.AsNoTracking().Where(c => !openOnly || c.DoneAt == null).ToListAsync(cancellationToken);
        return rows.OrderBy(c => c.DoneAt is not null).ThenBy(c => c.OrderedAt).Select(ToView).ToList();
    }

    public async Task<CommissionView> CompleteAsync(long id, int? minutesSpent, string userId, CancellationToken cancellationToken)
    {
        var minutes = CommissionRule.CheckMinutes(minutesSpent);
        await using var db = contexts();
        var row = await db.Commissions.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new ValidationException("id", $"Uppdraget {id} finns inte.", notFound: true);
        CommissionRule.CheckNotDone(id, row.DoneAt);

        row.DoneAt = clock.UtcNow;
        row.DoneBy = userId;
        row.MinutesSpent = minutes;
        db.Audit(userId, "commission.done", "commission " + id.ToString(CultureInfo.InvariantCulture), minutes.ToString(CultureInfo.InvariantCulture) + " min");
        db.Publish(new CommissionCompleted(row.Id, row.MunicipalityCode, Enum.Parse<CommissionKind>(row.Kind), minutes, row.DoneAt.Value));
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return ToView(row);
    }

    private static CommissionView ToView(CommissionRow c) => new(c.Id, c.MunicipalityCode, Enum.Parse<CommissionKind>(c.Kind), c.OrderedBy, c.OrderedAt, c.PersonId,
        c.Description, c.RegisteredBy, c.DoneAt, c.DoneBy, c.MinutesSpent);
}
