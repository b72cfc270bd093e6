using System.Collections.Concurrent;
using Autofac;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests.Intake;

/// <summary>
/// Intake's response-target events (issue 14), at chosen instants: a recorded callback or arrival on site publishes
/// ResponseStepRecorded (late or not), a target found passed with the step not done publishes ResponseTargetMissed — from
/// the timer job, through intake's outbox — and a late step adds no ResponseTargetMissed (the step shows it late). The
/// municipality is the case's current one.
/// </summary>
public sealed class ResponseEventsTests : IDisposable
{
    private static readonly DateTimeOffset Received = new(2026, 11, 24, 21, 15, 0, TimeSpan.FromHours(1));
    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(Received);
    private readonly Responses _received = new();
    private readonly IContainer _container;

    public ResponseEventsTests() => _container = CoreHarness.Build(DemoConfig.CopyTo(_dir), new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, _dir.File("data"), null),
        time: _time, withModules: true, configure: b =>
        {
            b.RegisterInstance(_received);
            b.Subscribe<ResponseStepRecorded, ResponseSubscriber>();
            b.Subscribe<ResponseTargetMissed, ResponseSubscriber>();
        });

    private IIntakeModule Intake => _container.Resolve<IIntakeModule>();

    public void Dispose()
    {
        _container.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_callback_in_time_publishes_ResponseStepRecorded_with_its_due_instant_and_nothing_missed()
    {
        var c = await OpenCaseAsync("0184");

        _time.Now = Received.AddMinutes(12);
        await Intake.RecordCallbackAsync(c, "anna", CancellationToken.None);

        Assert.Equal(new ResponseStepRecorded(c, "0184", ResponseTargetKind.Callback, Received.AddMinutes(30).ToUniversalTime(), Received.AddMinutes(12).ToUniversalTime()),
            Assert.Single(_received.Steps));
        Assert.Empty(_received.Missed);
    }

    [Fact]
    public async Task The_timer_job_publishes_ResponseTargetMissed_for_an_unmet_target_once_through_the_outbox_and_the_late_step_follows_as_a_step()
    {
        var c = await OpenCaseAsync("0184");

        // Moved before the deadline: the events name the municipality the case has now.
        await Intake.ChangeMunicipalityAsync(c, "0191", "Bor i Sigtuna", "anna", CancellationToken.None);

        _time.Now = Received.AddMinutes(30);
        Assert.Equal(0, await Intake.RecordBreachesAsync(CancellationToken.None)); // due, not yet passed
        Assert.Empty(_received.Missed);

        _time.Now = Received.AddMinutes(31);
        Assert.Equal(1, await Intake.RecordBreachesAsync(CancellationToken.None));
        Assert.Equal(new ResponseTargetMissed(c, "0191", ResponseTargetKind.Callback, Received.AddMinutes(30).ToUniversalTime(), Received.AddMinutes(31).ToUniversalTime()),
            Assert.Single(_received.Missed));

        _time.Now = Received.AddMinutes(40);
        Assert.Equal(0, await Intake.RecordBreachesAsync(CancellationToken.None));
        Assert.Single(_received.Missed); // found once

        _time.Now = Received.AddMinutes(50);
        await Intake.RecordCallbackAsync(c, "anna", CancellationToken.None);
        Assert.Equal(new ResponseStepRecorded(c, "0191", ResponseTargetKind.Callback, Received.AddMinutes(30).ToUniversalTime(), Received.AddMinutes(50).ToUniversalTime()),
            Assert.Single(_received.Steps));
        Assert.Single(_received.Missed);
    }

    [Fact]
    public async Task A_late_arrival_on_site_is_one_late_step_and_one_breach_row_but_no_ResponseTargetMissed()
    {
        var c = await OpenCaseAsync("0123");
        _time.Now = Received.AddMinutes(10);
        await Intake.RecordCallbackAsync(c, "anna", CancellationToken.None);
        _time.Now = Received.AddMinutes(20);
        await Intake.DecideVisitAsync(c, "anna", CancellationToken.None);

        _time.Now = Received.AddMinutes(20).AddHours(2).AddSeconds(1);
        await Intake.RecordOnSiteAsync(c, "anna", CancellationToken.None);

        var onSite = Assert.Single(_received.Steps, s => s.Kind == ResponseTargetKind.OnSite);
        Assert.Equal((c, "0123", Received.AddMinutes(20).AddHours(2).ToUniversalTime()), (onSite.CaseId, onSite.MunicipalityCode, onSite.DueAt));
        Assert.True(onSite.At > onSite.DueAt);
        Assert.Empty(_received.Missed);
        Assert.Single(await Intake.TimerBreachesAsync(CancellationToken.None), b => b.CaseId == c && b.Kind == "OnSite");
        Assert.Equal(0, await Intake.RecordBreachesAsync(CancellationToken.None)); // done: nothing for the timer job
        Assert.Empty(_received.Missed);
    }

    private async Task<string> OpenCaseAsync(string municipality)
    {
        _time.Now = Received;
        var registered = await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, "Polisen", "Orolig granne",
            [new PersonConcerned("197806142399", null, null, municipality, CaseCategory.SubstanceAbuse)]), "anna", CancellationToken.None);
        return registered.Cases[0].Id;
    }

    internal sealed class Responses
    {
        public ConcurrentQueue<ResponseStepRecorded> StepQueue { get; } = new();

        public ConcurrentQueue<ResponseTargetMissed> MissedQueue { get; } = new();

        public IReadOnlyList<ResponseStepRecorded> Steps => [.. StepQueue];

        public IReadOnlyList<ResponseTargetMissed> Missed => [.. MissedQueue];
    }

    internal sealed class ResponseSubscriber(Responses received) : IIntegrationEventHandler<ResponseStepRecorded>, IIntegrationEventHandler<ResponseTargetMissed>
    {
        public Task HandleAsync(ResponseStepRecorded evt, IntegrationEventContext context, CancellationToken cancellationToken)
        {
            received.StepQueue.Enqueue(evt);
            return Task.CompletedTask;
        }

        public Task HandleAsync(ResponseTargetMissed evt, IntegrationEventContext context, CancellationToken cancellationToken)
        {
            received.MissedQueue.Enqueue(evt);
            return Task.CompletedTask;
        }
    }
}
