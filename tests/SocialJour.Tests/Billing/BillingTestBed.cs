using Autofac;
using SocialJour.Core.Events;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests.Billing;

/// <summary>The core and the modules on a real database, and the events billing is fed from, published as their modules publish them.</summary>
internal static class BillingTestBed
{
    public static IContainer Build(TempDir dir, TimeProvider time, DatabaseOptions? database = null, string? config = null) =>
        CoreHarness.Build(config ?? DemoConfig.CopyTo(dir), database ?? new DatabaseOptions(DatabaseProvider.Sqlite, dir.File("data"), null), time: time, withModules: true);

    /// <summary>Assessment's <see cref="TimeRecorded"/> through assessment's own outbox (saved, then dispatched to billing's subscriber).</summary>
    public static async Task TimeAsync(IComponentContext container, string caseId, string municipality, int minutes, DateTimeOffset at)
    {
        await using var db = container.Resolve<Func<AssessmentDbContext>>()();
        db.Publish(new TimeRecorded(caseId, municipality, "anna", minutes, at));
        await container.Resolve<IOutbox<AssessmentDbContext>>().SaveAndDispatchAsync(db, CancellationToken.None);
    }

    /// <summary>Intake's commission events through intake's own outbox.</summary>
    public static async Task CommissionAsync(IComponentContext container, long id, string municipality, CommissionKind kind, DateTimeOffset orderedAt, int? minutes = null, DateTimeOffset? doneAt = null)
    {
        await using var db = container.Resolve<Func<IntakeDbContext>>()();
        db.Publish(new CommissionOrdered(id, municipality, kind, orderedAt, false));
        if (minutes is { } m)
        {
            db.Publish(new CommissionCompleted(id, municipality, kind, m, doneAt ?? orderedAt.AddHours(2)));
        }

        await container.Resolve<IOutbox<IntakeDbContext>>().SaveAndDispatchAsync(db, CancellationToken.None);
    }

    /// <summary>The ledger table at the end of the Nordväst 2021 report (../shared/seeds/002_*.txt), from its header to its Netto line.</summary>
    public static string SeedLedgerTable()
    {
        var file = Directory.GetFiles(Path.Combine(TestPaths.Shared, "seeds"), "002_*.txt").Single();
        var lines = File.ReadAllLines(file);
        var start = Array.FindIndex(lines, l => l.StartsWith("Ansvar\t", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, start, l => l.Contains("\tNetto\t", StringComparison.Ordinal));
        return string.Join('\n', lines[start..(end + 1)]);
    }
}
