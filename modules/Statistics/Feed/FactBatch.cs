using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Facts;

namespace SocialJour.Modules.Statistics.Feed;

/// <summary>
/// The fact rows one batch touches: those already stored (loaded once per table by the batch's keys, tracked) and those the
/// batch adds. Each "add" keeps the first row for a key, so a repeated item changes nothing.
/// </summary>
internal sealed class FactBatch
{
    private readonly StatisticsDbContext _db;
    private readonly Dictionary<long, ContactFact> _contacts;
    private readonly Dictionary<string, CaseFact> _cases;
    private readonly Dictionary<(string CaseId, string Kind), ResponseFact> _responses;
    private readonly Dictionary<long, CommissionFact> _commissions;
    private readonly HashSet<string> _times;
    private readonly List<TimeFact> _annulledTimes;
    private readonly HashSet<long> _deviations;
    private readonly HashSet<(long Sequence, string Code)> _lookups;

    private FactBatch(
        StatisticsDbContext db,
        Dictionary<long, ContactFact> contacts,
        Dictionary<string, CaseFact> cases,
        Dictionary<(string, string), ResponseFact> responses,
        Dictionary<long, CommissionFact> commissions,
        HashSet<string> times,
        List<TimeFact> annulledTimes,
        HashSet<long> deviations,
        HashSet<(long, string)> lookups)
    {
        _db = db;
        _contacts = contacts;
        _cases = cases;
        _responses = responses;
        _commissions = commissions;
        _times = times;
        _annulledTimes = annulledTimes;
        _deviations = deviations;
        _lookups = lookups;
    }

