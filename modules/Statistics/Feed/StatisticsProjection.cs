using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Facts;

namespace SocialJour.Modules.Statistics.Feed;

/// <summary>An event as the feed receives it: the outbox message id (what makes a repeated delivery count once) and the event.</summary>
internal sealed record FeedItem(string MessageId, IIntegrationEvent Event);

/// <summary>
/// Writes the fact tables from events: the ONE path into them, used by the subscriptions (<see cref="StatisticsFeed"/>) and
/// by the demo history. Idempotent: applying an item twice leaves the facts as applying it once. Handles intake's
/// ContactRegistered, CaseOpened, CaseMoved, CommissionOrdered, CommissionCompleted, ResponseStepRecorded and
/// ResponseTargetMissed; assessment's TimeRecorded and DeviationReported; the core's LookupLogged. Other events are ignored.
/// <para>
/// A batch is one transaction: one query per fact table for the rows the batch's keys already have, the items applied in
/// order to those rows (new ones added), one save. If another host added one of the rows meanwhile (a repeated delivery
/// racing the first), the save fails on the key and the whole batch is applied again on what is now there.
/// </para>
/// </summary>
internal sealed class StatisticsProjection(Func<StatisticsDbContext> contexts, IMunicipalityRegistry registry, JourClock clock)
{
    /// <summary>The look-up kinds the report counts (the access log's Lookup and EmergencyLookup); other kinds are not stored.</summary>
    public static readonly IReadOnlySet<string> CountedLookupKinds = new HashSet<string>(StringComparer.Ordinal) { "Lookup", "EmergencyLookup" };

    /// <summary>The status of a look-up logged before statuses travelled with the event.</summary>
    public const string UnknownStatus = "Unknown";

