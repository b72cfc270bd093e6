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
/// ContactRegistered, CaseOpened, CaseMoved, CaseAnnulled, CommissionOrdered, CommissionCompleted, ResponseStepRecorded and
/// ResponseTargetMissed; assessment's TimeRecorded and DeviationReported; the core's LookupLogged. Other events are ignored.
/// <para>
/// A batch is one transaction: one query per fact table for the rows the batch's keys already have, the items applied in
/// order to those rows (new ones added), one save, then what the batch changed added to the month and year roll-ups
/// (<see cref="MonthRollup"/>: counters, so an event costs the same however much the month already holds). If another host added one of the rows meanwhile (a repeated delivery
/// racing the first), the save fails on the key and the whole batch is applied again on what is now there.
/// </para>
/// </summary>
internal sealed class StatisticsProjection(Func<StatisticsDbContext> contexts, IMunicipalityRegistry registry, JourClock clock)
{
    /// <summary>The look-up kinds the report counts (the access log's Lookup and EmergencyLookup); other kinds are not stored.</summary>
    public static readonly IReadOnlySet<string> CountedLookupKinds = new HashSet<string>(StringComparer.Ordinal) { "Lookup", "EmergencyLookup" };

    /// <summary>The status of a look-up logged before statuses travelled with the event.</summary>
    public const string UnknownStatus = "Unknown";

    /// <summary>The PostgreSQL advisory lock that serializes projection batches (any constant unique to this use).</summary>
    private const long RollupLock = 0x5374617473; // "Stats"

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
                    if (db.Database.IsNpgsql())
                    {
                        // One batch at a time across hosts: a contact's distinct counts are read before and after the batch's change.
                        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [RollupLock], cancellationToken);
                    }

                    var batch = await FactBatch.LoadAsync(db, items, cancellationToken);
                    foreach (var item in items)
                    {
                        Apply(batch, item);
                    }

                    // The roll-ups change by what the batch changes: the facts' contributions (after minus before), and the
                    // distinct contacts of the cases it touched, read before and after the save (issue 25).
                    var deltas = MonthRollup.Collect(db.ChangeTracker);
                    var contacts = MonthRollup.ContactsOfChangedCases(db.ChangeTracker);
                    var before = await MonthRollup.ContactPresenceAsync(db, contacts, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    deltas.AddContacts(before, await MonthRollup.ContactPresenceAsync(db, contacts, cancellationToken));
                    await MonthRollup.ApplyAsync(db, deltas, cancellationToken);
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
            case CaseAnnulled e:
                batch.AnnulCase(e);
                break;
            case CaseMoved e:
                batch.MoveCase(e.CaseId, e.FromMunicipalityCode, e.ToMunicipalityCode, e.Referred);
                break;
            case ResponseStepRecorded e:
                batch.Response(e.CaseId, e.Kind.ToString(), e.MunicipalityCode, e.DueAt, clock.LocalDate(e.DueAt)).DoneAt ??= e.At; // the first done instant stays
                break;
            case ResponseTargetMissed e:
                batch.Response(e.CaseId, e.Kind.ToString(), e.MunicipalityCode, e.DueAt, clock.LocalDate(e.DueAt)).MissedAt ??= e.RecordedAt;
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