    public static async Task<FactBatch> LoadAsync(StatisticsDbContext db, IReadOnlyList<FeedItem> items, CancellationToken cancellationToken)
    {
        var events = items.Select(i => i.Event).ToList();
        var contactIds = events.OfType<ContactRegistered>().Select(e => e.ContactId)
            .Concat(events.OfType<CaseAnnulled>().Where(e => e.WholeContact).Select(e => e.ContactId)).Distinct().ToList();
        var annulledIds = events.OfType<CaseAnnulled>().Select(e => e.CaseId).Distinct(StringComparer.Ordinal).ToList();
        var caseIds = events.Select(CaseIdOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var commissionIds = events.Select(e => e switch { CommissionOrdered o => o.CommissionId, CommissionCompleted c => c.CommissionId, _ => (long?)null })
            .OfType<long>().Distinct().ToList();
        var messageIds = items.Where(i => i.Event is TimeRecorded).Select(i => i.MessageId).Distinct(StringComparer.Ordinal).ToList();
        var deviationIds = events.OfType<DeviationReported>().Select(e => e.DeviationId).Distinct().ToList();
        var sequences = events.OfType<LookupLogged>().Select(e => e.AccessLogSequence).Distinct().ToList();

        var contacts = contactIds.Count == 0 ? [] : await db.Contacts.Where(c => contactIds.Contains(c.ContactId)).ToDictionaryAsync(c => c.ContactId, cancellationToken);
        var cases = caseIds.Count == 0 ? [] : await db.Cases.Where(c => caseIds.Contains(c.CaseId)).ToDictionaryAsync(c => c.CaseId, StringComparer.Ordinal, cancellationToken);
        var responses = caseIds.Count == 0 ? [] : (await db.Responses.Where(r => caseIds.Contains(r.CaseId)).ToListAsync(cancellationToken)).ToDictionary(r => (r.CaseId, r.Kind));
        var commissions = commissionIds.Count == 0 ? [] : await db.Commissions.Where(c => commissionIds.Contains(c.CommissionId)).ToDictionaryAsync(c => c.CommissionId, cancellationToken);
        var times = messageIds.Count == 0 ? [] : (await db.Time.Where(t => messageIds.Contains(t.MessageId)).Select(t => t.MessageId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var annulledTimes = annulledIds.Count == 0 ? [] : await db.Time.Where(t => annulledIds.Contains(t.CaseId)).ToListAsync(cancellationToken);
        var deviations = deviationIds.Count == 0 ? [] : (await db.Deviations.Where(d => deviationIds.Contains(d.DeviationId)).Select(d => d.DeviationId).ToListAsync(cancellationToken)).ToHashSet();
        var lookups = sequences.Count == 0 ? [] : (await db.Lookups.Where(l => sequences.Contains(l.Sequence)).Select(l => new { l.Sequence, l.MunicipalityCode }).ToListAsync(cancellationToken))
            .Select(l => (l.Sequence, l.MunicipalityCode)).ToHashSet();
        return new FactBatch(db, contacts, cases, responses, commissions, times, annulledTimes, deviations, lookups);
    }

    private static string? CaseIdOf(IIntegrationEvent e) => e switch
    {
        CaseOpened o => o.CaseId,
        CaseMoved m => m.CaseId,
        ResponseStepRecorded s => s.CaseId,
        ResponseTargetMissed x => x.CaseId,
        CaseAnnulled a => a.CaseId,
        _ => null,
    };

    public void AddContact(ContactFact fact)
    {
        if (_contacts.TryAdd(fact.ContactId, fact))
        {
            _db.Contacts.Add(fact);
        }
    }

    public void AddCase(CaseFact fact)
    {
        if (_cases.TryAdd(fact.CaseId, fact))
        {
            _db.Cases.Add(fact);
        }
        else if (_cases[fact.CaseId] is { Category: "" } placeholder)
        {
            // The case's move came first (a delivery retried out of order): fill in the case, keep where it moved to.
            placeholder.ContactId = fact.ContactId;
            placeholder.Category = fact.Category;
            placeholder.ConcernsChild = fact.ConcernsChild;
            placeholder.Channel = fact.Channel;
            placeholder.JourMode = fact.JourMode;
            placeholder.ReceivedAt = fact.ReceivedAt;
            placeholder.ReceivedDate = placeholder.Annulled ? DateOnly.MinValue : fact.ReceivedDate;
        }
    }

    /// <summary>
    /// The case was annulled as a duplicate: it, its response targets and the time recorded on it are dated 0001-01-01 (in no
    /// period; the roll-ups of the months they leave are rewritten), and so is the contact when all its cases are annulled.
    /// An annulment delivered before its CaseOpened leaves an annulled placeholder that CaseOpened fills in without dating it.
    /// </summary>
    public void AnnulCase(CaseAnnulled e)
    {
        if (!_cases.TryGetValue(e.CaseId, out var fact))
        {
            fact = new CaseFact { CaseId = e.CaseId, MunicipalityCode = e.MunicipalityCode, ReceivedAt = DateTimeOffset.UnixEpoch };
            _cases.Add(e.CaseId, fact);
            _db.Cases.Add(fact);
        }

        fact.Annulled = true;
        fact.ReceivedDate = DateOnly.MinValue;
        foreach (var response in _responses.Values.Where(r => r.CaseId == e.CaseId))
        {
            response.DueDate = DateOnly.MinValue;
        }

        foreach (var time in _annulledTimes.Where(t => t.CaseId == e.CaseId))
        {
            time.Date = DateOnly.MinValue;
        }

        if (e.WholeContact && _contacts.TryGetValue(e.ContactId, out var contact))
        {
            contact.ReceivedDate = DateOnly.MinValue;
        }
    }

    /// <summary>
    /// The case (and its response targets) now belongs to <paramref name="to"/>. Applied only while the case is where the move
    /// started, so a move delivered again after a later one does not undo the later one. A move of a case not yet opened here
    /// (its CaseOpened delivery retried later) leaves a placeholder (no category, dated 0001-01-01: in no period) that CaseOpened fills in.
    /// </summary>
    public void MoveCase(string caseId, string from, string to, bool referred)
    {
        if (!_cases.TryGetValue(caseId, out var fact))
        {
            fact = new CaseFact { CaseId = caseId, MunicipalityCode = from, ReceivedAt = DateTimeOffset.UnixEpoch, ReceivedDate = DateOnly.MinValue };
            _cases.Add(caseId, fact);
            _db.Cases.Add(fact);
        }

        if (fact.MunicipalityCode != from)
        {
            return;
        }

        fact.MunicipalityCode = to;
        fact.Referred = referred;
        foreach (var response in _responses.Values.Where(r => r.CaseId == caseId))
        {
            response.MunicipalityCode = to;
        }
    }

    /// <summary>The case's target of <paramref name="kind"/>, added when new; its municipality is the case's where the case is counted.</summary>
    public ResponseFact Response(string caseId, string kind, string municipalityCode, DateTimeOffset dueAt, DateOnly dueDate)
    {
        if (!_responses.TryGetValue((caseId, kind), out var fact))
        {
            fact = new ResponseFact
            {
                CaseId = caseId,
                Kind = kind,
                MunicipalityCode = _cases.TryGetValue(caseId, out var c) ? c.MunicipalityCode : municipalityCode,
                DueAt = dueAt,
                DueDate = c is { Annulled: true } ? DateOnly.MinValue : dueDate,
            };
            _responses.Add((caseId, kind), fact);
            _db.Responses.Add(fact);
        }

        return fact;
    }

    public CommissionFact Commission(long id, string municipalityCode, string kind)
    {
        if (!_commissions.TryGetValue(id, out var fact))
        {
            fact = new CommissionFact { CommissionId = id, MunicipalityCode = municipalityCode, Kind = kind };
            _commissions.Add(id, fact);
            _db.Commissions.Add(fact);
        }

        return fact;
    }

    public void AddTime(TimeFact fact)
    {
        if (_times.Add(fact.MessageId))
        {
            _db.Time.Add(fact);
        }
    }

    public void AddDeviation(DeviationFact fact)
    {
        if (_deviations.Add(fact.DeviationId))
        {
            _db.Deviations.Add(fact);
        }
    }

    public void AddLookup(LookupFact fact)
    {
        if (_lookups.Add((fact.Sequence, fact.MunicipalityCode)))
        {
            _db.Lookups.Add(fact);
        }
    }
}