    /// <summary>Applies the items in order, in one transaction per call (a batch for the demo, one item per delivery otherwise).</summary>
    public async Task ApplyAsync(IReadOnlyList<FeedItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var db = contexts();
            var strategy = db.Database.CreateExecutionStrategy();
            try
            {
                await strategy.ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
                    var batch = await FactBatch.LoadAsync(db, items, cancellationToken);
                    foreach (var item in items)
                    {
                        Apply(batch, item);
                    }

                    await db.SaveChangesAsync(cancellationToken);
                    await tx.CommitAsync(cancellationToken);
                });
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another delivery added one of these rows first: apply the batch again on what is there now.
            }
        }
    }

    private void Apply(FactBatch batch, FeedItem item)
    {
        switch (item.Event)
        {
            case ContactRegistered e:
                batch.AddContact(new ContactFact
                {
                    ContactId = e.ContactId,
                    Channel = e.Channel.ToString(),
                    JourMode = e.JourMode,
                    Cases = e.Cases,
                    ReceivedAt = e.ReceivedAt,
                    ReceivedDate = clock.LocalDate(e.ReceivedAt),
                });
                break;
            case CaseOpened e:
                batch.AddCase(new CaseFact
                {
                    CaseId = e.CaseId,
                    ContactId = e.ContactId,
                    MunicipalityCode = e.MunicipalityCode,
                    Category = e.Category.ToString(),
                    ConcernsChild = e.ConcernsChild,
                    Channel = e.Channel.ToString(),
                    JourMode = e.JourMode,
                    Referred = e.Referred,
                    ReceivedAt = e.ReceivedAt,
                    ReceivedDate = clock.LocalDate(e.ReceivedAt),
                });
                break;
            case CaseMoved e:
                batch.MoveCase(e.CaseId, e.FromMunicipalityCode, e.ToMunicipalityCode, e.Referred);
                break;
            case ResponseStepRecorded e:
                batch.Response(e.CaseId, e.Kind.ToString(), e.MunicipalityCode, e.DueAt, clock.LocalDate(e.DueAt)).Done(e.At);
                break;
            case ResponseTargetMissed e:
                batch.Response(e.CaseId, e.Kind.ToString(), e.MunicipalityCode, e.DueAt, clock.LocalDate(e.DueAt)).Missed(e.RecordedAt);
                break;
            case CommissionOrdered e:
                var ordered = batch.Commission(e.CommissionId, e.MunicipalityCode, e.Kind.ToString());
                if (ordered.OrderedAt is null)
                {
                    ordered.OrderedAt = e.OrderedAt;
                    ordered.OrderedDate = clock.LocalDate(e.OrderedAt);
                }

                break;
            case CommissionCompleted e:
                var completed = batch.Commission(e.CommissionId, e.MunicipalityCode, e.Kind.ToString());
                if (completed.DoneAt is null)
                {
                    completed.DoneAt = e.DoneAt;
                    completed.Minutes = Math.Max(0, e.MinutesSpent);
                }

                break;
            case TimeRecorded e when e.Minutes > 0:
                batch.AddTime(new TimeFact
                {
                    MessageId = item.MessageId,
                    CaseId = e.CaseId,
                    MunicipalityCode = e.MunicipalityCode,
                    Minutes = e.Minutes,
                    JourMode = registry.Current.Schedule.ModeAt(e.At).ToString(),
                    At = e.At,
                    Date = clock.LocalDate(e.At),
                });
                break;
            case DeviationReported e:
                batch.AddDeviation(new DeviationFact
                {
                    DeviationId = e.DeviationId,
                    Category = e.Category.ToString(),
                    MunicipalityCode = string.IsNullOrEmpty(e.MunicipalityCode) ? null : e.MunicipalityCode,
                    OccurredAt = e.OccurredAt,
                    OccurredDate = clock.LocalDate(e.OccurredAt),
                });
                break;
            case LookupLogged e when CountedLookupKinds.Contains(e.Kind):
                var date = clock.LocalDate(e.At);
                foreach (var (code, status) in LookupStatuses(e))
                {
                    batch.AddLookup(new LookupFact { Sequence = e.AccessLogSequence, MunicipalityCode = code, Kind = e.Kind, Status = status, At = e.At, Date = date });
                }

                break;
        }
    }

    /// <summary>One status per asked municipality: the logged one, or Unknown where the event has none (logged before statuses travelled).</summary>
    private static IEnumerable<(string Code, string Status)> LookupStatuses(LookupLogged e)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var code in e.MunicipalityCodes)
        {
            statuses.TryAdd(code, UnknownStatus);
        }

        foreach (var source in e.Sources ?? [])
        {
            statuses[source.MunicipalityCode] = string.IsNullOrEmpty(source.Status) ? UnknownStatus : source.Status;
        }

        return statuses.Select(kv => (kv.Key, kv.Value));
    }
}

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
    private readonly HashSet<long> _deviations;
    private readonly HashSet<(long Sequence, string Code)> _lookups;

    private FactBatch(
        StatisticsDbContext db,
        Dictionary<long, ContactFact> contacts,
        Dictionary<string, CaseFact> cases,
        Dictionary<(string, string), ResponseFact> responses,
        Dictionary<long, CommissionFact> commissions,
        HashSet<string> times,
        HashSet<long> deviations,
        HashSet<(long, string)> lookups)
    {
        _db = db;
        _contacts = contacts;
        _cases = cases;
        _responses = responses;
        _commissions = commissions;
        _times = times;
        _deviations = deviations;
        _lookups = lookups;
    }

    public static async Task<FactBatch> LoadAsync(StatisticsDbContext db, IReadOnlyList<FeedItem> items, CancellationToken cancellationToken)
    {
        var events = items.Select(i => i.Event).ToList();
        var contactIds = events.OfType<ContactRegistered>().Select(e => e.ContactId).Distinct().ToList();
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
        var deviations = deviationIds.Count == 0 ? [] : (await db.Deviations.Where(d => deviationIds.Contains(d.DeviationId)).Select(d => d.DeviationId).ToListAsync(cancellationToken)).ToHashSet();
        var lookups = sequences.Count == 0 ? [] : (await db.Lookups.Where(l => sequences.Contains(l.Sequence)).Select(l => new { l.Sequence, l.MunicipalityCode }).ToListAsync(cancellationToken))
            .Select(l => (l.Sequence, l.MunicipalityCode)).ToHashSet();
        return new FactBatch(db, contacts, cases, responses, commissions, times, deviations, lookups);
    }

    private static string? CaseIdOf(IIntegrationEvent e) => e switch
    {
        CaseOpened o => o.CaseId,
        CaseMoved m => m.CaseId,
        ResponseStepRecorded s => s.CaseId,
        ResponseTargetMissed x => x.CaseId,
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
            placeholder.ReceivedDate = fact.ReceivedDate;
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
                DueDate = dueDate,
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

/// <summary>Marks the first done/missed instants on a response target (a later repeat changes nothing).</summary>
internal static class ResponseFactExtensions
{
    public static void Done(this ResponseFact fact, DateTimeOffset at) => fact.DoneAt ??= at;

    public static void Missed(this ResponseFact fact, DateTimeOffset at) => fact.MissedAt ??= at;
}
