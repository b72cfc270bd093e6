using Autofac;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Events;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Billing;
using SocialJour.Modules.Billing.Contracts;
using SocialJour.Modules.Billing.Usage;

namespace SocialJour.Tests.Billing;

/// <summary>Billing on PostgreSQL with two hosts on one database: a repeated event counts once, and of two approvals at once exactly one wins.</summary>
public sealed class BillingPostgresTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Two_hosts_count_a_repeated_event_once_and_only_one_of_two_simultaneous_approvals_wins()
    {
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        var time = new FixedTime(new DateTimeOffset(2022, 1, 20, 9, 0, 0, TimeSpan.FromHours(1)));
        var database = new DatabaseOptions(DatabaseProvider.PostgreSql, "", postgres.ConnectionString);
        using var a = BillingTestBed.Build(dirA, time, database);
        using var b = BillingTestBed.Build(dirB, time, database);

        var at = new DateTimeOffset(2021, 2, 3, 23, 10, 0, TimeSpan.Zero);
        await BillingTestBed.TimeAsync(a, "J1", "0191", 60, at);
        await BillingTestBed.TimeAsync(a, "J2", "0123", 90, at.AddDays(30));
        string messageId;
        await using (var db = a.Resolve<Func<BillingDbContext>>()())
        {
            messageId = (await db.TimeEntries.SingleAsync(t => t.CaseId == "J1")).MessageId;
        }

        // The other host's dispatcher delivers the same message again (its lease on the row had run out).
        await using (var scope = b.BeginLifetimeScope())
        {
            await scope.Resolve<TimeRecordedFeed>().HandleAsync(new TimeRecorded("J1", "0191", "anna", 60, at), new IntegrationEventContext(messageId, "assessment", at), CancellationToken.None);
        }

        await using (var db = b.Resolve<Func<BillingDbContext>>()())
        {
            Assert.Equal(2, await db.TimeEntries.CountAsync());
            Assert.Equal([("0123", new DateOnly(2021, 3, 6), 90L), ("0191", new DateOnly(2021, 2, 4), 60L)],
                (await db.DailyMinutes.OrderBy(d => d.MunicipalityCode).ToListAsync()).Select(d => (d.MunicipalityCode, d.Date, d.Minutes)));
        }

        await a.Resolve<IBillingModule>().EnterCostAsync(2021, new CostEntryInput(CostKind.Budget, 9_723_000m, null), "erik", CancellationToken.None);

        var approvals = await Task.WhenAll(
            Attempt(() => a.Resolve<IBillingModule>().ApproveAsync(2021, BillingPeriodKind.Budget, "erik", CancellationToken.None)),
            Attempt(() => b.Resolve<IBillingModule>().ApproveAsync(2021, BillingPeriodKind.Budget, "lotta", CancellationToken.None)));

        var won = Assert.Single(approvals, x => x.Split is not null);
        var lost = Assert.Single(approvals, x => x.Refused is not null);
        Assert.Equal("period", lost.Refused!.Field);
        Assert.Matches("redan godkänd|godkändes samtidigt", lost.Refused.Message);
        await using (var db = a.Resolve<Func<BillingDbContext>>()())
        {
            var row = Assert.Single(await db.Settlements.ToListAsync());
            Assert.Equal((1, won.Split!.ApprovedBy), (row.Version, row.ApprovedBy));
        }

        // The unique version itself: a second version 1 is refused by the database, whatever the code checked before.
        await using (var db = b.Resolve<Func<BillingDbContext>>()())
        {
            db.Settlements.Add(new SettlementRow { Year = 2021, Period = nameof(BillingPeriodKind.Budget), Version = 1, ApprovedBy = "x", ApprovedAt = time.GetUtcNow(), Split = "{}" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    private static async Task<(BillingSplit? Split, ValidationException? Refused)> Attempt(Func<Task<BillingSplit>> approve)
    {
        try
        {
            return (await approve(), null);
        }
        catch (ValidationException e)
        {
            return (null, e);
        }
    }
}
