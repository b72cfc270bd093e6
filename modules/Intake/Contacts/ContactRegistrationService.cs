using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Core.Persistence;
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

        // An open or recent case of the same person: refused with the candidates unless a reason to open a new one is given.
        var candidates = await DuplicateCandidatesAsync(rows, registration.Caller, now, cancellationToken);
        string? duplicateReason = null;
        if (candidates.Count > 0)
        {
            if (string.IsNullOrWhiteSpace(registration.DuplicateReason))
            {
                throw new PossibleDuplicateException(candidates);
            }

            try
            {
                duplicateReason = DuplicateCaseRule.CheckReason(registration.DuplicateReason);
            }
            catch (Core.ValidationException e)
            {
                throw new PossibleDuplicateException(candidates, e.Message);
            }

            foreach (var index in candidates.Select(c => c.PersonIndex).Distinct())
            {
                rows[index - 1].DuplicateReason = duplicateReason;
            }
        }

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
                if (duplicateReason is not null)
                {
                    db.Audit(userId, "contact.registered-despite-duplicate", "contact " + contact.Id.ToString(CultureInfo.InvariantCulture),
                        string.Join("; ", candidates.GroupBy(c => c.PersonIndex).Select(g =>
                            $"{CaseIds.Format(rows[g.Key - 1].Id)} (befintliga: {string.Join(',', g.Select(c => c.CaseId))})")) + ": " + duplicateReason);
                }

                db.Publish(new ContactRegistered(contact.Id, channel, contact.ReceivedAt, contact.JourMode, rows.Count, now));
                foreach (var r in rows)
                {
                    db.Publish(new CaseOpened(CaseIds.Format(r.Id), contact.Id, r.MunicipalityCode, Enum.Parse<CaseCategory>(r.Category), r.ConcernsChild, (TriageLevel)r.Triage,
                        channel, contact.JourMode, r.Referred, contact.ReceivedAt, r.OpenedAt));
                }
            }, cancellationToken);
        }

        // Stored: the read for the answer is tried again while the database is away, never answered "nothing stored" (ADR 0034).
        var unacknowledged = await DatabaseTrouble.ReadAfterCommitAsync(async () =>
        {
            await using var read = contexts();
            return await UnacknowledgedNotices.CountAsync(read, rows, clock.Today, cancellationToken);
        }, cancellationToken);
        var siblings = CaseViews.SameYearSiblings(rows, localDate);
        return new RegisteredContact(contact.Id, contact.ReceivedAt, contact.JourMode,
            rows.Select(r => CaseViews.ToView(r, contact, unacknowledged.GetValueOrDefault(r.Id), siblings.GetValueOrDefault(CaseIds.Format(r.Id)))).ToList());
    }

    /// <summary>Each person's open or recent cases (<see cref="DuplicateCaseRule"/>), in the order of the persons.</summary>
    private async Task<IReadOnlyList<DuplicateCandidate>> DuplicateCandidatesAsync(IReadOnlyList<JourCaseRow> rows, string? caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - DuplicateCaseRule.Window;
        var personIds = rows.Select(r => r.PersonId).OfType<string>().ToList();
        var anyUnidentified = rows.Any(r => r.PersonId is null && r.Name is not null);
        if (personIds.Count == 0 && !anyUnidentified)
        {
            return [];
        }

        await using var db = contexts();
        var current = db.Cases.AsNoTracking().Include(c => c.Contact).Where(c => c.AnnulledAt == null && (c.ClosedAt == null || c.ClosedAt >= since));
        var identified = personIds.Count == 0 ? [] : await current.Where(c => personIds.Contains(c.PersonId!)).ToListAsync(cancellationToken);
        var unidentified = anyUnidentified ? await current.Where(c => c.PersonId == null && c.Name != null).ToListAsync(cancellationToken) : [];
        var candidates = new List<DuplicateCandidate>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var found = row.PersonId is { } id
                ? identified.Where(c => c.PersonId == id).Select(c => (Case: c, Match: (string?)DuplicateCaseRule.SamePerson))
                : unidentified.Select(c => (Case: c, Match: DuplicateCaseRule.MatchUnidentified(row.Name, caller, c.Name, c.Contact?.Caller))).Where(m => m.Match is not null);
            candidates.AddRange(found.Where(m => DuplicateCaseRule.IsCurrent(m.Case.ClosedAt, m.Case.AnnulledAt, now))
                .OrderBy(m => m.Case.ClosedAt is null ? 0 : 1).ThenByDescending(m => m.Case.OpenedAt)
                .Select(m => new DuplicateCandidate(i + 1, CaseIds.Format(m.Case.Id), CaseViews.Label(m.Case), m.Case.OpenedAt, m.Case.ClosedAt, m.Match!)));
        }

        return candidates;
    }
}
