using System.Collections.Concurrent;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core;
using SocialJour.Core.Events;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests;

/// <summary>The core's own integration events, from the core's outbox, against the real simulator and plugins (ADR 0019).</summary>
[Collection(SimulatorCollection.Name)]
public sealed class CoreEventsTests(SimulatorFixture simulator) : IDisposable
{
    private const string Maja = "201003152384";
    private readonly TempDir _dir = new();
    private readonly CoreEventsReceived _received = new();
    private IContainer? _container;

    public void Dispose()
    {
        _container?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_look_up_publishes_LookupLogged_with_its_access_log_entry_and_no_identity_number()
    {
        var c = Build();
        var registered = await c.Resolve<IIntakeModule>().RegisterContactAsync(
            new ContactRegistration(ContactChannel.Police, null, "Polisen", "Test", [new PersonConcerned(Maja, null, null, "0191", CaseCategory.ChildrenAndYouth)]),
            "anna", CancellationToken.None);
        var caseId = registered.Cases[0].Id;

        var result = await c.Resolve<IClientLookup>().LookupAsync(new LookupRequest("anna", Maja, caseId, "Skyddsbedömning", null), CancellationToken.None);

        var entry = Assert.Single(await c.Resolve<IAccessLog>().ForPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue), e => e.Kind == AccessKind.Lookup);
        var logged = await _received.WaitForLookupAsync(e => e.LookupId == result.LookupId);
        Assert.Equal((entry.Sequence, "Lookup", "anna", caseId, "Skyddsbedömning"), (logged.AccessLogSequence, logged.Kind, logged.UserId, logged.JourCaseId, logged.Purpose));
        Assert.Equal(entry.Sources.Select(s => s.MunicipalityCode).Order(StringComparer.Ordinal), logged.MunicipalityCodes);

        // Each asked municipality's status travels (statistics counts look-ups per source status), as the access log has it.
        Assert.NotNull(logged.Sources);
        Assert.Equal(logged.MunicipalityCodes, logged.Sources.Select(s => s.MunicipalityCode));
        Assert.Equal(entry.Sources.OrderBy(s => s.MunicipalityCode, StringComparer.Ordinal).Select(s => s.Status.ToString()), logged.Sources.Select(s => s.Status));
        Assert.Contains(logged.Sources, s => s.Status == "Found");
        Assert.Null(await c.Resolve<IOutbox<CoreDbContext>>().OldestUnprocessedAsync(CancellationToken.None));
        Assert.DoesNotContain("201003152384", _received.Payloads, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_emergency_opening_publishes_EmergencyOpeningRecorded_and_its_review_reaches_the_audit_chain()
    {
        var c = Build();
        var lookup = c.Resolve<IClientLookup>();

        var result = await lookup.LookupAsync(new LookupRequest("anna", Maja, null, null, "Polisen har hittat flickan ensam ute"), CancellationToken.None);

        var opening = result.EmergencyOpening!;
        Assert.Equal(new EmergencyOpeningRecorded(opening.Id, "anna", opening.OpenedAt, opening.ExpiresAt), Assert.Single(_received.Openings));
        var logged = await _received.WaitForLookupAsync(e => e.LookupId == result.LookupId);
        Assert.Equal("EmergencyLookup", logged.Kind);
        Assert.DoesNotContain("ensam ute", _received.Payloads, StringComparison.Ordinal);

        await lookup.ReviewEmergencyOpeningAsync(opening.Id, "erik", "Befogat", CancellationToken.None);
        var audit = await c.Resolve<Core.Audit.IAuditLog>().RecentAsync(10);
        Assert.Single(audit, e => (e.Actor, e.Action, e.Subject, e.Details) == ("erik", "emergency-opening.reviewed", opening.Id, $"poster {result.AccessLogSequence}; Befogat"));
    }

    private IContainer Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        var builder = new ContainerBuilder();
        builder.Populate(services);
        var config = DemoConfig.CopyTo(_dir, simulator.BaseUrl, simulatorHttps: simulator.HttpsUrl);
        builder.RegisterModule(new CoreAutofacModule(new CoreOptions(config, TestPaths.Plugins, new DatabaseOptions(DatabaseProvider.Sqlite, _dir.File("data"), null), WatchConfiguration: false)));
        builder.RegisterModule(new IntakeAutofacModule());
        builder.RegisterModule(new SocialJour.Modules.Lookup.LookupAutofacModule());
        builder.RegisterModule(new SocialJour.Modules.Assessment.AssessmentAutofacModule());
        builder.RegisterInstance(_received);
        builder.Subscribe<LookupLogged, LookupLoggedSubscriber>();
        builder.Subscribe<EmergencyOpeningRecorded, EmergencyOpeningSubscriber>();
        _container = builder.Build();
        CoreStartup.InitializeDatabasesAsync(_container, CancellationToken.None).GetAwaiter().GetResult();
        return _container;
    }
}

internal sealed class CoreEventsReceived
{
    private readonly ConcurrentQueue<LookupLogged> _lookups = new();
    private readonly ConcurrentQueue<EmergencyOpeningRecorded> _openings = new();
    private readonly ConcurrentQueue<string> _payloads = new();

    public IReadOnlyList<EmergencyOpeningRecorded> Openings => [.. _openings];

    public string Payloads => string.Join("\n", _payloads);

    public void Add(LookupLogged e)
    {
        _payloads.Enqueue(System.Text.Json.JsonSerializer.Serialize(e));
        _lookups.Enqueue(e);
    }

    public void Add(EmergencyOpeningRecorded e)
    {
        _payloads.Enqueue(System.Text.Json.JsonSerializer.Serialize(e));
        _openings.Enqueue(e);
    }

    /// <summary>The access log dispatches after answering the caller, so the event may come a moment after the look-up returns.</summary>
    public async Task<LookupLogged> WaitForLookupAsync(Func<LookupLogged, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            if (_lookups.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("LookupLogged did not arrive within 5 s");
    }
}

internal sealed class LookupLoggedSubscriber(CoreEventsReceived received) : IIntegrationEventHandler<LookupLogged>
{
    public Task HandleAsync(LookupLogged evt, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        received.Add(evt);
        return Task.CompletedTask;
    }
}

internal sealed class EmergencyOpeningSubscriber(CoreEventsReceived received) : IIntegrationEventHandler<EmergencyOpeningRecorded>
{
    public Task HandleAsync(EmergencyOpeningRecorded evt, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        received.Add(evt);
        return Task.CompletedTask;
    }
}
