using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Calendar;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Billing.Usage;

/// <summary>
/// Writes billing's own rows from the events and keeps the daily minutes in the same transaction. Idempotent: a time entry
/// is keyed by the delivering message (at-least-once delivery repeats it), a commission by intake's id, and the daily
/// minutes change only when a row was really added.
/// </summary>
internal static class UsageWriter
{
    public static Task<bool> AddTimeAsync(BillingDbContext db, string messageId, string caseId, string municipalityCode, int minutes, DateTimeOffset at, DateOnly date, CancellationToken cancellationToken)
    {
        var sql = $"INSERT INTO {db.Table(BillingDbContext.TimeEntriesTable)} (message_id, case_id, municipality_code, minutes, at, date) " +
            "VALUES ({0}, {1}, {2}, {3}, {4}, {5}) ON CONFLICT (message_id) DO NOTHING";
        return AddOnceAsync(db, sql, [messageId, caseId, municipalityCode, minutes, at.ToUnixTimeMilliseconds(), date], municipalityCode, date, DailyMinutesRow.Case, minutes, cancellationToken);
    }

    public static Task OrderedAsync(BillingDbContext db, long id, string municipalityCode, string kind, DateTimeOffset orderedAt, DateOnly date, CancellationToken cancellationToken)
    {
        var sql = $"INSERT INTO {db.Table(BillingDbContext.CommissionsTable)} AS c (id, municipality_code, kind, ordered_at, ordered_date) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, {{4}}) " +
            "ON CONFLICT (id) DO UPDATE SET ordered_at = excluded.ordered_at, ordered_date = excluded.ordered_date WHERE c.ordered_at IS NULL";
        return db.Database.ExecuteSqlRawAsync(sql, [id, municipalityCode, kind, orderedAt.ToUnixTimeMilliseconds(), date], cancellationToken);
    }

    public static Task<bool> CompletedAsync(BillingDbContext db, long id, string municipalityCode, string kind, int minutes, DateTimeOffset doneAt, DateOnly date, CancellationToken cancellationToken)
    {
        var sql = $"INSERT INTO {db.Table(BillingDbContext.CommissionsTable)} AS c (id, municipality_code, kind, done_at, done_date, minutes) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, {{4}}, {{5}}) " +
            "ON CONFLICT (id) DO UPDATE SET done_at = excluded.done_at, done_date = excluded.done_date, minutes = excluded.minutes WHERE c.done_at IS NULL";
        return AddOnceAsync(db, sql, [id, municipalityCode, kind, doneAt.ToUnixTimeMilliseconds(), date, minutes], municipalityCode, date, DailyMinutesRow.Commission, minutes, cancellationToken);
    }

    /// <summary>Runs the idempotent insert and, only when it added (or completed) a row, adds its minutes to the day — in one transaction.</summary>
    private static async Task<bool> AddOnceAsync(BillingDbContext db, string sql, object[] args, string municipalityCode, DateOnly date, string dailyKind, int minutes, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var changed = await db.Database.ExecuteSqlRawAsync(sql, args, cancellationToken);
            if (changed == 1 && minutes > 0)
            {
                await AddDailyAsync(db, municipalityCode, date, dailyKind, minutes, cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            return changed == 1;
        });
    }

    private static Task AddDailyAsync(BillingDbContext db, string municipalityCode, DateOnly date, string kind, int minutes, CancellationToken cancellationToken)
    {
        var sql = $"INSERT INTO {db.Table(BillingDbContext.DailyMinutesTable)} AS d (municipality_code, date, kind, minutes, entries) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, 1) " +
            "ON CONFLICT (municipality_code, date, kind) DO UPDATE SET minutes = d.minutes + excluded.minutes, entries = d.entries + 1";
        return db.Database.ExecuteSqlRawAsync(sql, [municipalityCode, date, kind, (long)minutes], cancellationToken);
    }
}

/// <summary>Assessment's <see cref="TimeRecorded"/>: minutes on a case of a municipality, on the jour's local date.</summary>
internal sealed class TimeRecordedFeed(Func<BillingDbContext> contexts, JourClock clock) : IIntegrationEventHandler<TimeRecorded>
{
    public async Task HandleAsync(TimeRecorded evt, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        if (evt.Minutes <= 0)
        {
            return;
        }

        await using var db = contexts();
        await UsageWriter.AddTimeAsync(db, context.MessageId, evt.CaseId, evt.MunicipalityCode, evt.Minutes, evt.At, clock.LocalDate(evt.At), cancellationToken);
    }
}

/// <summary>Intake's commissions: ordered (municipality, kind, date) and done (date, minutes).</summary>
internal sealed class CommissionFeed(Func<BillingDbContext> contexts, JourClock clock) : IIntegrationEventHandler<CommissionOrdered>, IIntegrationEventHandler<CommissionCompleted>
{
    public async Task HandleAsync(CommissionOrdered evt, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        await UsageWriter.OrderedAsync(db, evt.CommissionId, evt.MunicipalityCode, evt.Kind.ToString(), evt.OrderedAt, clock.LocalDate(evt.OrderedAt), cancellationToken);
    }

    public async Task HandleAsync(CommissionCompleted evt, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        await UsageWriter.CompletedAsync(db, evt.CommissionId, evt.MunicipalityCode, evt.Kind.ToString(), Math.Max(0, evt.MinutesSpent), evt.DoneAt, clock.LocalDate(evt.DoneAt), cancellationToken);
    }
}

/// <summary>
/// Intake's <see cref="CaseAnnulled"/>: a duplicate leaves billing — its time entries are removed and their minutes taken off
/// the days they were added to, in one transaction. Idempotent: a repeated delivery finds no entries and changes nothing.
/// (Assessment records no time on a closed case, and an annulled case is closed.)
/// </summary>
internal sealed class CaseAnnulledFeed(Func<BillingDbContext> contexts) : IIntegrationEventHandler<CaseAnnulled>
{
    public async Task HandleAsync(CaseAnnulled evt, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var entries = await db.TimeEntries.Where(t => t.CaseId == evt.CaseId).ToListAsync(cancellationToken);
            foreach (var day in entries.GroupBy(t => (t.MunicipalityCode, t.Date)))
            {
                // One statement per day, like the adding side, so a delivery adding minutes to the same day meanwhile is not lost.
                var sql = $"UPDATE {db.Table(BillingDbContext.DailyMinutesTable)} SET minutes = minutes - {{0}}, entries = entries - {{1}} " +
                    "WHERE municipality_code = {2} AND date = {3} AND kind = {4}";
                await db.Database.ExecuteSqlRawAsync(sql, [day.Sum(t => (long)t.Minutes), day.Count(), day.Key.MunicipalityCode, day.Key.Date, DailyMinutesRow.Case], cancellationToken);
            }

            db.TimeEntries.RemoveRange(entries);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        });
    }
}
