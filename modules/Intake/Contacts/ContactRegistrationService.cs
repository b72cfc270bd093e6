using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
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
internal sealed class ContactRegistrationService(
    Func<IntakeDbContext> contexts, IMunicipalityRegistry registry, IOutbox<IntakeDbContext> outbox, IdentityCheckService identityChecks, JourClock clock,
    RegisterCheckWait registerWait, ILogger<ContactRegistrationService> logger)
{
    /// <summary>The status of a register check still running when the registration answered (shown as "kontrolleras").</summary>
    public const string PendingCheck = "Pending";

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

        // Each identified person is checked against the population register, in parallel and never holding up the
        // registration: the contact is saved once the checks have answered or RegisterCheckWait has passed, whichever is
        // first. A check still running then is saved as pending and written to its case when it answers (issue 25 §6).
        var checks = rows.Where(r => r.PersonId is not null).Select(r =>
        {
            (r.RegisterStatus, r.RegisterDetail, r.RegisterProtection) = (PendingCheck, "Kontrollen mot folkbokföringen pågår", null);
            return (Row: r, Check: CheckAsync(r.PersonId!, localDate, userId));
        }).ToList();
        await WaitForChecksAsync(checks);
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

        foreach (var (row, check) in checks.Where(c => c.Row.RegisterStatus == PendingCheck))
        {
            _ = WriteWhenAnsweredAsync(row.Id, check);
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

    /// <summary>The register's answer; a check that fails altogether (the access log did not answer) says so, showing nothing.</summary>
    private async Task<IdentityCheck> CheckAsync(string personId, DateOnly localDate, string userId)
    {
        try
        {
            // Not the request's token: a check the user no longer waits for still completes, and its case gets the answer.
            return await identityChecks.CheckPersonAsync(personId, localDate, userId, null, IdentityCheckRequest.ContactRegistration, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("Register check at contact registration failed ({Type})", e.GetType().Name);
            return new IdentityCheck(nameof(Adapters.Contract.SourceStatus.Unavailable), "Kontrollen kunde inte göras", null, null, null, Adapters.Contract.ProtectedIdentity.Unknown);
        }
    }

    /// <summary>
    /// Waits for the checks at most <see cref="RegisterCheckWait"/> (real time: a latency budget, not a deadline of the
    /// jour's) and fills in the rows of those that answered; the others stay pending.
    /// </summary>
    private async Task WaitForChecksAsync(List<(JourCaseRow Row, Task<IdentityCheck> Check)> checks)
    {
        if (checks.Count == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(checks.Select(c => c.Check)).WaitAsync(registerWait.Wait, TimeProvider.System);
        }
        catch (TimeoutException)
        {
            // Some checks still run: they are written to their cases when they answer.
        }

        foreach (var (row, check) in checks.Where(c => c.Check.IsCompletedSuccessfully))
        {
            Fill(row, check.Result);
        }
    }

    private async Task WriteWhenAnsweredAsync(long caseRowId, Task<IdentityCheck> check)
    {
        try
        {
            await WriteAsync([(caseRowId, await check)]);
        }
        catch (Exception e)
        {
            logger.LogWarning("A late register check could not be written to its case ({Type}); the case page offers a new check", e.GetType().Name);
        }
    }

    /// <summary>Writes the answers to their cases (only where the check is still pending: a newer check is never overwritten).</summary>
    private async Task WriteAsync(IReadOnlyList<(long CaseRowId, IdentityCheck Check)> answers)
    {
        if (answers.Count == 0)
        {
            return;
        }

        var ids = answers.Select(a => a.CaseRowId).ToList();
        await using var db = contexts();
        var rows = await db.Cases.Where(c => ids.Contains(c.Id) && c.RegisterStatus == PendingCheck).ToListAsync(CancellationToken.None);
        foreach (var row in rows)
        {
            Fill(row, answers.First(a => a.CaseRowId == row.Id).Check);
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static void Fill(JourCaseRow row, IdentityCheck check) =>
        (row.RegisterStatus, row.RegisterDetail, row.RegisterName, row.RegisterAge, row.RegisterMunicipalityCode, row.RegisterProtection) =
            (check.Status, check.Detail, check.Name, check.Age, check.MunicipalityCode, check.Protection.ToString());

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
