using System.Collections.Concurrent;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Events;
using SocialJour.Core.Persistence;

namespace SocialJour.Tests;

/// <summary>
/// The transactional outbox (ADR 0019) with a small module of its own ("notes") beside the real core, on real SQLite files
/// and a real PostgreSQL: nothing is lost between save and dispatch, two dispatchers never deliver one event twice, a failing
/// subscriber is retried alone, and an audit entry reaches the chain once.
/// </summary>
public sealed class OutboxTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<IContainer> _hosts = [];

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        _dir.Dispose();
    }

    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_crash_between_save_and_dispatch_loses_nothing_and_the_next_dispatcher_delivers_once(DatabaseProvider provider)
    {
        var deliveries = new Deliveries();
        var module = Module();
        var database = Database(provider);
        var crashed = Host(database, module, deliveries);

        // Saved with its change, then the process "dies" before dispatching.
        await using (var db = crashed.Resolve<NotesDbContext>())
        {
            db.Notes.Add(new NoteRow { Id = "n1", Text = "Första" });
            db.Publish(new NoteAdded("n1"));
            db.Audit("anna", "note.added", "n1", "");
            await db.SaveChangesAsync();
        }

        crashed.Dispose();
        Assert.Equal(0, deliveries.Count("n1"));

        var restarted = Host(database, module, deliveries);
        var outbox = restarted.Resolve<IOutbox<NotesDbContext>>();
        Assert.NotNull(await outbox.OldestUnprocessedAsync(CancellationToken.None));
        Assert.Equal(2, await outbox.DispatchPendingAsync(CancellationToken.None)); // the event's row and the audit entry's row
        Assert.Equal(0, await outbox.DispatchPendingAsync(CancellationToken.None));
        Assert.Equal(0, await Host(database, module, deliveries).Resolve<IOutbox<NotesDbContext>>().DispatchPendingAsync(CancellationToken.None));

        Assert.Equal(1, deliveries.Count("n1", nameof(CountingSubscriber)));
        Assert.Equal(1, deliveries.Count("n1", nameof(SecondSubscriber)));
        Assert.Null(await outbox.OldestUnprocessedAsync(CancellationToken.None));
        Assert.Single(await AuditFor(restarted, "n1"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_dispatchers_over_one_database_at_once_deliver_each_event_exactly_once(DatabaseProvider provider)
    {
        const int count = 120;
        var deliveries = new Deliveries();
        var module = Module();
        var database = Database(provider);
        var options = OutboxOptions.Default with { BatchSize = 7 };
        var hostA = Host(database, module, deliveries, options: options);
        var hostB = Host(database, module, deliveries, options: options);
        await using (var db = hostA.Resolve<NotesDbContext>())
        {
            for (var i = 0; i < count; i++)
            {
                db.Notes.Add(new NoteRow { Id = $"m{i}", Text = "x" });
                db.Publish(new NoteAdded($"m{i}"));
                db.Audit("anna", "note.added", $"m{i}", "");
            }

            await db.SaveChangesAsync();
        }

        // Two hosts, two dispatch loops each, all at once: every loop claims before it handles.
        var loops = new[] { hostA, hostA, hostB, hostB }.Select(h => Task.Run(async () =>
        {
            var outbox = h.Resolve<IOutbox<NotesDbContext>>();
            var handled = 0;
            while (await outbox.DispatchPendingAsync(CancellationToken.None) is var n && n > 0)
            {
                handled += n;
            }

            return handled;
        })).ToList();
        var handledByLoop = await Task.WhenAll(loops);

        Assert.Equal(2 * count, handledByLoop.Sum()); // an event row and an audit row per note, each handled by one loop only
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(1, deliveries.Count($"m{i}", nameof(CountingSubscriber)));
            Assert.Equal(1, deliveries.Count($"m{i}", nameof(SecondSubscriber)));
        }

        Assert.Null(await hostB.Resolve<IOutbox<NotesDbContext>>().OldestUnprocessedAsync(CancellationToken.None));
        var audit = hostA.Resolve<IAuditLog>();
        var entries = await audit.RecentAsync(100_000);
        Assert.Equal(count, entries.Count(e => e.Action == "note.added" && e.Subject.StartsWith('m') && deliveries.Knows(e.Subject)));
        Assert.True((await audit.VerifyAsync()).Intact);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_failing_subscriber_is_retried_with_backoff_while_the_other_subscriber_has_the_event_at_once(DatabaseProvider provider)
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var deliveries = new Deliveries();
        deliveries.FailSecond("f1", times: 2);
        var host = Host(Database(provider), Module(), deliveries, time);
        var outbox = host.Resolve<IOutbox<NotesDbContext>>();

        await using (var db = host.Resolve<NotesDbContext>())
        {
            db.Notes.Add(new NoteRow { Id = "f1", Text = "x" });
            db.Publish(new NoteAdded("f1"));
            await outbox.SaveAndDispatchAsync(db, CancellationToken.None); // the subscriber's failure does not reach the caller
        }

        Assert.Equal(1, deliveries.Count("f1", nameof(CountingSubscriber)));
        Assert.Equal(0, deliveries.Count("f1", nameof(SecondSubscriber)));
        Assert.Equal(0, await outbox.DispatchPendingAsync(CancellationToken.None)); // not due before its backoff

        time.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(1, await outbox.DispatchPendingAsync(CancellationToken.None)); // second failure: next wait 4 s
        time.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(0, await outbox.DispatchPendingAsync(CancellationToken.None));
        Assert.NotNull(await outbox.OldestUnprocessedAsync(CancellationToken.None));

        time.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(1, await outbox.DispatchPendingAsync(CancellationToken.None));
        Assert.Equal(1, deliveries.Count("f1", nameof(SecondSubscriber)));
        Assert.Equal(1, deliveries.Count("f1", nameof(CountingSubscriber))); // never handed the event again
        Assert.Equal(3, deliveries.Attempts("f1", nameof(SecondSubscriber)));
        Assert.Null(await outbox.OldestUnprocessedAsync(CancellationToken.None));
    }

    /// <summary>
    /// Issue 25's soak: a look-up sent right after registering a contact was sometimes refused ("Jourärendet finns inte")
    /// because the background round had claimed the new case's event before the registration dispatched it itself, and the
    /// registration answered before the event was handled. A fresh row is its request's for <see cref="OutboxOptions.InlineGrace"/>.
    /// </summary>
    [Fact]
    public async Task The_background_round_leaves_a_fresh_row_to_the_request_that_saved_it_and_takes_it_after_the_grace()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 12, 8, 2, 0, 0, TimeSpan.Zero));
        var deliveries = new Deliveries();
        var host = Host(Database(DatabaseProvider.Sqlite), Module(), deliveries, time);
        var outbox = host.Resolve<IOutbox<NotesDbContext>>();
        await using (var db = host.Resolve<NotesDbContext>())
        {
            db.Notes.Add(new NoteRow { Id = "h1", Text = "x" });
            db.Publish(new NoteAdded("h1"));
            ModuleOutbox<NotesDbContext>.PrepareAdded(db, time.GetUtcNow()); // as SaveAndDispatchAsync stamps it
            await db.SaveChangesAsync(); // committed; the request has not dispatched it yet
        }

        var grace = OutboxOptions.Default.InlineGrace;
        Assert.Equal(0, await outbox.DispatchPendingAsync(grace, CancellationToken.None));
        time.Now += grace - TimeSpan.FromMilliseconds(1);
        Assert.Equal(0, await outbox.DispatchPendingAsync(grace, CancellationToken.None));

        // The request died before dispatching: the background round takes the row once the grace is over.
        time.Now += TimeSpan.FromMilliseconds(1);
        Assert.Equal(1, await outbox.DispatchPendingAsync(grace, CancellationToken.None));
        Assert.Equal(1, deliveries.Count("h1", nameof(CountingSubscriber)));
        Assert.Equal(1, deliveries.Count("h1", nameof(SecondSubscriber)));
    }

    /// <summary>Issue 25: the statistics projection fell 198 s behind while /health said Healthy. A minute is the limit now.</summary>
    [Fact]
    public async Task A_subscriber_that_falls_more_than_a_minute_behind_makes_health_degraded_naming_the_module_and_the_lag()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var deliveries = new Deliveries();
        deliveries.FailSecond("g1", times: 100);
        var module = Module();
        var host = Host(Database(DatabaseProvider.Sqlite), module, deliveries, time);
        var outbox = host.Resolve<IOutbox<NotesDbContext>>();
        await using (var db = host.Resolve<NotesDbContext>())
        {
            db.Notes.Add(new NoteRow { Id = "g1", Text = "x" });
            db.Publish(new NoteAdded("g1"));
            await outbox.SaveAndDispatchAsync(db, CancellationToken.None);
        }

        var check = new SocialJour.Host.Operations.OutboxHealthCheck([outbox], OutboxOptions.Default, time);
        time.Now += TimeSpan.FromSeconds(59);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await check.CheckHealthAsync(new())).Status);

        time.Now += TimeSpan.FromSeconds(3);
        var behind = await check.CheckHealthAsync(new());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, behind.Status);
        Assert.Contains($"Modulen {module}: händelsekön ligger 62 s efter", behind.Description, StringComparison.Ordinal);
        Assert.Contains("statistiken", behind.Description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_audit_entry_of_an_outbox_row_reaches_the_chain_once_even_when_the_dispatcher_dies_after_appending_it(DatabaseProvider provider)
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var deliveries = new Deliveries();
        var module = Module();
        var database = Database(provider);
        var dying = Host(database, module, deliveries, time);
        var dyingOutbox = dying.Resolve<ModuleOutbox<NotesDbContext>>();
        dyingOutbox.AfterAuditAppended = _ => throw new InvalidOperationException("simulated crash after the append");

        await using (var db = dying.Resolve<NotesDbContext>())
        {
            db.Notes.Add(new NoteRow { Id = "a1", Text = "x" });
            db.Publish(new NoteAdded("a1"));
            db.Audit("anna", "note.added", "a1", "detaljer");
            await dyingOutbox.SaveAndDispatchAsync(db, CancellationToken.None);
        }

        Assert.Single(await AuditFor(dying, "a1")); // appended, but the audit row was never marked
        Assert.Equal(1, deliveries.Count("a1", nameof(CountingSubscriber))); // the event's own row went through
        dying.Dispose();

        // A new dispatcher picks the row up once its wait is over, and the chain still holds the entry once.
        var next = Host(database, module, deliveries, time);
        var outbox = next.Resolve<IOutbox<NotesDbContext>>();
        time.Now += OutboxOptions.Default.Lease;
        Assert.Equal(1, await outbox.DispatchPendingAsync(CancellationToken.None));
        Assert.Equal(0, await outbox.DispatchPendingAsync(CancellationToken.None));

        var entry = Assert.Single(await AuditFor(next, "a1"));
        Assert.Equal(("anna", "detaljer"), (entry.Actor, entry.Details));
        Assert.Equal(1, deliveries.Count("a1", nameof(CountingSubscriber)));
        Assert.True((await next.Resolve<IAuditLog>().VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_row_claimed_by_a_dispatcher_that_died_waits_for_the_lease_and_processed_rows_are_deleted_after_the_retention()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var deliveries = new Deliveries();
        var host = Host(Database(DatabaseProvider.Sqlite), Module(), deliveries, time);
        var outbox = host.Resolve<IOutbox<NotesDbContext>>();
        await using (var db = host.Resolve<NotesDbContext>())
        {
            db.Publish(new NoteAdded("l1"));
            await db.SaveChangesAsync();
            var lease = time.Now + TimeSpan.FromSeconds(30);
            await db.Database.ExecuteSqlRawAsync("UPDATE outbox_messages SET claim_holder = 'dead', claimed_until = {0}", lease.ToUnixTimeMilliseconds());
        }

        Assert.Equal(0, await outbox.DispatchPendingAsync(CancellationToken.None));
        time.Now += TimeSpan.FromSeconds(31);
        Assert.Equal(1, await outbox.DispatchPendingAsync(CancellationToken.None));
        Assert.Equal(1, deliveries.Count("l1", nameof(CountingSubscriber)));

        Assert.Equal(0, await outbox.CleanUpAsync(CancellationToken.None));
        time.Now += OutboxOptions.Default.Retention + TimeSpan.FromMinutes(1);
        Assert.Equal(1, await outbox.CleanUpAsync(CancellationToken.None));
        await using var after = host.Resolve<NotesDbContext>();
        Assert.Equal(0, await after.Set<OutboxDelivery>().CountAsync());
    }

    private static string Module() => "notes" + Guid.NewGuid().ToString("N")[..8];

    private DatabaseOptions Database(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite
        ? new DatabaseOptions(DatabaseProvider.Sqlite, _dir.File("data"), null)
        : new DatabaseOptions(DatabaseProvider.PostgreSql, "", postgres.ConnectionString);

    /// <summary>One "host": the real core plus the notes module with two subscribers of <see cref="NoteAdded"/>.</summary>
    private IContainer Host(DatabaseOptions database, string module, Deliveries deliveries, TimeProvider? time = null, OutboxOptions? options = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(time ?? TimeProvider.System);
        var builder = new ContainerBuilder();
        builder.Populate(services);
        builder.RegisterModule(new CoreAutofacModule(new CoreOptions(DemoConfig.CopyTo(_dir), TestPaths.Plugins, database, WatchConfiguration: false)));
        builder.RegisterInstance(options ?? OutboxOptions.Default);
        builder.RegisterInstance(new NotesModuleName(module));
        // A test module without migrations: its options and context as RegisterModuleDatabase makes them, its tables made below.
        builder.Register(c =>
        {
            var b = new DbContextOptionsBuilder<NotesDbContext>();
            c.Resolve<DatabaseOptions>().Configure(b, module);
            return b.Options;
        }).SingleInstance();
        builder.RegisterType<NotesDbContext>().InstancePerDependency().ExternallyOwned();
        builder.RegisterOutbox<NotesDbContext>(module);
        builder.RegisterInstance(deliveries);
        builder.Subscribe<NoteAdded, CountingSubscriber>();
        builder.Subscribe<NoteAdded, SecondSubscriber>();
        var container = builder.Build();
        CoreStartup.InitializeDatabasesAsync(container, CancellationToken.None).GetAwaiter().GetResult();
        CreateNotesTables(container, database, module);
        _hosts.Add(container);
        return container;
    }

    /// <summary>The notes module's tables (it has no migrations): its own SQLite file, or its own PostgreSQL schema, made once.</summary>
    private static void CreateNotesTables(IContainer host, DatabaseOptions database, string module)
    {
        using var db = host.Resolve<NotesDbContext>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            db.Database.EnsureCreated();
            return;
        }

        var tables = db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = {0}", database.SchemaFor(module)!).AsEnumerable().Single();
        if (tables == 0)
        {
            try
            {
                Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>(db).CreateTables();
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == "42P07")
            {
                // Another "host" of the same test made them a moment ago.
            }
        }
    }

    private static async Task<List<AuditRecord>> AuditFor(IContainer host, string subject) =>
        [.. (await host.Resolve<IAuditLog>().RecentAsync(100_000)).Where(e => e.Subject == subject)];
}

public sealed record NoteAdded(string NoteId) : IIntegrationEvent;

internal sealed record NotesModuleName(string Value);

internal sealed class NoteRow
{
    public string Id { get; set; } = "";

    public string Text { get; set; } = "";
}

/// <summary>A module's DbContext as small as it gets: one table and the outbox.</summary>
internal sealed class NotesDbContext(DbContextOptions<NotesDbContext> options, DatabaseOptions database, NotesModuleName module) : DbContext(options)
{
    public DbSet<NoteRow> Notes => Set<NoteRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(database.SchemaFor(module.Value));
        modelBuilder.Entity<NoteRow>(e => e.ToTable("notes"));
        modelBuilder.AddOutbox();
    }
}

