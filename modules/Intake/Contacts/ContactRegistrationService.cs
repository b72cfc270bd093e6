using System.Globalization;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Identity;
using SocialJour.Modules.Intake.Notices;
using SocialJour.Modules.Intake.Timers;

namespace SocialJour.Modules.Intake.Contacts;

/// <summary>Registers a contact and one case per person concerned, in one transaction, each identified person checked against the register.</summary>
internal sealed class ContactRegistrationService(Func<IntakeDbContext> contexts, IMunicipalityRegistry registry, IOutbox<IntakeDbContext> outbox, IdentityCheckService identityChecks, JourClock clock)
{
    public async Task<RegisteredContact> RegisterAsync(ContactRegistration registration, string userId, CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var now = clock.UtcNow;
        var (channel, receivedAt) = ContactRule.Check(registration, now, configuration.Jour.TimeZone);
        var localDate = JourClock.LocalDate(receivedAt, configuration.Jour.TimeZone);
        var persons = registration.Persons!;
        var rows = new List<JourCaseRow>();
        for (var i = 0; i < persons.Count; i++)
        {
            var p = PersonConcernedRule.Check(persons[i], i + 1, localDate, configuration.Municipalities);
            rows.Add(new JourCaseRow
            {
                PersonId = p.PersonId,
                Name = p.Name,
                ApproximateAge = p.ApproximateAge,
                MunicipalityCode = p.Home.Code,
                Referred = p.Home.Referred,
                ReferralNote = p.Home.Referral,
                Category = p.Category.ToString(),
                ConcernsChild = p.ConcernsChild,
                OpenedAt = now,
                OpenedBy = userId,
                Triage = (int)p.Triage,
                CallbackDueAt = ResponseTargets.CallbackDue(receivedAt),
            });
        }

        ContactRule.CheckNoDuplicates(rows.Select(r => r.PersonId));

        // Each identified person is checked against the population register (in parallel, never blocking the registration).
        await Task.WhenAll(rows.Where(r => r.PersonId is not null).Select(async r =>
        {
            var check = await identityChecks.CheckPersonAsync(r.PersonId!, localDate, userId, null, IdentityCheckRequest.ContactRegistration, cancellationToken);
            (r.RegisterStatus, r.RegisterDetail, r.RegisterName, r.RegisterAge, r.RegisterMunicipalityCode, r.RegisterProtection) =
                (check.Status, check.Detail, check.Name, check.Age, check.MunicipalityCode, check.Protection.ToString());
        }));

        var contact = new ContactRow
        {
            Channel = channel.ToString(),
            ReceivedAt = receivedAt,
            Caller = InputText.Trim(registration.Caller),
            Situation = InputText.Trim(registration.Situation),
            JourMode = configuration.Schedule.ModeAt(receivedAt).ToString(),
            RegisteredBy = userId,
            RegisteredAt = now,
            Cases = rows,
        };

        // One transaction: the contact, all its cases, their events and the audit entry are stored, or nothing is.
        await using (var db = contexts())
        {
            db.Contacts.Add(contact);
            await outbox.SaveAndDispatchAsync(db, () =>
            {
                db.Audit(userId, "contact.registered", "contact " + contact.Id.ToString(CultureInfo.InvariantCulture), string.Join(',', rows.Select(r => CaseIds.Format(r.Id))));
                db.Publish(new ContactRegistered(contact.Id, channel, contact.ReceivedAt, contact.JourMode, rows.Count, now));
                foreach (var r in rows)
                {
                    db.Publish(new CaseOpened(CaseIds.Format(r.Id), contact.Id, r.MunicipalityCode, Enum.Parse<CaseCategory>(r.Category), r.ConcernsChild, (TriageLevel)r.Triage,
                        channel, contact.JourMode, r.Referred, contact.ReceivedAt, r.OpenedAt));
                }
            }, cancellationToken);
        }

        await using var read = contexts();
        var unacknowledged = await UnacknowledgedNotices.CountAsync(read, rows, clock.Today, cancellationToken);
        return new RegisteredContact(contact.Id, contact.ReceivedAt, contact.JourMode, rows.Select(r => CaseViews.ToView(r, contact, unacknowledged.GetValueOrDefault(r.Id))).ToList());
    }
}
