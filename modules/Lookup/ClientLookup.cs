using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Audit;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Identity;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;
using SocialJour.Core.Plugins;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Modules.Lookup;

/// <summary>
/// The cross-municipality look-up (<see cref="IClientLookup"/>): asks every member municipality's journal system in parallel,
/// merges the answers, logs the access durably and only then returns the data, with addresses hidden unless identity is
/// known unprotected. Storage is the core's (access log, retained answers, emergency openings, ADR 0032).
/// </summary>
internal sealed class ClientLookup(
    IMunicipalityRegistry registry,
    IJournalSources sources,
    IAccessLog accessLog,
    IPopulationRegisterLookup populationRegister,
    IJourCaseRegister cases,
    NeedToKnow needToKnow,
    IEmergencyOpenings openings,
    IAuditLog audit,
    IRetainedLookups retained,
    IEnumerable<IPersonNotices> personNotices,
    AccessLogExtracts extracts,
    LookupOptions options,
    DatabaseOptions database,
    TimeProvider time,
    ILogger<ClientLookup> logger) : IClientLookup
{
    public const int MinimumReasonLength = FreeText.MinReasonLength;

    /// <summary>How a kept answer is serialized (as before the module: the core keeps it opaque and encrypted).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public async Task<LookupResult> LookupAsync(LookupRequest request, CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var now = time.GetUtcNow();
        var today = JourClock.LocalDate(now, configuration.Jour.TimeZone);
        var person = ParsePerson(request.IdentityNumber, today);
        var grant = await AuthorizeAsync(request, person, now, cancellationToken);
        return await AskAsync(request.UserId, person, grant, configuration.MembersOn(today), earlier: null,
            recordOpening: grant.Kind == AccessKind.EmergencyLookup && request.EmergencyOpeningId is null, cancellationToken);
    }

    public async Task<LookupResult> RetryMissingAsync(string lookupId, string userId, CancellationToken cancellationToken)
    {
        var (kept, _) = await FindKeptAsync(lookupId, userId, cancellationToken);
        var earlier = kept.Result;
        var configuration = registry.Current;
        var now = time.GetUtcNow();
        var today = JourClock.LocalDate(now, configuration.Jour.TimeZone);
        if (earlier.Complete)
        {
            throw new LookupRejectedException("lookupId", "Alla kommuner har redan svarat på uppslaget; det finns inget att fråga igen.");
        }

        // The same person, case and purpose as the first answer, authorized again now: a closed case or an expired
        // emergency opening asks nobody again.
        var person = ParsePerson(earlier.PersonId, today);
        (AccessKind Kind, string? CaseId, string Purpose, string? Reason, EmergencyOpeningInfo? Opening) grant;
        if (earlier.JourCaseId is not null)
        {
            var (_, _, refusal) = await needToKnow.CheckAsync(earlier.JourCaseId, person.Canonical, cancellationToken);
            if (refusal is not null)
            {
                throw new LookupRejectedException(refusal.Field, "Kommunerna kan inte frågas igen: " + refusal.Message);
            }

            grant = (AccessKind.Lookup, earlier.JourCaseId, earlier.Purpose, null, null);
        }
        else
        {
            grant = await AuthorizeAsync(new LookupRequest(userId, earlier.PersonId, null, null, null, earlier.EmergencyOpening?.Id), person, now, cancellationToken);
        }

        // Only the municipalities that did not answer (and are still members) are asked, and only they appear in the new
        // access-log entry: those that answered are not asked, and not logged, a second time.
        var missing = earlier.Missing.Where(m => !m.IsPopulationRegister).Select(m => m.MunicipalityCode).ToHashSet(StringComparer.Ordinal);
        var toAsk = configuration.MembersOn(today).Where(m => missing.Contains(m.Code)).ToList();
        return await AskAsync(userId, person, grant, toAsk, kept, recordOpening: false, cancellationToken);
    }

    /// <summary>
    /// Asks <paramref name="members"/> (and the register, unless <paramref name="earlier"/> has its answer), logs the access
    /// durably, then merges the answers (with the earlier answer's, for a retry of its missing municipalities) and keeps the result.
    /// </summary>
    private async Task<LookupResult> AskAsync(string userId, IdentityNumber person,
        (AccessKind Kind, string? CaseId, string Purpose, string? Reason, EmergencyOpeningInfo? Opening) grant,
        IReadOnlyList<Municipality> members, KeptLookup? earlier, bool recordOpening, CancellationToken cancellationToken)
    {
        var (kind, caseId, purpose, reason, opening) = grant;
        var now = time.GetUtcNow();
        var today = JourClock.LocalDate(now, registry.Current.Jour.TimeZone);
        var lookupId = Guid.NewGuid().ToString("N");
        var personId = new PersonId(person.Canonical);
        var context = new LookupContext(userId, caseId, purpose, reason);
        var started = Stopwatch.GetTimestamp();
        using var activity = Core.Operations.SocialJourTelemetry.ActivitySource.StartActivity("lookup");
        activity?.SetTag("kind", kind.ToString()).SetTag("sources", members.Count);
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(options.OverallDeadline);
        var askRegister = earlier?.Register is not { } r || !r.Report.Answered;
        var register = askRegister ? AskRegisterAsync(person.Canonical, userId, overall.Token) : Task.FromResult<KeptRegister?>(earlier!.Register);
        var answers = await Task.WhenAll(members.Select(m => AskAsync(m, personId, context, overall.Token, cancellationToken)));

        // The register's protection marking can only make the answer more protective (a marking newer than the journals);
        // a register that did not answer makes protection unknown.
        var registerAnswer = await register;

        // The access is committed before anything is returned: no log entry, no data. The overall deadline holds here
        // too: a stalled disk refuses the look-up at the deadline instead of holding the social worker (the entry may
        // still be written later: an access that was attempted is never left out of the log).
        // The write gets what is left of the overall deadline, and at least AccessLogWriteMinimum when the sources used it up.
        AccessRecord entry;
        var writeLimit = options.OverallDeadline - Stopwatch.GetElapsedTime(started);
        using var logDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        logDeadline.CancelAfter(writeLimit > options.AccessLogWriteMinimum ? writeLimit : options.AccessLogWriteMinimum);
        try
        {
            entry = await accessLog.AppendAsync(
                new AccessDraft(kind, userId, person.Canonical, caseId, purpose, reason, lookupId,
                    answers.Select(a => new SourceAnswer(a.Report.MunicipalityCode, a.Report.Status)).ToList()),
                logDeadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError("Look-up {LookupId} refused: the access log was not written within the overall deadline", lookupId);
            throw new LookupRejectedException("accessLog",
                "Uppslaget kunde inte loggas i tid (lagringen svarar inte), så inga uppgifter visas. Försök igen om en stund; kontakta IT om det upprepas.",
                unavailable: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("Look-up {LookupId} refused: the access log could not be written ({Type})", lookupId, e.GetType().Name);
            throw new LookupRejectedException("accessLog",
                "Uppslaget kunde inte loggas (lagringen svarar inte), så inga uppgifter visas. Försök igen om en stund; kontakta IT om det upprepas.",
                unavailable: true);
        }

        if (opening is not null && recordOpening)
        {
            await openings.RecordAsync(new StoredEmergencyOpening(opening.Id, userId, person.Canonical, opening.Reason, opening.OpenedAt, opening.ExpiresAt),
                CancellationToken.None);
        }

        var (jourCases, jourCaseCount) = await cases.ForPersonAsync(person.Canonical, LookupLimits.JourCases, CancellationToken.None);
        var notices = new List<LookupNotice>();
        foreach (var source in personNotices)
        {
            notices.AddRange(await source.ActiveAboutAsync(person.Canonical, CancellationToken.None));
        }

        var merged = Merge(lookupId, now, today, person, answers, jourCases, jourCaseCount, caseId, purpose, opening, entry.Sequence);
        var markings = answers.Where(a => a.History is not null).Select(a => a.History!.Person.ProtectedIdentity).ToList();
        if (earlier is not null)
        {
            markings = [.. earlier.Markings, .. markings];
            merged = Combine(earlier, merged);
            merged = merged with { ProtectedIdentity = ProtectionRule.FromJournals(markings, merged.Complete) };
        }

        var journalName = earlier?.JournalName is { Length: > 0 } name ? name : merged.Name;
        var full = WithRegister(merged with { Name = journalName }, registerAnswer) with { Notices = notices };
        var kept = new KeptLookup(full, markings, journalName, registerAnswer);

        // Kept for reveal, decisions and a retry, by a batching writer (ADR 0017). On PostgreSQL (several hosts) it is waited
        // for, briefly (the batch shares one commit), so that the user's next request, which the proxy may send to another
        // host, finds it (ADR 0028). SQLite is one host, where a read that misses waits for the pending batch itself.
        var keeping = retained.SaveAsync(full.LookupId, userId, JsonSerializer.Serialize(kept, Json), now + options.ResultRetention);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            await keeping.WaitAsync(TimeSpan.FromSeconds(3), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        logger.LogInformation("Look-up {LookupId} by {User}: {Answered}/{Asked} sources answered, complete {Complete}{Retry}",
            lookupId, userId, full.Sources.Count(s => s.Answered), full.Sources.Count, full.Complete, earlier is null ? "" : $" (retry of {earlier.Result.LookupId})");
        return full.TreatAsProtected ? Hide(full) : full;
    }

    /// <summary>
    /// The earlier answer with the answers of its missing municipalities added: the lists merged in the same order as one
    /// look-up's, capped again; the protection of every journal answered; the jour's own cases and notices as they are now.
    /// </summary>
    private static LookupResult Combine(KeptLookup earlier, LookupResult retry)
    {
        var before = earlier.Result;
        var sources = before.Sources.Where(s => s.Answered).Concat(retry.Sources)
            .OrderBy(r => r.Answered).ThenBy(r => r.MunicipalityName, StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), false)).ToList();
        var everyAnswered = sources.All(s => s.Answered);
        var placements = before.Placements.Concat(retry.Placements)
            .OrderByDescending(p => p.Current).ThenBy(p => p.LegalBasis is LegalBasis.LVU or LegalBasis.LVM ? 0 : 1).ThenByDescending(p => p.From).ToList();
        var warnings = before.Warnings.Concat(retry.Warnings).ToList();
        var investigations = before.OpenInvestigations.Concat(retry.OpenInvestigations).OrderByDescending(c => c.From).ToList();
        var decisions = before.RecentDecisions.Concat(retry.RecentDecisions).OrderByDescending(d => d.DecidedOn ?? d.From).ToList();
        var caseworkers = before.Caseworkers.Concat(retry.Caseworkers).ToList();
        var addresses = before.Addresses.Concat(retry.Addresses).ToList();
        var o = before.Omitted;
        var n = retry.Omitted;
        return retry with
        {
            Name = retry.Name ?? earlier.JournalName,
            Complete = everyAnswered,
            Missing = sources.Where(r => !r.Answered).ToList(),
            Sources = sources,
            Placements = placements.Take(LookupLimits.Items).ToList(),
            Warnings = warnings.Take(LookupLimits.Items).ToList(),
            OpenInvestigations = investigations.Take(LookupLimits.Items).ToList(),
            RecentDecisions = decisions.Take(LookupLimits.Items).ToList(),
            Caseworkers = caseworkers.Take(LookupLimits.Items).ToList(),
            Addresses = addresses.Take(LookupLimits.Items).ToList(),
            Omitted = new LookupOmissions(
                o.Placements + n.Placements + Over(placements), o.Warnings + n.Warnings + Over(warnings), o.OpenInvestigations + n.OpenInvestigations + Over(investigations),
                o.RecentDecisions + n.RecentDecisions + Over(decisions), o.Caseworkers + n.Caseworkers + Over(caseworkers), o.Addresses + n.Addresses + Over(addresses), n.JourCases),
            RetryOf = before.LookupId,
        };

        static int Over<T>(List<T> list) => Math.Max(0, list.Count - LookupLimits.Items);
    }

    public async Task<LookupResult> RevealAsync(string lookupId, string userId, string? reason, CancellationToken cancellationToken)
    {
        var (full, _) = await FindAsync(lookupId, userId, cancellationToken);

        // Need-to-know again, now: a look-up from a case opens nothing once the case is closed or referred.
        if (full.JourCaseId is not null && (await needToKnow.CheckAsync(full.JourCaseId, full.PersonId, cancellationToken)).Refusal is { } refusal)
        {
            throw new LookupRejectedException(refusal.Field, "Adressuppgifterna kan inte visas: " + refusal.Message);
        }

        if (FreeText.Problem(reason, TextKind.Reason, required: true) is { } why)
        {
            throw new LookupRejectedException("reason", $"Skälet: {why}. Ange skälet till att adressuppgifterna behöver visas, med ord (minst {MinimumReasonLength} tecken). Skälet loggas.");
        }

        reason = reason!.Trim();

        await accessLog.AppendAsync(
            new AccessDraft(AccessKind.RevealProtected, userId, full.PersonId, full.JourCaseId, full.Purpose, reason.Trim(), lookupId,
                full.Sources.Select(s => new SourceAnswer(s.MunicipalityCode, s.Status)).ToList()),
            CancellationToken.None);
        await retained.MarkRevealedAsync(lookupId, CancellationToken.None);
        return full with { Revealed = true };
    }

    public async Task<LookupResult?> RecentAsync(string lookupId, string userId, CancellationToken cancellationToken)
    {
        var found = await retained.SearchAsync(lookupId, userId, cancellationToken);
        if (found.State != RetainedState.Found)
        {
            return null;
        }

        var (result, revealed) = (Read(found).Result, found.Revealed);
        return revealed ? result with { Revealed = true } : result.TreatAsProtected ? Hide(result) : result;
    }

    public async Task<LookupResult?> RecentForCaseAsync(string caseId, string userId, string? personId, CancellationToken cancellationToken)
    {
        // The access log says which look-ups the user made from the case in the retention window (read by time, so its cost
        // does not grow with the log); the newest one still kept, of the person asked for, is the one attached.
        var since = time.GetUtcNow() - options.ResultRetention;
        foreach (var lookupId in await accessLog.LookupsFromCaseAsync(userId, caseId, since, cancellationToken))
        {
            if (await RecentAsync(lookupId, userId, cancellationToken) is { } result && (personId is null || result.PersonId == personId))
            {
                return result;
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<EmergencyOpeningRecord>> EmergencyOpeningsAsync(bool unreviewedOnly, CancellationToken cancellationToken)
    {
        // Reviewed or not is what the audit log says of the access log's entries, not the table's review columns (issue 23 3b).
        var all = await EmergencyOpeningFollowUp.OpeningsAsync(openings, accessLog, audit, cancellationToken);
        return unreviewedOnly ? all.Where(o => o.ReviewedAt is null).ToList() : all;
    }

    public async Task<EmergencyOpeningRecord> ReviewEmergencyOpeningAsync(string id, string reviewerId, string? note, CancellationToken cancellationToken)
    {
        var row = await openings.FindAsync(id, cancellationToken) ?? throw NoSuchOpening(id);
        var existing = (await EmergencyOpeningFollowUp.OpeningsAsync(openings, accessLog, audit, cancellationToken)).FirstOrDefault(o => o.Id == id);
        if (existing?.ReviewedAt is not null)
        {
            throw new LookupRejectedException("id", $"Nödöppningen är redan granskad av {existing.ReviewedBy}.");
        }

        if (row.UserId == reviewerId)
        {
            throw new LookupRejectedException("id", "En nödöppning granskas av någon annan än den som gjorde den.");
        }

        if (!string.IsNullOrWhiteSpace(note))
        {
            CheckText("note", "Anteckningen", note.Trim(), FreeText.MaxReasonLength);
        }

        var reviewNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        // The review and its audit entry commit together; the entry reaches the chain right after (ADR 0019). It names the
        // access-log entries it covers: the follow-up queue is derived from those, not from ReviewedAt.
        var entries = await EmergencyOpeningFollowUp.EntriesOfAsync(accessLog, row, cancellationToken);
        var reviewed = await openings.ReviewAsync(id, reviewerId, time.GetUtcNow(), reviewNote, EmergencyOpeningFollowUp.ReviewedAction,
            EmergencyOpeningFollowUp.ReviewDetails(entries, reviewNote), cancellationToken) ?? throw NoSuchOpening(id);
        return ToRecord(reviewed);
    }

    public async Task<NeedToKnowCheck> CheckNeedToKnowAsync(string? caseId, string? personId, CancellationToken cancellationToken)
    {
        var (jourCase, person, refusal) = await needToKnow.CheckAsync(caseId, personId, cancellationToken);
        return new NeedToKnowCheck(jourCase, person, refusal);
    }

    public Task<AccessLogExtract> AccessLogAsync(AccessLogExtractRequest request, CancellationToken cancellationToken) =>
        extracts.ReadAsync(request, cancellationToken);

    private static LookupRejectedException NoSuchOpening(string id) =>
        new("id", id.StartsWith("atkomstlogg-", StringComparison.Ordinal)
            ? $"Nödöppningen {id} finns i åtkomstloggen men inte i tabellen över nödöppningar (raden har tagits bort utanför systemet): den kan inte granskas här. Kontakta IT."
            : $"Nödöppningen {id} finns inte.", notFound: true);

    private static IdentityNumber ParsePerson(string? input, DateOnly today)
    {
        var (person, error) = IdentityNumber.TryParse(input, today);
        if (person is null)
        {
            throw new LookupRejectedException("identityNumber", error ?? "Ogiltigt person- eller samordningsnummer.");
        }

        if (person.ToPersonId() is null)
        {
            throw new LookupRejectedException("identityNumber", "Ett reservnummer finns inte i kommunernas journalsystem. Sök på person- eller samordningsnummer.");
        }

        return person;
    }

    private async Task<(AccessKind Kind, string? CaseId, string Purpose, string? Reason, EmergencyOpeningInfo? Opening)> AuthorizeAsync(
        LookupRequest request, IdentityNumber person, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hasCase = !string.IsNullOrWhiteSpace(request.JourCaseId);
        var hasEmergency = !string.IsNullOrWhiteSpace(request.EmergencyReason) || !string.IsNullOrWhiteSpace(request.EmergencyOpeningId);
        if (hasCase && hasEmergency)
        {
            throw new LookupRejectedException("jourCaseId", "Ange antingen ett jourärende med syfte eller en nödöppning, inte båda.");
        }

        if (hasCase)
        {
            var (jourCase, _, refusal) = await needToKnow.CheckAsync(request.JourCaseId, person.Canonical, cancellationToken);
            if (refusal is not null)
            {
                throw new LookupRejectedException(refusal.Field, refusal.Message);
            }

            var purpose = Purpose(request);
            return (AccessKind.Lookup, jourCase!.Id, purpose, null, null);
        }

        if (!string.IsNullOrWhiteSpace(request.EmergencyOpeningId))
        {
            var row = await openings.FindAsync(request.EmergencyOpeningId, cancellationToken);
            if (row is null || row.UserId != request.UserId || row.PersonId != person.Canonical)
            {
                throw new LookupRejectedException("emergencyOpeningId", "Nödöppningen gäller inte dig och den här personen. Gör en ny nödöppning med skäl.");
            }

            if (row.ExpiresAt <= now)
            {
                throw new LookupRejectedException("emergencyOpeningId", $"Nödöppningen gick ut {JourClock.ToLocal(row.ExpiresAt, registry.Current.Jour.TimeZone):HH:mm}. Gör en ny nödöppning med skäl, eller koppla uppslaget till ett jourärende.");
            }

            return (AccessKind.EmergencyLookup, null, "Nödöppning", row.Reason, new EmergencyOpeningInfo(row.Id, row.Reason, row.OpenedAt, row.ExpiresAt));
        }

        if (!string.IsNullOrWhiteSpace(request.EmergencyReason))
        {
            var reason = request.EmergencyReason.Trim();
            if (FreeText.Problem(reason, TextKind.Reason, required: true) is { } why)
            {
                throw new LookupRejectedException("emergencyReason", $"Skälet till nödöppningen: {why}. Skälet ska beskriva situationen med ord (minst {MinimumReasonLength} tecken).");
            }

            var at = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
            return (AccessKind.EmergencyLookup, null, "Nödöppning", reason, new EmergencyOpeningInfo(Guid.NewGuid().ToString("N"), reason, at, at + options.EmergencyOpeningValidity));
        }

        throw new LookupRejectedException("jourCaseId", "Ett uppslag kräver ett öppet jourärende och ett syfte, eller en nödöppning med skäl.");
    }

    /// <summary>The chosen purpose as configured, with the optional free text after a colon.</summary>
    private string Purpose(LookupRequest request)
    {
        var purposes = registry.Current.LookupPurposes;
        var chosen = registry.Current.FindPurpose(request.Purpose)
            ?? throw new LookupRejectedException("purpose",
                (string.IsNullOrWhiteSpace(request.Purpose) ? "Välj syftet med uppslaget" : $"'{Shorten(request.Purpose.Trim())}' är inget av jourens syften; välj ett")
                + $": {string.Join(", ", purposes)}. Skriv det som behöver förklaras i fritexten.");
        if (string.IsNullOrWhiteSpace(request.PurposeText))
        {
            return chosen;
        }

        var text = request.PurposeText.Trim();
        CheckText("purposeText", "Fritexten till syftet", text, FreeText.MaxPurposeTextLength, allowLineBreaks: false);
        return chosen + ": " + text;
    }

    private static void CheckText(string field, string label, string text, int maxLength, bool allowLineBreaks = true)
    {
        if (FreeText.Problem(text, maxLength, allowLineBreaks) is { } why)
        {
            throw new LookupRejectedException(field, $"{label}: {why}.");
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>The register's part of the answer, or null when no register is configured.</summary>
    private async Task<KeptRegister?> AskRegisterAsync(string personId, string userId, CancellationToken deadline)
    {
        var watch = Stopwatch.StartNew();
        RegisterAnswer answer;
        try
        {
            answer = await populationRegister.FindAsync(personId, userId, deadline);
        }
        catch (OperationCanceledException)
        {
            answer = new RegisterAnswer(SourceStatus.TimedOut, null, $"Inget svar före sökningens tidsgräns ({options.OverallDeadline.TotalSeconds:0.#} s)");
        }

        if (answer.Status == SourceStatus.Disabled && registry.Current.PopulationRegister is null)
        {
            return null; // none configured: the journals decide alone (a configured one whose plugin is missing did not answer)
        }

        var adapter = registry.Current.PopulationRegister?.Adapter ?? "";
        var report = new SourceReport(PopulationRegisterSource.Code, PopulationRegisterSource.Name, adapter, answer.Status,
            answer.Status is SourceStatus.Found or SourceStatus.NotFound ? answer.Detail : (answer.Detail ?? "Inget svar") + ": skyddad identitet kan inte uteslutas",
            answer.Status is SourceStatus.Found or SourceStatus.NotFound ? time.GetUtcNow() : null, (int)watch.ElapsedMilliseconds);
        return new KeptRegister(report, answer.Person?.ProtectedIdentity, string.IsNullOrWhiteSpace(answer.Person?.Name) ? null : answer.Person.Name);
    }

    /// <summary>
    /// Adds the register's answer: its marking can only make the answer more protective, and a register that did not
    /// answer makes protection unknown (a marking only it knows cannot be ruled out) and the answer incomplete. The name is
    /// the register's when it gave one (also when no journal answered: a partial answer still says who it is about).
    /// </summary>
    private static LookupResult WithRegister(LookupResult merged, KeptRegister? register)
    {
        if (register is not { } r)
        {
            return merged;
        }

        var protection = ProtectionRule.WithRegister(merged.ProtectedIdentity, r.Report.Status, r.Protection, r.Report.Answered);
        return merged with
        {
            Name = r.Name ?? merged.Name,
            ProtectedIdentity = protection,
            Complete = merged.Complete && r.Report.Answered,
            Missing = r.Report.Answered ? merged.Missing : [.. merged.Missing, r.Report],
            PopulationRegister = r.Report,
        };
    }

    private async Task<Answer> AskAsync(Municipality m, PersonId person, LookupContext context, CancellationToken deadline, CancellationToken caller)
    {
        var source = sources.Get(m.Code);
        if (source?.Adapter is null)
        {
            return new Answer(new SourceReport(m.Code, m.Name, m.JournalSystem.Adapter, SourceStatus.Disabled,
                source?.DisabledReason ?? "Kommunen saknar journalsystem i konfigurationen", null, 0), null);
        }

        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        timeout.CancelAfter(options.SourceTimeout);
        using var activity = Core.Operations.SocialJourTelemetry.ActivitySource.StartActivity("lookup.source");
        activity?.SetTag("municipality", m.Code).SetTag("system", m.JournalSystem.Adapter);
        SourceReport Report(SourceStatus status, string? detail)
        {
            activity?.SetTag("status", status.ToString());
            Core.Operations.SocialJourTelemetry.RecordSource(m.Code, m.JournalSystem.Adapter, status.ToString(), watch.Elapsed.TotalMilliseconds);
            return new(m.Code, m.Name, m.JournalSystem.Adapter, status, detail, time.GetUtcNow(), (int)watch.ElapsedMilliseconds);
        }

        // The canary person is asked in parallel on every look-up: a lost licence answers "nothing" to every question,
        // so a "no records" is only believed when the same source, in the same look-up, still finds its canary.
        using var canaryStop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var canary = AskCanaryAsync(source.Adapter, canaryStop.Token);
        try
        {
            // WaitAsync enforces the deadline even on an adapter that ignores its token.
            var result = await source.Adapter.GetClientHistoryAsync(person, context, timeout.Token).WaitAsync(timeout.Token);
            if (result.Status != SourceStatus.NotFound)
            {
                await canaryStop.CancelAsync();
                return new Answer(Report(result.Status, result.Detail), result.Value);
            }

            var check = await canary;
            return check.Status switch
            {
                SourceStatus.Found => new Answer(Report(result.Status, result.Detail), null),
                SourceStatus.NotFound or SourceStatus.NoAccess => new Answer(Report(SourceStatus.NoAccess,
                    "Inga uppgifter, men systemets testperson saknades också i samma uppslag: behörigheten kan saknas" + (check.Error is null ? "" : $" ({check.Error})")), null),
                _ => new Answer(Report(check.Status,
                    "Inga uppgifter om personen, men kontrollen av systemets testperson i samma uppslag misslyckades" + (check.Error is null ? "" : $" ({check.Error})")), null),
            };
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            var detail = deadline.IsCancellationRequested
                ? $"Inget svar före sökningens tidsgräns ({options.OverallDeadline.TotalSeconds:0.#} s)"
                : $"Inget svar inom {options.SourceTimeout.TotalSeconds:0.#} s";
            return new Answer(Report(SourceStatus.TimedOut, detail), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An adapter bug shows as that source's status; never as a crash of the whole look-up.
            logger.LogError("Adapter for {Code} threw {Type} during a look-up", m.Code, e.GetType().Name);
            return new Answer(Report(SourceStatus.InvalidResponse, "Adapterfel: " + e.GetType().Name), null);
        }
    }

    /// <summary>The source's canary check, never throwing: a timeout or a bug becomes the status it stands for.</summary>
    private async Task<AdapterHealth> AskCanaryAsync(IJournalAdapter adapter, CancellationToken token)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return await adapter.CheckHealthAsync(token).WaitAsync(token);
        }
        catch (OperationCanceledException)
        {
            return new AdapterHealth(SourceStatus.TimedOut, watch.Elapsed, "testpersonen hann inte svara");
        }
        catch (Exception e)
        {
            logger.LogError("Canary check threw {Type} during a look-up", e.GetType().Name);
            return new AdapterHealth(SourceStatus.InvalidResponse, watch.Elapsed, "Adapterfel: " + e.GetType().Name);
        }
    }

    private static LookupResult Merge(string lookupId, DateTimeOffset at, DateOnly today, IdentityNumber person, Answer[] answers,
        IReadOnlyList<JourCaseInfo> jourCases, int jourCaseCount, string? caseId, string purpose, EmergencyOpeningInfo? opening, long sequence)
    {
        var found = answers.Where(a => a.History is not null).ToList();
        var protection = ProtectionRule.FromJournals(found.Select(a => a.History!.Person.ProtectedIdentity).ToList(), answers.All(a => a.Report.Answered));
        var yearAgo = today.AddMonths(-12);
        var sourcesInOrder = answers.Select(a => a.Report).OrderBy(r => r.Answered).ThenBy(r => r.MunicipalityName, StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), false)).ToList();

        IEnumerable<(SourceReport R, ClientHistory H)> Each() => found.Select(a => (a.Report, a.History!));
        var placements = Each().SelectMany(x => x.H.Placements.Select(p => new PlacementItem(x.R.MunicipalityCode, x.R.MunicipalityName, p.Type, p.LegalBasis, p.From, p.To,
                (p.From is null || p.From <= today) && (p.To is null || p.To >= today), p.Location, false)))
            .OrderByDescending(p => p.Current).ThenBy(p => p.LegalBasis is LegalBasis.LVU or LegalBasis.LVM ? 0 : 1).ThenByDescending(p => p.From).ToList();
        var warnings = Each().SelectMany(x => x.H.Warnings.Where(w => w.To is null || w.To >= today)
            .Select(w => new WarningItem(x.R.MunicipalityCode, x.R.MunicipalityName, w.Kind, w.Text, w.From, w.To))).ToList();
        var investigations = Each().SelectMany(x => x.H.OpenCases.Select(c => new OpenCaseItem(x.R.MunicipalityCode, x.R.MunicipalityName, c.Type, c.From, c.Caseworker, c.Unit)))
            .OrderByDescending(c => c.From).ToList();
        var decisions = Each().SelectMany(x => x.H.Decisions
                .Where(d => (d.DecidedOn ?? d.From) >= yearAgo || d.To is null || d.To >= today)
                .Select(d => new DecisionItem(x.R.MunicipalityCode, x.R.MunicipalityName, d.Type, d.Reason, d.LegalBasis, d.DecidedOn, d.From, d.To, d.DecisionMaker)))
            .OrderByDescending(d => d.DecidedOn ?? d.From).ToList();
        var caseworkers = Each().SelectMany(x => x.H.Caseworkers.Select(c => new CaseworkerItem(x.R.MunicipalityCode, x.R.MunicipalityName, c.Name, c.Title, c.Unit, c.Phone, c.Email))).ToList();
        var addresses = Each().Where(x => x.H.Person.Address is not null)
            .Select(x => new AddressItem(x.R.MunicipalityCode, x.R.MunicipalityName, x.H.Person.Address!.Street, x.H.Person.Address.PostalCode, x.H.Person.Address.City)).ToList();
        var ownCases = jourCases.OrderByDescending(c => c.OpenedAt).ToList();

        // Every list is capped (most relevant first): an answer has a bounded size whatever a source sends.
        var omitted = new LookupOmissions(
            Over(placements, LookupLimits.Items), Over(warnings, LookupLimits.Items), Over(investigations, LookupLimits.Items),
            Over(decisions, LookupLimits.Items), Over(caseworkers, LookupLimits.Items), Over(addresses, LookupLimits.Items), Math.Max(0, jourCaseCount - ownCases.Count) + Over(ownCases, LookupLimits.JourCases));
        return new LookupResult(
            lookupId, at, person.Canonical,
            found.Select(a => a.History!.Person.Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)),
            protection,
            AddressesHidden: false,
            Revealed: false,
            Complete: answers.All(a => a.Report.Answered),
            Missing: sourcesInOrder.Where(r => !r.Answered).ToList(),
            Sources: sourcesInOrder,
            Placements: placements.Take(LookupLimits.Items).ToList(),
            Warnings: warnings.Take(LookupLimits.Items).ToList(),
            OpenInvestigations: investigations.Take(LookupLimits.Items).ToList(),
            RecentDecisions: decisions.Take(LookupLimits.Items).ToList(),
            Caseworkers: caseworkers.Take(LookupLimits.Items).ToList(),
            Addresses: addresses.Take(LookupLimits.Items).ToList(),
            JourCases: ownCases.Take(LookupLimits.JourCases).ToList(),
            JourCaseId: caseId,
            Purpose: purpose,
            EmergencyOpening: opening,
            AccessLogSequence: sequence,
            Omitted: omitted);

        static int Over<T>(List<T> list, int cap) => Math.Max(0, list.Count - cap);
    }

    /// <summary>The same answer with every address and placement location withheld.</summary>
    private static LookupResult Hide(LookupResult r) => r with
    {
        AddressesHidden = true,
        Addresses = [],
        Placements = r.Placements.Select(p => p with { Location = null, LocationHidden = p.Location is not null }).ToList(),
    };

    private async Task<(LookupResult Result, bool Revealed)> FindAsync(string lookupId, string userId, CancellationToken cancellationToken)
    {
        var (kept, revealed) = await FindKeptAsync(lookupId, userId, cancellationToken);
        return (kept.Result, revealed);
    }

    private async Task<(KeptLookup Kept, bool Revealed)> FindKeptAsync(string lookupId, string userId, CancellationToken cancellationToken)
    {
        var found = await retained.SearchAsync(lookupId, userId, cancellationToken);
        return found.State switch
        {
            RetainedState.Found => (Read(found), found.Revealed),
            RetainedState.Expired => throw new LookupRejectedException("lookupId",
                $"Uppslaget har gått ut: svaret sparas bara i {options.ResultRetention.TotalMinutes:0} minuter och är nu raderat. Gör ett nytt uppslag.", notFound: true),
            _ => throw new LookupRejectedException("lookupId", $"Uppslaget finns inte längre (det sparas i {options.ResultRetention.TotalMinutes:0} minuter). Gör ett nytt uppslag.", notFound: true),
        };
    }

    /// <summary>A kept answer as it was saved (an answer kept by an earlier version, before the retry, is the result alone).</summary>
    private static KeptLookup Read(RetainedLookup kept)
    {
        using var json = JsonDocument.Parse(kept.Answer!);
        return json.RootElement.TryGetProperty(nameof(KeptLookup.Result), out _)
            ? json.Deserialize<KeptLookup>(Json) ?? throw new InvalidOperationException("Ett sparat uppslag gick inte att läsa")
            : new KeptLookup(json.Deserialize<LookupResult>(Json) ?? throw new InvalidOperationException("Ett sparat uppslag gick inte att läsa"), [], null, null);
    }

    private static EmergencyOpeningRecord ToRecord(StoredEmergencyOpening o) =>
        new(o.Id, o.UserId, o.PersonId, o.Reason, o.OpenedAt, o.ExpiresAt, o.ReviewedBy, o.ReviewedAt, o.ReviewNote);

    private sealed record Answer(SourceReport Report, ClientHistory? History);
}

/// <summary>The register's part of an answer: its report, its protection marking, and the name it gave.</summary>
internal sealed record KeptRegister(SourceReport Report, ProtectedIdentity? Protection, string? Name);

/// <summary>
/// What is kept of a look-up for its 15 minutes (encrypted by the core): the full result, and what a retry of its missing
/// municipalities needs to merge their answers in — the protection markings the journals gave, the journals' name for the
/// person, and the register's answer.
/// </summary>
internal sealed record KeptLookup(LookupResult Result, IReadOnlyList<ProtectedIdentity> Markings, string? JournalName, KeptRegister? Register);