/// <summary>What each subscriber received, shared by every "host" of a test.</summary>
internal sealed class Deliveries
{
    private readonly ConcurrentDictionary<(string Note, string Subscriber), int> _received = new();
    private readonly ConcurrentDictionary<(string Note, string Subscriber), int> _attempts = new();
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();

    public void FailSecond(string note, int times) => _failuresLeft[note] = times;

    public void Receive(string note, string subscriber)
    {
        _attempts.AddOrUpdate((note, subscriber), 1, (_, n) => n + 1);
        if (subscriber == nameof(SecondSubscriber) && _failuresLeft.TryGetValue(note, out var left) && left > 0)
        {
            _failuresLeft[note] = left - 1;
            throw new InvalidOperationException("the subscriber's own store does not answer");
        }

        _received.AddOrUpdate((note, subscriber), 1, (_, n) => n + 1);
    }

    public int Count(string note, string subscriber) => _received.GetValueOrDefault((note, subscriber));

    public int Count(string note) => _received.Where(r => r.Key.Note == note).Sum(r => r.Value);

    public int Attempts(string note, string subscriber) => _attempts.GetValueOrDefault((note, subscriber));

    public bool Knows(string note) => _received.Keys.Any(k => k.Note == note);
}

internal sealed class CountingSubscriber(Deliveries deliveries) : IIntegrationEventHandler<NoteAdded>
{
    public Task HandleAsync(NoteAdded evt, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        deliveries.Receive(evt.NoteId, nameof(CountingSubscriber));
        return Task.CompletedTask;
    }
}

internal sealed class SecondSubscriber(Deliveries deliveries) : IIntegrationEventHandler<NoteAdded>
{
    public Task HandleAsync(NoteAdded evt, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        deliveries.Receive(evt.NoteId, nameof(SecondSubscriber));
        return Task.CompletedTask;
    }
}
