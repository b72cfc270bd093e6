using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;
using SocialJour.Core.Identity;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake;

internal sealed class IntakeModule(
    ModuleDatabase<IntakeDbContext> database,
    Func<IntakeDbContext> contexts,
    IMunicipalityRegistry registry,
    IAuditLog audit,
    IAccessLog accessLog,
    IPopulationRegisterLookup populationRegister,
    Lazy<IEnumerable<ICaseCloseGuard>> closeGuards,
    Lazy<IEnumerable<ICaseMoveGuard>> moveGuards,
    TimeProvider time) : IIntakeModule
{
    public const int MaxPersons = 20;

    /// <summary>
    /// Register checks for a contact being registered (no case yet) are bound only by their purpose; a user may check at
    /// most this many different numbers that way within <see cref="UnboundCheckWindow"/>, which covers a busy night's
    /// contacts but not a fishing trip. Checks for a case's persons and at registration are not counted.
    /// </summary>
    public const int MaxUnboundChecks = 40;

    public static readonly TimeSpan UnboundCheckWindow = TimeSpan.FromMinutes(15);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<(DateTimeOffset At, string PersonId)>> _unboundChecks = new(StringComparer.Ordinal);

    /// <summary>The brief's targets: call back within 30 minutes of receipt; on site within 2 hours of the decision.</summary>
    public static readonly TimeSpan CallbackWithin = TimeSpan.FromMinutes(30);

    public static readonly TimeSpan OnSiteWithin = TimeSpan.FromHours(2);

    public string Name => IntakeDbContext.ModuleName;

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => database.CanConnectAsync(cancellationToken);

    public async Task<RegisteredContact> RegisterContactAsync(ContactRegistration registration, string userId, CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var now = time.GetUtcNow();
        var receivedAt = registration.ReceivedAt ?? now;
        if (receivedAt > now.AddMinutes(5))
        {
            throw new ValidationException("receivedAt", "Tidpunkten då kontakten togs emot kan inte ligga i framtiden.");
        }

        if (!Core.Calendar.SwedishCalendar.IsSupportedYear(TimeZoneInfo.ConvertTime(receivedAt, configuration.Jour.TimeZone).Year))
        {
            throw new ValidationException("receivedAt", "Tidpunkten då kontakten togs emot: " + Core.Calendar.SwedishCalendar.UnsupportedYearMessage(TimeZoneInfo.ConvertTime(receivedAt, configuration.Jour.TimeZone).Year));
        }

        if (registration.Channel is not { } channel || !Enum.IsDefined(channel))
        {
            throw new ValidationException("channel", "Ange hur kontakten kom in (SOS Alarm, direktlinjen, polisen, kommun, e-tjänst eller annat).");
        }

        CheckText("caller", "Inringaren", registration.Caller, 200);
        CheckText("situation", "Situationen", registration.Situation, 4000);
        var persons = registration.Persons ?? [];
        if (persons.Count == 0)
        {
            throw new ValidationException("persons", "Ange minst en person som kontakten gäller; varje person blir ett eget ärende.");
        }

        if (persons.Count > MaxPersons)
        {
            throw new ValidationException("persons", $"Högst {MaxPersons} personer per kontakt.");
        }

        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(receivedAt, configuration.Jour.TimeZone).DateTime);
        var rows = new List<JourCaseRow>();
        for (var i = 0; i < persons.Count; i++)
        {
            rows.Add(ToCase(persons[i], i + 1, localDate, configuration, receivedAt, userId, now));
        }

        var duplicate = rows.Where(r => r.PersonId is not null).GroupBy(r => r.PersonId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ValidationException("persons", "Samma person är angiven två gånger.");
        }

        // Each identified person is checked against the population register (in parallel, never blocking the registration).
        await Task.WhenAll(rows.Where(r => r.PersonId is not null).Select(async r =>
        {
            var check = await CheckAsync(r.PersonId!, localDate, userId, null, IdentityCheckRequest.ContactRegistration, cancellationToken);
            (r.RegisterStatus, r.RegisterDetail, r.RegisterName, r.RegisterAge, r.RegisterMunicipalityCode, r.RegisterProtected) =
                (check.Status, check.Detail, check.Name, check.Age, check.MunicipalityCode, check.Protected);
        }));

        var contact = new ContactRow
        {
            Channel = channel.ToString(),
            ReceivedAt = receivedAt,
            Caller = Trim(registration.Caller),
            Situation = Trim(registration.Situation),
            JourMode = configuration.Schedule.ModeAt(receivedAt).ToString(),
            RegisteredBy = userId,
            RegisteredAt = now,
            Cases = rows,
        };

        // One transaction: the contact and all its cases are stored, or nothing is.
        await using (var db = contexts())
        {
            db.Contacts.Add(contact);
            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.AppendAsync(userId, "contact.registered", "contact " + contact.Id.ToString(CultureInfo.InvariantCulture),
            string.Join(',', rows.Select(r => CaseId(r.Id))), CancellationToken.None);
        await using var read = contexts();
        var unacknowledged = await UnacknowledgedAsync(read, rows, cancellationToken);
        return new RegisteredContact(contact.Id, contact.ReceivedAt, contact.JourMode, rows.Select(r => ToView(r, contact, unacknowledged.GetValueOrDefault(r.Id))).ToList());
    }

    public async Task<IReadOnlyList<JourCaseView>> OpenCasesAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.Cases.AsNoTracking().Include(c => c.Contact).Where(c => c.ClosedAt == null).ToListAsync(cancellationToken);
        var unacknowledged = await UnacknowledgedAsync(db, rows, cancellationToken);

        // Most urgent first: triage level, then cases concerning children, then the nearest deadline not yet met.
        return rows.Select(r => ToView(r, r.Contact!, unacknowledged.GetValueOrDefault(r.Id)))
            .OrderBy(v => v.Triage).ThenByDescending(v => v.ConcernsChild).ThenBy(v => v.NextDeadline ?? DateTimeOffset.MaxValue).ThenBy(v => v.ReceivedAt)
            .ToList();
    }

    public async Task<JourCaseView?> FindCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        if (ParseCaseId(caseId) is not { } id)
        {
            return null;
        }

        await using var db = contexts();
        var row = await db.Cases.AsNoTracking().Include(c => c.Contact).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return row is null ? null : ToView(row, row.Contact!, (await UnacknowledgedAsync(db, [row], cancellationToken)).GetValueOrDefault(row.Id));
    }

    public async Task<IReadOnlyList<JourCaseView>> CasesReceivedAsync(string municipalityCode, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.Cases.AsNoTracking().Include(c => c.Contact)
            .Where(c => c.MunicipalityCode == municipalityCode && c.Contact!.ReceivedAt >= from && c.Contact.ReceivedAt < to)
            .ToListAsync(cancellationToken);
        var unacknowledged = await UnacknowledgedAsync(db, rows, cancellationToken);
        return rows.OrderBy(r => r.Contact!.ReceivedAt).ThenBy(r => r.Id).Select(r => ToView(r, r.Contact!, unacknowledged.GetValueOrDefault(r.Id))).ToList();
    }

    public async Task<JourCaseView> CloseCaseAsync(string caseId, string userId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var id = ParseCaseId(caseId);
        var row = id is null ? null : await db.Cases.Include(c => c.Contact).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row is null)
        {
            throw new ValidationException("caseId", $"Ärendet {caseId} finns inte.", notFound: true);
        }

        if (row.ClosedAt is not null)
        {
            throw new ValidationException("caseId", $"Ärendet {caseId} är redan avslutat.");
        }

        if ((await UnacknowledgedAsync(db, [row], cancellationToken)).GetValueOrDefault(row.Id) is > 0 and var n)
        {
            throw new ValidationException("caseId", $"Ärendet {caseId} har {n} aviseringar som inte är kvitterade. Läs och kvittera dem först.");
        }

        var info = JourCaseDirectory.ToInfo(ToView(row, row.Contact!));
        foreach (var guard in closeGuards.Value)
        {
            if (await guard.WhyNotClosableAsync(info, cancellationToken) is { } why)
            {
                throw new ValidationException("caseId", why);
            }
        }

        row.ClosedAt = time.GetUtcNow();
        row.ClosedBy = userId;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "case.closed", CaseId(row.Id), "", CancellationToken.None);
        return ToView(row, row.Contact!);
    }

    public Task<JourCaseView> RecordCallbackAsync(string caseId, string userId, CancellationToken cancellationToken) =>
        UpdateTimerAsync(caseId, userId, "case.called-back", r =>
        {
            if (r.CalledBackAt is not null)
            {
                throw new ValidationException("caseId", $"Återuppringning är redan registrerad för {caseId}.");
            }

            r.CalledBackAt = time.GetUtcNow();
            return r.CalledBackAt > r.CallbackDueAt ? ("Callback", r.CallbackDueAt) : null;
        }, cancellationToken);

    public Task<JourCaseView> DecideVisitAsync(string caseId, string userId, CancellationToken cancellationToken) =>
        UpdateTimerAsync(caseId, userId, "case.visit-decided", r =>
        {
            if (r.VisitDecidedAt is not null)
            {
                throw new ValidationException("caseId", $"Beslut om besök är redan registrerat för {caseId}.");
            }

            r.VisitDecidedAt = time.GetUtcNow();
            r.VisitDueAt = r.VisitDecidedAt + OnSiteWithin;
            return null;
        }, cancellationToken);

    public Task<JourCaseView> RecordOnSiteAsync(string caseId, string userId, CancellationToken cancellationToken) =>
        UpdateTimerAsync(caseId, userId, "case.on-site", r =>
        {
            if (r.VisitDueAt is null)
            {
                throw new ValidationException("caseId", $"Registrera först beslutet om besök för {caseId}.");
            }

            if (r.OnSiteAt is not null)
            {
                throw new ValidationException("caseId", $"Ankomst på plats är redan registrerad för {caseId}.");
            }

            r.OnSiteAt = time.GetUtcNow();
            return r.OnSiteAt > r.VisitDueAt ? ("OnSite", r.VisitDueAt.Value) : null;
        }, cancellationToken);

    public async Task<int> RecordBreachesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = contexts();
        var open = await db.Cases.Where(c => c.ClosedAt == null).ToListAsync(cancellationToken);
        var known = (await db.TimerBreaches.Select(b => new { b.CaseId, b.Kind }).ToListAsync(cancellationToken)).Select(b => (b.CaseId, b.Kind)).ToHashSet();
        var added = 0;
        foreach (var r in open)
        {
            if (r.CalledBackAt is null && r.CallbackDueAt < now && !known.Contains((r.Id, "Callback")))
            {
                db.TimerBreaches.Add(new TimerBreachRow { CaseId = r.Id, Kind = "Callback", DueAt = r.CallbackDueAt, RecordedAt = now });
                added++;
            }

            if (r.VisitDueAt is { } due && r.OnSiteAt is null && due < now && !known.Contains((r.Id, "OnSite")))
            {
                db.TimerBreaches.Add(new TimerBreachRow { CaseId = r.Id, Kind = "OnSite", DueAt = due, RecordedAt = now });
                added++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    public async Task<IReadOnlyList<TimerBreach>> TimerBreachesAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.TimerBreaches.AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderBy(b => b.DueAt).Select(b => new TimerBreach(CaseId(b.CaseId), b.Kind, b.DueAt, b.RecordedAt)).ToList();
    }

    public async Task<NoticeView> RegisterNoticeAsync(NoticeRegistration registration, string userId, CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), configuration.Jour.TimeZone).DateTime);
        if (string.IsNullOrWhiteSpace(registration.MunicipalityCode) || configuration.Find(registration.MunicipalityCode.Trim()) is not { } m)
        {
            throw new ValidationException("municipalityCode", "Ange vilken av jourens kommuner som skickat aviseringen.");
        }

        var (identity, error) = IdentityNumber.TryParse(registration.IdentityNumber, today);
        if (identity is null)
        {
            throw new ValidationException("identityNumber", error ?? "Ogiltigt identitetsnummer.");
        }

        if (string.IsNullOrWhiteSpace(registration.Text) || registration.Text.Trim().Length < 5)
        {
            throw new ValidationException("text", "Skriv vad aviseringen säger (t.ex. \"bevilja inte ekonomiskt bistånd\").");
        }

        CheckText("text", "Aviseringens text", registration.Text, 2000);
        var from = registration.ValidFrom ?? today;
        if (registration.ValidTo is { } to && to < from)
        {
            throw new ValidationException("validTo", "Slutdatum kan inte ligga före startdatum.");
        }

        var row = new NoticeRow
        {
            MunicipalityCode = m.Code,
            PersonId = identity.Canonical,
            Text = registration.Text.Trim(),
            ValidFrom = from,
            ValidTo = registration.ValidTo,
            RegisteredBy = userId,
            RegisteredAt = time.GetUtcNow(),
        };
        await using var db = contexts();
        db.Notices.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "notice.registered", "notice " + row.Id.ToString(CultureInfo.InvariantCulture), m.Code, CancellationToken.None);
        return ToView(row, null);
    }

    public async Task<IReadOnlyList<NoticeView>> ActiveNoticesAsync(CancellationToken cancellationToken)
    {
        var today = Today();
        await using var db = contexts();
        var rows = await db.Notices.AsNoTracking().Where(n => n.ValidFrom <= today && (n.ValidTo == null || n.ValidTo >= today)).ToListAsync(cancellationToken);
        return rows.OrderBy(n => n.ValidTo ?? DateOnly.MaxValue).Select(n => ToView(n, null)).ToList();
    }

    public async Task<IReadOnlyList<NoticeView>> CaseNoticesAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await FindRowAsync(db, caseId, cancellationToken);
        if (row.PersonId is null)
        {
            return [];
        }

        var today = Today();
        var notices = await db.Notices.AsNoTracking().Where(n => n.PersonId == row.PersonId && n.ValidFrom <= today && (n.ValidTo == null || n.ValidTo >= today)).ToListAsync(cancellationToken);
        var acks = await db.NoticeAcknowledgements.AsNoTracking().Where(a => a.CaseId == row.Id).ToListAsync(cancellationToken);
        return notices.Select(n => ToView(n, acks.FirstOrDefault(a => a.NoticeId == n.Id))).OrderBy(n => n.Acknowledged).ToList();
    }

    public async Task<NoticeView> AcknowledgeNoticeAsync(string caseId, long noticeId, string userId, CancellationToken cancellationToken)
    {
        var notices = await CaseNoticesAsync(caseId, cancellationToken);
        var notice = notices.FirstOrDefault(n => n.Id == noticeId)
            ?? throw new ValidationException("noticeId", $"Aviseringen {noticeId} gäller inte ärendet {caseId}.", notFound: true);
        if (notice.Acknowledged)
        {
            return notice;
        }

        var ack = new NoticeAcknowledgementRow { CaseId = ParseCaseId(caseId)!.Value, NoticeId = noticeId, AcknowledgedBy = userId, AcknowledgedAt = time.GetUtcNow() };
        await audit.AppendAsync(userId, "notice.acknowledged", caseId, "notice " + noticeId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        await using var db = contexts();
        db.NoticeAcknowledgements.Add(ack);
        await db.SaveChangesAsync(cancellationToken);
        return notice with { AcknowledgedBy = userId, AcknowledgedAt = ack.AcknowledgedAt };
    }

    public async Task<CommissionView> RegisterCommissionAsync(CommissionOrder order, string userId, CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var now = time.GetUtcNow();
        var orderedAt = order.OrderedAt ?? now;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(orderedAt, configuration.Jour.TimeZone).DateTime);
        if (string.IsNullOrWhiteSpace(order.MunicipalityCode) || configuration.Find(order.MunicipalityCode.Trim()) is not { } m || !m.IsMemberOn(day))
        {
            throw new ValidationException("municipalityCode", "Ange den beställande kommunen bland jourens medlemmar den dagen.");
        }

        if (order.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            throw new ValidationException("kind", "Ange typ av uppdrag: hembesök, telefonstöd eller annat.");
        }

        if (string.IsNullOrWhiteSpace(order.OrderedBy))
        {
            throw new ValidationException("orderedBy", "Ange vem i kommunen som beställde uppdraget.");
        }

        if (orderedAt > now.AddMinutes(5))
        {
            throw new ValidationException("orderedAt", "Beställningstiden kan inte ligga i framtiden.");
        }

        if (string.IsNullOrWhiteSpace(order.Description))
        {
            throw new ValidationException("description", "Beskriv uppdraget (t.ex. \"tillsyn i hemmet kl 22\").");
        }

        CheckText("orderedBy", "Beställaren", order.OrderedBy, 200);
        CheckText("description", "Beskrivningen", order.Description, 2000);
        string? personId = null;
        if (!string.IsNullOrWhiteSpace(order.IdentityNumber))
        {
            var (identity, error) = IdentityNumber.TryParse(order.IdentityNumber, day);
            personId = identity?.Canonical ?? throw new ValidationException("identityNumber", error ?? "Ogiltigt identitetsnummer.");
        }

        var row = new CommissionRow
        {
            MunicipalityCode = m.Code,
            Kind = kind.ToString(),
            OrderedBy = order.OrderedBy.Trim(),
            OrderedAt = orderedAt,
            PersonId = personId,
            Description = order.Description.Trim(),
            RegisteredBy = userId,
            RegisteredAt = now,
        };
        await using var db = contexts();
        db.Commissions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "commission.registered", "commission " + row.Id.ToString(CultureInfo.InvariantCulture), m.Code, CancellationToken.None);
        return ToView(row);
    }

    public async Task<IReadOnlyList<CommissionView>> CommissionsAsync(bool openOnly, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.Commissions.AsNoTracking().Where(c => !openOnly || c.DoneAt == null).ToListAsync(cancellationToken);
        return rows.OrderBy(c => c.DoneAt is not null).ThenBy(c => c.OrderedAt).Select(ToView).ToList();
    }

    public async Task<CommissionView> CompleteCommissionAsync(long id, int? minutesSpent, string userId, CancellationToken cancellationToken)
    {
        if (minutesSpent is not (> 0 and <= 24 * 60))
        {
            throw new ValidationException("minutesSpent", "Ange nedlagd tid i minuter (1–1440).");
        }

        await using var db = contexts();
        var row = await db.Commissions.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new ValidationException("id", $"Uppdraget {id} finns inte.", notFound: true);
        if (row.DoneAt is not null)
        {
            throw new ValidationException("id", $"Uppdraget {id} är redan utfört.");
        }

        row.DoneAt = time.GetUtcNow();
        row.DoneBy = userId;
        row.MinutesSpent = minutesSpent;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "commission.done", "commission " + id.ToString(CultureInfo.InvariantCulture), minutesSpent.Value.ToString(CultureInfo.InvariantCulture) + " min", CancellationToken.None);
        return ToView(row);
    }

    private static CommissionView ToView(CommissionRow c) => new(c.Id, c.MunicipalityCode, Enum.Parse<CommissionKind>(c.Kind), c.OrderedBy, c.OrderedAt, c.PersonId,
        c.Description, c.RegisteredBy, c.DoneAt, c.DoneBy, c.MinutesSpent);

    public async Task<IdentityCheck> CheckIdentityAsync(IdentityCheckRequest request, string userId, CancellationToken cancellationToken)
    {
        var today = Today();
        var (identity, error) = IdentityNumber.TryParse(request.IdentityNumber, today);
        if (identity is null)
        {
            throw new ValidationException("identityNumber", error ?? "Ogiltigt identitetsnummer.");
        }

        if (identity.ToPersonId() is null)
        {
            throw new ValidationException("identityNumber", "Reservnummer finns inte i folkbokföringen.");
        }

        // Need-to-know, as for a look-up: a person of an open case, or a person of the contact being registered.
        if (!string.IsNullOrWhiteSpace(request.JourCaseId))
        {
            var caseId = request.JourCaseId.Trim();
            var persons = await CasePersonsAsync(caseId, cancellationToken, requireOpen: true);
            if (persons.All(p => p.PersonId != identity.Canonical))
            {
                throw new ValidationException("identityNumber",
                    $"Personen hör inte till jourärende {CaseId(ParseCaseId(caseId)!.Value)}. Kontrollera ärendets personer, eller lägg först till personen i ärendet med roll och skäl.");
            }

            return await CheckAsync(identity.Canonical, today, userId, CaseId(ParseCaseId(caseId)!.Value), "Identitetskontroll i ärende", cancellationToken);
        }

        if (!string.Equals(request.Purpose?.Trim(), IdentityCheckRequest.ContactRegistration, StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException("jourCaseId",
                $"En kontroll mot folkbokföringen görs för ett öppet jourärende (jourCaseId) eller för en kontakt som registreras (syfte \"{IdentityCheckRequest.ContactRegistration}\"). Kontrollen loggas.");
        }

        CountUnboundCheck(userId, identity.Canonical);
        return await CheckAsync(identity.Canonical, today, userId, null, IdentityCheckRequest.ContactRegistration, cancellationToken);
    }

    private void CountUnboundCheck(string userId, string personId)
    {
        var now = time.GetUtcNow();
        var checks = _unboundChecks.GetOrAdd(userId, _ => []);
        lock (checks)
        {
            checks.RemoveAll(c => c.At <= now - UnboundCheckWindow);
            if (checks.All(c => c.PersonId != personId) && checks.Select(c => c.PersonId).Distinct().Count() >= MaxUnboundChecks)
            {
                throw new ValidationException("identityNumber",
                    $"Du har kontrollerat {MaxUnboundChecks} olika nummer mot folkbokföringen utan ärende de senaste {UnboundCheckWindow.TotalMinutes:0} minuterna. " +
                    "Registrera kontakten; personerna kontrolleras då i sina ärenden. Kontrollerna finns i åtkomstloggen.");
            }

            checks.Add((now, personId));
        }
    }

    public Task<IReadOnlyList<CasePersonView>> CasePersonsAsync(string caseId, CancellationToken cancellationToken) =>
        CasePersonsAsync(caseId, cancellationToken, requireOpen: false);

    private async Task<IReadOnlyList<CasePersonView>> CasePersonsAsync(string caseId, CancellationToken cancellationToken, bool requireOpen)
    {
        await using var db = contexts();
        var row = await FindRowAsync(db, caseId, cancellationToken);
        if (requireOpen && row.ClosedAt is not null)
        {
            throw new ValidationException("jourCaseId", $"Jourärendet {CaseId(row.Id)} är avslutat.");
        }

        var sameContact = await db.Cases.AsNoTracking().Where(c => c.ContactId == row.ContactId && c.Id != row.Id && c.PersonId != null).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var related = await db.RelatedParties.AsNoTracking().Where(r => r.CaseId == row.Id).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var persons = new List<CasePersonView>();
        if (row.PersonId is not null)
        {
            persons.Add(new CasePersonView(row.PersonId, Label(row), CasePersonRelation.CasePerson, CaseId(row.Id)));
        }

        persons.AddRange(sameContact.Select(c => new CasePersonView(c.PersonId!, Label(c), CasePersonRelation.SameContact, CaseId(c.Id))));
        persons.AddRange(related.Where(r => persons.All(p => p.PersonId != r.PersonId))
            .Select(r => new CasePersonView(r.PersonId, Masked(r.PersonId), CasePersonRelation.RelatedParty, null, Enum.Parse<RelatedPartyRole>(r.Role), r.Reason, r.AddedBy, r.AddedAt)));
        return persons;
    }

    public async Task<CasePersonView> AddRelatedPartyAsync(string caseId, RelatedPartyInput input, string userId, CancellationToken cancellationToken)
    {
        var (identity, error) = IdentityNumber.TryParse(input.IdentityNumber, Today());
        if (identity is null)
        {
            throw new ValidationException("identityNumber", error ?? "Ogiltigt identitetsnummer.");
        }

        if (identity.ToPersonId() is null)
        {
            throw new ValidationException("identityNumber", "Ett reservnummer finns inte i kommunernas journalsystem; ange person- eller samordningsnummer.");
        }

        if (input.Role is not { } role || !Enum.IsDefined(role))
        {
            throw new ValidationException("role", "Ange personens roll i ärendet (förälder, vårdnadshavare, partner, syskon, annan anhörig, misstänkt förövare eller annan).");
        }

        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length < 10)
        {
            throw new ValidationException("reason", "Ange varför personen berörs av ärendet (minst 10 tecken). Skälet loggas.");
        }

        CheckText("reason", "Skälet", reason, FreeText.MaxReasonLength);

        var persons = await CasePersonsAsync(caseId, cancellationToken, requireOpen: true);
        if (persons.FirstOrDefault(p => p.PersonId == identity.Canonical) is { } already)
        {
            throw new ValidationException("identityNumber", $"Personen hör redan till ärendet ({already.Relation switch
            {
                CasePersonRelation.CasePerson => "ärendets person",
                CasePersonRelation.SameContact => "samma kontakt, ärende " + already.CaseId,
                _ => "berörd person",
            }}).");
        }

        var row = new RelatedPartyRow
        {
            CaseId = ParseCaseId(caseId)!.Value,
            PersonId = identity.Canonical,
            Role = role.ToString(),
            Reason = reason,
            AddedBy = userId,
            AddedAt = time.GetUtcNow(),
        };

        // Logged before it takes effect; the audit log holds the number masked.
        await audit.AppendAsync(userId, "case.related-party-added", CaseId(row.CaseId), $"{Masked(row.PersonId)} {role}: {reason}", CancellationToken.None);
        await using var db = contexts();
        db.RelatedParties.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new CasePersonView(row.PersonId, Masked(row.PersonId), CasePersonRelation.RelatedParty, null, role, row.Reason, row.AddedBy, row.AddedAt);
    }

    /// <summary>Free text that is stored, logged or sent on: bounded, without control or format characters (<see cref="FreeText"/>).</summary>
    private static void CheckText(string field, string label, string? text, int maxLength)
    {
        if (!string.IsNullOrWhiteSpace(text) && FreeText.Problem(text.Trim(), maxLength) is { } why)
        {
            throw new ValidationException(field, $"{label}: {why}.");
        }
    }

    private static string Masked(string personId) => string.Concat(personId.AsSpan(0, 8), "-****");

    private async Task<IdentityCheck> CheckAsync(string personId, DateOnly today, string userId, string? caseId, string purpose, CancellationToken cancellationToken)
    {
        if (personId.Length != 12 || personId[8] is < '0' or > '9' || !personId.All(char.IsAsciiDigit))
        {
            return new IdentityCheck("Disabled", "Reservnummer finns inte i folkbokföringen", null, null, null, false);
        }

        var answer = await populationRegister.FindAsync(personId, userId, cancellationToken);
        if (answer.Status != Adapters.Contract.SourceStatus.Disabled)
        {
            // The register's access log is the jour's access log: committed before the answer is shown.
            await accessLog.AppendAsync(new AccessDraft(AccessKind.RegisterCheck, userId, personId, caseId, purpose, null, Guid.NewGuid().ToString("N"),
                [new SourceAnswer(PopulationRegisterSource.Code, answer.Status)]), CancellationToken.None);
        }

        var p = answer.Person;
        int? age = p?.BirthDate is { } born ? today.Year - born.Year - (today < born.AddYears(today.Year - born.Year) ? 1 : 0) : null;
        return new IdentityCheck(answer.Status.ToString(), answer.Detail, p?.Name, age, p?.MunicipalityCode, p?.ProtectedIdentity == Adapters.Contract.ProtectedIdentity.Yes);
    }

    public async Task<JourCaseView> ChangeMunicipalityAsync(string caseId, string? municipalityCode, string? reason, string userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 10)
        {
            throw new ValidationException("reason", "Ange skälet till att ärendet flyttas till en annan kommun (minst 10 tecken). Skälet loggas.");
        }

        CheckText("reason", "Skälet", reason, FreeText.MaxReasonLength);

        await using var db = contexts();
        var row = await FindRowAsync(db, caseId, cancellationToken);
        var (code, referral) = Route(municipalityCode, Today(), registry.Current)
            ?? throw new ValidationException("municipalityCode", $"'{municipalityCode}' är ingen kommunkod.");
        if (code == row.MunicipalityCode)
        {
            throw new ValidationException("municipalityCode", $"Ärendet hör redan till kommun {code}.");
        }

        // Other modules hold what depends on the municipality (a report on its way to it) until the move is saved (ADR 0016).
        var info = JourCaseDirectory.ToInfo(ToView(row, row.Contact!));
        var holds = new List<ICaseMoveHold>();
        try
        {
            foreach (var guard in moveGuards.Value)
            {
                var (hold, whyNot) = await guard.HoldAsync(info, code, cancellationToken);
                if (hold is null)
                {
                    throw new ValidationException("municipalityCode", whyNot ?? "Ärendet kan inte flyttas just nu. Försök igen om en stund.");
                }

                holds.Add(hold);
            }

            var previous = row.MunicipalityCode;
            row.MunicipalityCode = code;
            row.Referred = referral is not null;
            row.ReferralNote = referral;
            await audit.AppendAsync(userId, "case.municipality-changed", caseId, $"{previous} -> {code}: {reason.Trim()}", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var hold in holds)
            {
                await hold.MovedAsync(userId, CancellationToken.None);
            }
        }
        finally
        {
            foreach (var hold in holds)
            {
                await hold.DisposeAsync();
            }
        }

        return ToView(row, row.Contact!, (await UnacknowledgedAsync(db, [row], cancellationToken)).GetValueOrDefault(row.Id));
    }

    /// <summary>
    /// Where a case belongs: a member on the day → that municipality; any other Swedish municipality → registered
    /// there and referred (with a note saying where); not a municipality code → null.
    /// </summary>
    private static (string Code, string? Referral)? Route(string? municipalityCode, DateOnly day, JourConfiguration configuration)
    {
        var code = municipalityCode?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        if (configuration.Find(code) is { } member && member.IsMemberOn(day))
        {
            return (code, null);
        }

        return MunicipalityCodes.ShortNames.TryGetValue(code, out var name)
            ? (code, $"{name} ({code}) är inte medlem i jouren {day:yyyy-MM-dd}: hänvisas till {name}s socialtjänst eller dess socialjour.")
            : null;
    }

    private DateOnly Today() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), registry.Current.Jour.TimeZone).DateTime);

    private static NoticeView ToView(NoticeRow n, NoticeAcknowledgementRow? ack) =>
        new(n.Id, n.MunicipalityCode, n.PersonId, n.Text, n.ValidFrom, n.ValidTo, n.RegisteredBy, n.RegisteredAt, ack?.AcknowledgedBy, ack?.AcknowledgedAt);

    private async Task<Dictionary<long, int>> UnacknowledgedAsync(IntakeDbContext db, IReadOnlyCollection<JourCaseRow> cases, CancellationToken cancellationToken)
    {
        var persons = cases.Where(c => c.PersonId is not null).Select(c => c.PersonId!).Distinct().ToList();
        if (persons.Count == 0)
        {
            return [];
        }

        var today = Today();
        var notices = await db.Notices.AsNoTracking().Where(n => persons.Contains(n.PersonId) && n.ValidFrom <= today && (n.ValidTo == null || n.ValidTo >= today))
            .Select(n => new { n.Id, n.PersonId }).ToListAsync(cancellationToken);
        if (notices.Count == 0)
        {
            return [];
        }

        var ids = cases.Select(c => c.Id).ToList();
        var acks = (await db.NoticeAcknowledgements.AsNoTracking().Where(a => ids.Contains(a.CaseId)).Select(a => new { a.CaseId, a.NoticeId }).ToListAsync(cancellationToken))
            .Select(a => (a.CaseId, a.NoticeId)).ToHashSet();
        return cases.Where(c => c.PersonId is not null)
            .ToDictionary(c => c.Id, c => notices.Count(n => n.PersonId == c.PersonId && !acks.Contains((c.Id, n.Id))));
    }

    private static async Task<JourCaseRow> FindRowAsync(IntakeDbContext db, string caseId, CancellationToken cancellationToken)
    {
        var id = ParseCaseId(caseId);
        return (id is null ? null : await db.Cases.Include(c => c.Contact).SingleOrDefaultAsync(c => c.Id == id, cancellationToken))
            ?? throw new ValidationException("caseId", $"Ärendet {caseId} finns inte.", notFound: true);
    }

    private async Task<JourCaseView> UpdateTimerAsync(string caseId, string userId, string action, Func<JourCaseRow, (string Kind, DateTimeOffset DueAt)?> update, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await FindRowAsync(db, caseId, cancellationToken);
        if (row.ClosedAt is not null)
        {
            throw new ValidationException("caseId", $"Ärendet {caseId} är avslutat.");
        }

        var late = update(row);
        if (late is { } breach && !await db.TimerBreaches.AnyAsync(b => b.CaseId == row.Id && b.Kind == breach.Kind, cancellationToken))
        {
            db.TimerBreaches.Add(new TimerBreachRow { CaseId = row.Id, Kind = breach.Kind, DueAt = breach.DueAt, RecordedAt = time.GetUtcNow() });
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, action, CaseId(row.Id), "", CancellationToken.None);
        return ToView(row, row.Contact!, (await UnacknowledgedAsync(db, [row], cancellationToken)).GetValueOrDefault(row.Id));
    }

    internal static string CaseId(long id) => "J" + id.ToString(CultureInfo.InvariantCulture);

    internal static long? ParseCaseId(string? caseId) =>
        caseId is { Length: > 1 } && (caseId[0] is 'J' or 'j') && long.TryParse(caseId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    internal static JourCaseView ToView(JourCaseRow r, ContactRow c, int unacknowledgedNotices = 0) => new(
        CaseId(r.Id), r.ContactId, r.PersonId, Label(r), r.Name, r.ApproximateAge, r.MunicipalityCode, Enum.Parse<CaseCategory>(r.Category), r.ConcernsChild,
        Enum.Parse<ContactChannel>(c.Channel), c.ReceivedAt, c.JourMode, r.OpenedAt, r.OpenedBy, r.ClosedAt, r.ClosedBy,
        (TriageLevel)r.Triage, r.CallbackDueAt, r.CalledBackAt, r.VisitDueAt, r.OnSiteAt, unacknowledgedNotices, r.Referred, r.ReferralNote,
        r.RegisterStatus is null ? null : new IdentityCheck(r.RegisterStatus, r.RegisterDetail, r.RegisterName, r.RegisterAge, r.RegisterMunicipalityCode, r.RegisterProtected));

    /// <summary>How a case's person is shown: birth date and the last four masked, or "Oidentifierad" with what is known.</summary>
    internal static string Label(JourCaseRow r) =>
        r.PersonId is not null
            ? string.Concat(r.PersonId.AsSpan(0, 8), "-****", r.Name is null ? "" : " " + r.Name)
            : "Oidentifierad" + (r.Name is null ? "" : " " + r.Name) + (r.ApproximateAge is null ? "" : $" (ca {r.ApproximateAge} år)");

    private static JourCaseRow ToCase(PersonConcerned p, int index, DateOnly localDate, JourConfiguration configuration, DateTimeOffset receivedAt, string userId, DateTimeOffset now)
    {
        var field = $"persons[{index}]";
        if (!string.IsNullOrWhiteSpace(p.Name) && FreeText.Problem(p.Name.Trim(), 100, allowLineBreaks: false) is { } nameProblem)
        {
            throw new ValidationException(field + ".name", $"Person {index}: namnet: {nameProblem}.");
        }

        string? personId = null;
        bool child;
        if (!string.IsNullOrWhiteSpace(p.IdentityNumber))
        {
            var (identity, error) = IdentityNumber.TryParse(p.IdentityNumber, localDate);
            if (identity is null)
            {
                throw new ValidationException(field + ".identityNumber", $"Person {index}: {error}");
            }

            personId = identity.Canonical;
            child = identity.BirthDate is { } born && born.AddYears(18) > localDate;
        }
        else
        {
            if (string.IsNullOrWhiteSpace(p.Name) && p.ApproximateAge is null)
            {
                throw new ValidationException(field, $"Person {index}: ange person- eller samordningsnummer, eller det som är känt (namn, ungefärlig ålder).");
            }

            if (p.ApproximateAge is < 0 or > 120)
            {
                throw new ValidationException(field + ".approximateAge", $"Person {index}: åldern ska vara mellan 0 och 120 år.");
            }

            child = p.ApproximateAge is < 18;
        }

        var (homeCode, referral) = Route(p.MunicipalityCode, localDate, configuration)
            ?? throw new ValidationException(field + ".municipalityCode", $"Person {index}: ange hemkommun med en giltig kommunkod{(string.IsNullOrWhiteSpace(p.MunicipalityCode) ? "" : $" ({p.MunicipalityCode.Trim()} finns inte)")}.");

        if (p.Category is not { } category || !Enum.IsDefined(category))
        {
            throw new ValidationException(field + ".category", $"Person {index}: ange ärendekategori.");
        }

        return new JourCaseRow
        {
            PersonId = personId,
            Name = Trim(p.Name),
            ApproximateAge = personId is null ? p.ApproximateAge : null,
            MunicipalityCode = homeCode,
            Referred = referral is not null,
            ReferralNote = referral,
            Category = category.ToString(),
            ConcernsChild = child || category is CaseCategory.ChildrenAndYouth or CaseCategory.UnaccompaniedMinor,
            OpenedAt = now,
            OpenedBy = userId,
            Triage = (int)(p.Triage is { } t && Enum.IsDefined(t) ? t : p.Triage is null ? TriageLevel.Normal
                : throw new ValidationException(field + ".triage", $"Person {index}: prioriteten ska vara akut, brådskande eller normal.")),
            CallbackDueAt = receivedAt + CallbackWithin,
        };
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The look-up's view of the jour's cases (<see cref="IJourCaseDirectory"/>, defined by the core).</summary>
internal sealed class JourCaseDirectory(IIntakeModule intake, Func<IntakeDbContext> contexts) : IJourCaseDirectory
{
    public async Task<JourCaseInfo?> FindAsync(string caseId, CancellationToken cancellationToken) =>
        await intake.FindCaseAsync(caseId, cancellationToken) is { } c ? ToInfo(c) : null;

    public async Task<IReadOnlyList<JourCaseInfo>> OpenCasesAsync(CancellationToken cancellationToken) =>
        (await intake.OpenCasesAsync(cancellationToken)).Select(ToInfo).ToList();

    public async Task<IReadOnlyList<JourCasePerson>> PersonsOfCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        if (IntakeModule.ParseCaseId(caseId) is null || await intake.FindCaseAsync(caseId, cancellationToken) is null)
        {
            return [];
        }

        return (await intake.CasePersonsAsync(caseId, cancellationToken)).Select(p => new JourCasePerson(p.PersonId, p.Relation switch
        {
            CasePersonRelation.CasePerson => "ärendets person",
            CasePersonRelation.SameContact => "samma kontakt",
            _ => "berörd person: " + p.Role,
        })).ToList();
    }

    public async Task<(IReadOnlyList<JourCaseInfo> Newest, int Total)> ForPersonAsync(string personId, int limit, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var ofPerson = db.Cases.AsNoTracking().Where(c => c.PersonId == personId);
        var total = await ofPerson.CountAsync(cancellationToken);
        var rows = await ofPerson.Include(c => c.Contact).OrderByDescending(c => c.OpenedAt).Take(limit).ToListAsync(cancellationToken);
        return (rows.Select(r => ToInfo(IntakeModule.ToView(r, r.Contact!))).ToList(), total);
    }

    internal static JourCaseInfo ToInfo(JourCaseView c) =>
        new(c.Id, c.PersonId, c.PersonLabel, c.MunicipalityCode, c.Category.ToString(), c.OpenedAt, c.ClosedAt, c.ConcernsChild);
}
