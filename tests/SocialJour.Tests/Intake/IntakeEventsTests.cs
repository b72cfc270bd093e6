using System.Collections.Concurrent;
using Autofac;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Events;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests.Intake;

/// <summary>
/// Intake's seams (issue 12): a change, its audit entry and its events commit together and reach the subscribers; the core's
/// register of jour cases is fed from the events even after a crash between save and dispatch, and filled at start-up for an
/// older database; a child's case closes only once assessment's ProtectionAssessmentDocumented has been delivered.
/// </summary>
public sealed class IntakeEventsTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(new DateTimeOffset(2026, 11, 24, 21, 15, 0, TimeSpan.FromHours(1)));
    private readonly Received _received = new();
    private readonly IContainer _container;

    public IntakeEventsTests() => _container = CoreHarness.Build(DemoConfig.CopyTo(_dir), new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, _dir.File("data"), null),
        time: _time, withModules: true, configure: b =>
        {
            b.RegisterInstance(_received);
            b.Subscribe<ContactRegistered, TestSubscriber>();
            b.Subscribe<CaseOpened, TestSubscriber>();
        });

    private IIntakeModule Intake => _container.Resolve<IIntakeModule>();

    private IJourCaseRegister Register => _container.Resolve<IJourCaseRegister>();

    public void Dispose()
    {
        _container.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_registered_contact_reaches_subscribers_as_one_CaseOpened_per_case_with_its_audit_entry_and_the_register_knows_the_cases()
    {
        var registered = await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.SosAlarm, null, "SOS Alarm", "Våld i hemmet",
        [
            new PersonConcerned("19851130-2385", null, null, "0184", CaseCategory.DomesticViolence),
            new PersonConcerned("201003152384", null, null, "0184", CaseCategory.DomesticViolence),
        ]), "anna", CancellationToken.None);
        var ids = registered.Cases.Select(c => c.Id).ToList();

        var opened = _received.Events.OfType<CaseOpened>().ToList();
        Assert.Equal(ids.Order(), opened.Select(o => o.CaseId).Order());
        Assert.All(opened, o => Assert.Equal((registered.ContactId, "0184", ContactChannel.SosAlarm), (o.ContactId, o.MunicipalityCode, o.Channel)));
        Assert.Equal(2, Assert.Single(_received.Events.OfType<ContactRegistered>()).Cases);
        var audit = await _container.Resolve<IAuditLog>().RecentAsync(5);
        Assert.Contains(audit, a => a.Action == "contact.registered" && a.Actor == "anna" && a.Details == string.Join(',', ids));

        // The core's register: each case, with both persons of the contact (need-to-know for look-ups from either case).
        foreach (var id in ids)
        {
            Assert.Equal(["198511302385", "201003152384"], (await Register.PersonsOfCaseAsync(id, CancellationToken.None)).Select(p => p.PersonId).Order());
        }
    }

    [Fact]
    public async Task A_crash_between_save_and_dispatch_still_feeds_the_register_when_the_outbox_is_dispatched()
    {
        var c = (await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
            [new PersonConcerned("201003152384", null, null, "0184", CaseCategory.ChildrenAndYouth)]), "anna", CancellationToken.None)).Cases[0];

        // A related party saved with its event and audit entry; the process "dies" before dispatching.
        await using (var db = _container.Resolve<Func<IntakeDbContext>>()())
        {
            db.RelatedParties.Add(new RelatedPartyRow { CaseId = CaseIds.Parse(c.Id)!.Value, PersonId = "198511302385", Role = nameof(RelatedPartyRole.Parent), Reason = "Mamma", AddedBy = "anna", AddedAt = _time.Now });
            db.Publish(new RelatedPartyAdded(c.Id, "198511302385", RelatedPartyRole.Parent, _time.Now));
            db.Audit("anna", "case.related-party-added", c.Id, "19851130-**** Parent: Mamma");
            await db.SaveChangesAsync();
        }

        Assert.DoesNotContain(await Register.PersonsOfCaseAsync(c.Id, CancellationToken.None), p => p.PersonId == "198511302385");

        Assert.Equal(2, await _container.Resolve<IOutbox<IntakeDbContext>>().DispatchPendingAsync(CancellationToken.None));

        Assert.Contains(await Register.PersonsOfCaseAsync(c.Id, CancellationToken.None), p => p.PersonId == "198511302385");
        Assert.Contains(await _container.Resolve<IAuditLog>().RecentAsync(3), a => a.Action == "case.related-party-added" && a.Subject == c.Id);
    }

    [Fact]
    public async Task Cases_from_before_the_register_are_recorded_at_start_up_once()
    {
        await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
            [new PersonConcerned("197806142399", null, null, "0114", CaseCategory.SubstanceAbuse)]), "anna", CancellationToken.None);

        // A case saved by an older version: no event, so the register does not know it.
        long oldId;
        await using (var db = _container.Resolve<Func<IntakeDbContext>>()())
        {
            var contact = await db.Contacts.FirstAsync();
            var old = new JourCaseRow { ContactId = contact.Id, PersonId = "198511302385", MunicipalityCode = "0184", Category = nameof(CaseCategory.DomesticViolence), OpenedAt = _time.Now, OpenedBy = "erik", CallbackDueAt = _time.Now };
            db.Cases.Add(old);
            await db.SaveChangesAsync();
            oldId = old.Id;
        }

        var oldCase = CaseIds.Format(oldId);
        Assert.Null(await Register.FindAsync(oldCase, CancellationToken.None));

        var backfill = _container.Resolve<CaseRegisterBackfill>();
        Assert.Equal(2, await backfill.RunAsync(CancellationToken.None));
        Assert.Equal("0184", (await Register.FindAsync(oldCase, CancellationToken.None))!.MunicipalityCode);
        Assert.Equal(1, (await Register.ForPersonAsync("198511302385", 5, CancellationToken.None)).Total);
        Assert.Equal(0, await backfill.RunAsync(CancellationToken.None)); // the register is complete now
    }

    [Fact]
    public async Task A_childs_case_closes_only_after_ProtectionAssessmentDocumented_is_delivered_and_its_close_reaches_the_register()
    {
        var c = (await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
            [new PersonConcerned("201003152384", null, null, "0184", CaseCategory.ChildrenAndYouth)]), "anna", CancellationToken.None)).Cases[0];
        Assert.True(c.ConcernsChild);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => Intake.CloseCaseAsync(c.Id, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None));
        Assert.Equal("caseId", refused.Field);
        Assert.Equal($"Ärendet {c.Id} gäller ett barn: dokumentera den omedelbara skyddsbedömningen innan ärendet avslutas.", refused.Message);

        // Assessment's event, through assessment's own outbox, as the assessment module publishes it.
        await using (var db = _container.Resolve<Func<AssessmentDbContext>>()())
        {
            db.Publish(new ProtectionAssessmentDocumented(1, c.Id, ProtectionOutcome.NoImmediateNeed, _time.Now));
            await _container.Resolve<IOutbox<AssessmentDbContext>>().SaveAndDispatchAsync(db, CancellationToken.None);
        }

        var closed = await Intake.CloseCaseAsync(c.Id, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None);
        Assert.False(closed.IsOpen);
        Assert.False((await Register.FindAsync(c.Id, CancellationToken.None))!.IsOpen);
        Assert.Contains(await _container.Resolve<IAuditLog>().RecentAsync(3), a => a.Action == "case.closed" && a.Subject == c.Id);
    }

    internal sealed class Received
    {
        public ConcurrentQueue<IIntegrationEvent> Events { get; } = new();
    }

    internal sealed class TestSubscriber(Received received) : IIntegrationEventHandler<ContactRegistered>, IIntegrationEventHandler<CaseOpened>
    {
        public Task HandleAsync(ContactRegistered evt, IntegrationEventContext context, CancellationToken cancellationToken)
        {
            received.Events.Enqueue(evt);
            return Task.CompletedTask;
        }

        public Task HandleAsync(CaseOpened evt, IntegrationEventContext context, CancellationToken cancellationToken)
        {
            received.Events.Enqueue(evt);
            return Task.CompletedTask;
        }
    }
}
