using System.Globalization;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Feed;

namespace SocialJour.Modules.Statistics.Demo;

/// <summary>What one demo year must add up to: cases and child cases received 1 January–10 December, and standby SOS calls in the calendar year.</summary>
internal sealed record DemoYear(int Year, int Cases, int ChildCases, int StandbySosCalls);

/// <summary>
/// Generates the demo's statistics history as the events the modules would have published (intake's contacts, cases, moves,
/// response steps and commissions, assessment's time and deviations, the core's look-ups), deterministically: the same
/// configuration gives the same events on every machine and run. For Nordväst (its eight municipalities) the cases and child
/// cases received 1 January–10 December are exactly the business plan's figures (<see cref="Nordvast"/>); for another jour
/// a smaller invented history of its members on each date (Joined/Left honoured). Every id is far above real ones.
/// </summary>
internal static class DemoEvents
{
    /// <summary>Demo contacts, cases (J + id), deviations and look-up sequences count from here; real ids never get near.</summary>
    public const long FirstId = 9_000_000_000;

    /// <summary>Demo commissions count from here: above billing's demo commissions (9 000 000 001…).</summary>
    public const long FirstCommissionId = 9_500_000_000;

    public const string MessagePrefix = "demo-";

    public const string Actor = "demo";

    /// <summary>
    /// Nordväst's figures. Cases and child cases 1 Jan–10 Dec: the business plan's table (4 983 / 1 915, 4 607 / 1 924,
    /// 5 303 / 2 527). Standby SOS calls: 2021 as its annual report (1 000 in the contract and 79 beyond); 2019 and 2020 invented.
    /// </summary>
    public static IReadOnlyList<DemoYear> Nordvast { get; } =
    [
        new(2019, 4_983, 1_915, 1_012),
        new(2020, 4_607, 1_924, 1_041),
        new(2021, 5_303, 2_527, 1_079),
    ];

    /// <summary>The Nordväst municipalities: the demo jour these figures belong to.</summary>
    public static IReadOnlySet<string> NordvastCodes { get; } = new HashSet<string>(StringComparer.Ordinal) { "0191", "0123", "0184", "0125", "0163", "0183", "0139", "0114" };

    /// <summary>The last day of the plan's comparison period in each year (1 January–10 December).</summary>
    public static readonly (int Month, int Day) PeriodEnd = (12, 10);

    /// <summary>The years a jour's history has: Nordväst's figures, or an invented smaller history for another jour.</summary>
    public static IReadOnlyList<DemoYear> YearsFor(JourConfiguration configuration)
    {
        if (configuration.Municipalities.Select(m => m.Code.Value).ToHashSet(StringComparer.Ordinal).SetEquals(NordvastCodes))
        {
            return Nordvast;
        }

        return [new(2019, 1_480, 560, 0), new(2020, 1_395, 602, 0), new(2021, 1_610, 701, 0)];
    }

    /// <summary>The history's events in the order they happened (the feed's order), each with its demo message id.</summary>
    public static IReadOnlyList<FeedItem> Generate(JourConfiguration configuration)
    {
        var generator = new Generator(configuration);
        foreach (var year in YearsFor(configuration))
        {
            generator.Year(year);
        }

        return generator.Items();
    }

    private sealed class Generator(JourConfiguration configuration)
    {
        private static readonly CaseCategory[] ChildCategories =
            [CaseCategory.ChildrenAndYouth, CaseCategory.UnaccompaniedMinor, CaseCategory.DomesticViolence, CaseCategory.SubstanceAbuse, CaseCategory.Other];

        private static readonly int[] ChildWeights = [70, 5, 13, 5, 7];

        private static readonly CaseCategory[] AdultCategories =
            [CaseCategory.SubstanceAbuse, CaseCategory.DomesticViolence, CaseCategory.FinancialOrHousing, CaseCategory.ElderlyOrDisability, CaseCategory.Other];

        private static readonly int[] AdultWeights = [30, 21, 16, 12, 21];

        private static readonly ContactChannel[] OpenChannels =
            [ContactChannel.SosAlarm, ContactChannel.Police, ContactChannel.DirectLine, ContactChannel.Municipality, ContactChannel.EService, ContactChannel.Other];

        private static readonly int[] OpenChannelWeights = [12, 28, 28, 15, 10, 7];

        private static readonly ContactChannel[] StandbyChannels = [ContactChannel.SosAlarm, ContactChannel.Police, ContactChannel.DirectLine, ContactChannel.Other];

        private static readonly int[] StandbyChannelWeights = [70, 18, 9, 3];

        private static readonly string[] Statuses = ["Found", "NotFound", "NoAccess", "Unavailable", "TimedOut", "InvalidResponse", "Disabled"];

        private readonly List<(DateTimeOffset At, int Order, FeedItem Item)> _items = [];
        private readonly TimeZoneInfo _zone = configuration.Jour.TimeZone;
        private readonly JourSchedule _schedule = configuration.Schedule;
        private long _contacts;
        private long _cases;
        private long _commissions;
        private long _deviations;
        private long _lookups;
        private Random64 _random = new(1);

        public IReadOnlyList<FeedItem> Items() =>
            _items.OrderBy(i => i.At).ThenBy(i => i.Order).Select(i => i.Item).ToList();

        public void Year(DemoYear year)
        {
            _random = new Random64((ulong)year.Year * 7919UL);
            var first = new DateOnly(year.Year, 1, 1);
            var periodEnd = new DateOnly(year.Year, PeriodEnd.Month, PeriodEnd.Day);
            var last = new DateOnly(year.Year, 12, 31);

            // The period's contacts: persons drawn (1–3) until exactly the year's cases; the last contact takes what is left.
            var contacts = new List<DemoContact>();
            Draw(contacts, first, periodEnd, year.Cases);
            var periodCases = contacts.SelectMany(c => c.Cases).ToList();

            // Exactly the year's child cases, spread at random over the period's cases.
            foreach (var i in Pick(periodCases.Count, year.ChildCases))
            {
                periodCases[i].Child = true;
            }

            // 11–31 December at the year's pace, children at its share.
            var tail = new List<DemoContact>();
            var days = periodEnd.DayNumber - first.DayNumber + 1;
            Draw(tail, periodEnd.AddDays(1), last, (int)Math.Round(year.Cases * (double)(last.DayNumber - periodEnd.DayNumber) / days));
            foreach (var c in tail.SelectMany(c => c.Cases))
            {
                c.Child = _random.Below(year.Cases) < year.ChildCases;
            }

            contacts.AddRange(tail);
            Channels(contacts, year);
            foreach (var contact in contacts)
            {
                Emit(contact, year.Year);
            }

            Commissions(year.Year);
            Deviations(year.Year);
        }

        private void Draw(List<DemoContact> contacts, DateOnly from, DateOnly to, int cases)
        {
            var remaining = cases;
            while (remaining > 0)
            {
                var persons = Math.Min(remaining, _random.Below(100) switch { < 76 => 1, < 92 => 2, _ => 3 });
                var date = from.AddDays(_random.Below(to.DayNumber - from.DayNumber + 1));
                var members = configuration.Municipalities.Where(m => m.IsMemberOn(date)).ToList();
                if (members.Count == 0)
                {
                    continue;
                }

                var standby = _random.Below(100) < 36;
                var receivedAt = TimeIn(date, standby ? JourMode.Standby : JourMode.Open);
                var municipality = Weighted(members, m => m.PopulationAt(date.Year) ?? m.PopulationAt(date.Year - 1) ?? 20_000).Code.Value;
                var contact = new DemoContact(FirstId + ++_contacts, receivedAt, _schedule.ModeAt(receivedAt).ToString());
                for (var i = 0; i < persons; i++)
                {
                    contact.Cases.Add(new DemoCase("J" + (FirstId + ++_cases).ToString(CultureInfo.InvariantCulture), municipality));
                }

                contacts.Add(contact);
                remaining -= persons;
            }
        }

        /// <summary>A random instant on <paramref name="date"/> (local) when the jour is in <paramref name="mode"/>: open or standby, never closed.</summary>
        private DateTimeOffset TimeIn(DateOnly date, JourMode mode)
        {
            DateTimeOffset at = default;
            for (var attempt = 0; attempt < 400; attempt++)
            {
                at = JourClock.ToInstant(date, new TimeOnly(_random.Below(24), _random.Below(60)), _zone);
                var actual = _schedule.ModeAt(at);
                if (JourClock.LocalDate(at, _zone) == date && (actual == mode || (attempt > 200 && actual != JourMode.Closed)))
                {
                    return at;
                }
            }

            return JourClock.ToInstant(date, new TimeOnly(20, 0), _zone);
        }

        /// <summary>Channels: exactly the year's standby SOS calls (calendar year) where set, the rest by the usual shares.</summary>
        private void Channels(List<DemoContact> contacts, DemoYear year)
        {
            var standby = contacts.Where(c => c.JourMode == nameof(JourMode.Standby)).ToList();
            var sos = year.StandbySosCalls > 0
                ? Pick(standby.Count, Math.Min(year.StandbySosCalls, standby.Count)).Select(i => standby[i]).ToHashSet()
                : standby.Where(_ => _random.Below(100) < 68).ToHashSet();
            foreach (var c in contacts)
            {
                c.Channel = c.JourMode == nameof(JourMode.Standby)
                    ? sos.Contains(c) ? ContactChannel.SosAlarm : Weighted(StandbyChannels[1..], StandbyChannelWeights[1..])
                    : Weighted(OpenChannels, OpenChannelWeights);
            }
        }

        private void Emit(DemoContact contact, int year)
        {
            var opened = contact.ReceivedAt.AddMinutes(2);
            Add(opened, new ContactRegistered(contact.Id, contact.Channel, contact.ReceivedAt, contact.JourMode, contact.Cases.Count, opened), $"contact-{contact.Id}");
            var members = configuration.Municipalities.Where(m => m.IsMemberOn(JourClock.LocalDate(contact.ReceivedAt, _zone))).ToList();
            foreach (var c in contact.Cases)
            {
                var category = c.Child ? Weighted(ChildCategories, ChildWeights) : Weighted(AdultCategories, AdultWeights);
                var triage = (TriageLevel)(1 + _random.Below(3));
                Add(opened, new CaseOpened(c.Id, contact.Id, c.Municipality, category, c.Child, triage, contact.Channel, contact.JourMode, false, contact.ReceivedAt, opened), $"case-{c.Id}");

                // About one case in fifty turns out to belong to another member municipality: it counts there.
                var municipality = c.Municipality;
                if (members.Count > 1 && _random.Below(50) == 0)
                {
                    var to = members.Where(m => m.Code.Value != c.Municipality).ElementAt(_random.Below(members.Count - 1)).Code.Value;
                    Add(opened.AddMinutes(1), new CaseMoved(c.Id, c.Municipality, to, false, opened.AddMinutes(1)), $"moved-{c.Id}");
                    municipality = to;
                }

                Callback(c.Id, municipality, contact.ReceivedAt);
                if (_random.Below(1000) < (year == 2019 ? 80 : 45))
                {
                    OnSite(c.Id, municipality, opened.AddMinutes(10 + _random.Below(50)));
                }

                // Time on the case: one entry, sometimes two; children's cases take longer.
                var entries = _random.Below(100) < 22 ? 2 : 1;
                for (var i = 0; i < entries; i++)
                {
                    var minutes = 5 * (3 + _random.Below(c.Child ? 22 : 16));
                    var at = opened.AddMinutes(20 + _random.Below(180) + (i * 240));
                    Add(at, new TimeRecorded(c.Id, municipality, Actor, minutes, at), $"time-{c.Id}-{i}");
                }

                Lookup(c.Id, municipality, members, opened.AddMinutes(5 + _random.Below(40)), year);
            }
        }

        private void Callback(string caseId, string municipality, DateTimeOffset receivedAt)
        {
            var due = receivedAt.AddMinutes(30);
            var r = _random.Below(100);
            if (r < 88)
            {
                Step(caseId, municipality, ResponseTargetKind.Callback, due, receivedAt.AddMinutes(3 + _random.Below(28)));
            }
            else if (r < 95)
            {
                Step(caseId, municipality, ResponseTargetKind.Callback, due, due.AddMinutes(1 + _random.Below(60)));
            }
            else
            {
                Missed(caseId, municipality, ResponseTargetKind.Callback, due, r < 98);
            }
        }

        private void OnSite(string caseId, string municipality, DateTimeOffset decidedAt)
        {
            var due = decidedAt.AddHours(2);
            var r = _random.Below(100);
            if (r < 85)
            {
                Step(caseId, municipality, ResponseTargetKind.OnSite, due, decidedAt.AddMinutes(25 + _random.Below(95)));
            }
            else if (r < 95)
            {
                Step(caseId, municipality, ResponseTargetKind.OnSite, due, due.AddMinutes(1 + _random.Below(90)));
            }
            else
            {
                Missed(caseId, municipality, ResponseTargetKind.OnSite, due, r < 97);
            }
        }

        private void Step(string caseId, string municipality, ResponseTargetKind kind, DateTimeOffset due, DateTimeOffset at) =>
            Add(at, new ResponseStepRecorded(caseId, municipality, kind, due, at), $"step-{caseId}-{kind}");

        /// <summary>The timer job finds the target passed (a minute or so after due); the step may still come, late.</summary>
        private void Missed(string caseId, string municipality, ResponseTargetKind kind, DateTimeOffset due, bool doneLater)
        {
            var found = due.AddMinutes(1);
            Add(found, new ResponseTargetMissed(caseId, municipality, kind, due, found), $"missed-{caseId}-{kind}");
            if (doneLater)
            {
                Step(caseId, municipality, kind, due, due.AddMinutes(15 + _random.Below(120)));
            }
        }

        /// <summary>
        /// Look-ups in the municipalities' journal systems: more each year as access was won, and fewer answered "no access".
        /// </summary>
        private void Lookup(string caseId, string municipality, List<Municipality> members, DateTimeOffset at, int year)
        {
            if (_random.Below(100) >= year switch { 2019 => 14, 2020 => 24, _ => 33 })
            {
                return;
            }

            var codes = new SortedSet<string>(StringComparer.Ordinal) { municipality };
            if (members.Count > 1 && _random.Below(100) < 25)
            {
                codes.Add(members[_random.Below(members.Count)].Code.Value);
            }

            int[] weights = year switch
            {
                2019 => [30, 16, 44, 5, 3, 1, 1],
                2020 => [45, 22, 24, 5, 2, 1, 1],
                _ => [60, 25, 8, 4, 2, 1, 0],
            };
            var sequence = FirstId + ++_lookups;
            var sources = codes.Select(code => new LookupSourceOutcome(code, Weighted(Statuses, weights))).ToList();
            var kind = _random.Below(100) < 5 ? "EmergencyLookup" : "Lookup";
            var purpose = configuration.LookupPurposes.Count > 0 ? configuration.LookupPurposes[0] : "Skyddsbedömning";
            Add(at, new LookupLogged(sequence, $"demo-lookup-{sequence}", kind, Actor, caseId, purpose, codes.ToList(), at, sources), $"lookup-{sequence}");
        }

        /// <summary>Commissions ordered by the members, fewer home visits since the pandemic (2020–).</summary>
        private void Commissions(int year)
        {
            foreach (var (kind, count) in year == 2019
                ? new[] { (CommissionKind.HomeVisit, 16), (CommissionKind.PhoneSupport, 27), (CommissionKind.Other, 5) }
                : [(CommissionKind.HomeVisit, year == 2020 ? 9 : 11), (CommissionKind.PhoneSupport, year == 2020 ? 30 : 26), (CommissionKind.Other, 4)])
            {
                for (var i = 0; i < count; i++)
                {
                    var date = new DateOnly(year, 1, 8).AddDays(_random.Below(350));
                    var members = configuration.Municipalities.Where(m => m.IsMemberOn(date)).ToList();
                    if (members.Count == 0)
                    {
                        continue;
                    }

                    var id = FirstCommissionId + ++_commissions;
                    var municipality = members[_random.Below(members.Count)].Code.Value;
                    var ordered = JourClock.ToInstant(date, new TimeOnly(15 + _random.Below(4), 5 * _random.Below(12)), _zone);
                    Add(ordered, new CommissionOrdered(id, municipality, kind, ordered, kind != CommissionKind.Other), $"commission-{id}");
                    var done = ordered.AddHours(2 + _random.Below(6));
                    var minutes = kind switch { CommissionKind.HomeVisit => 90 + (15 * _random.Below(5)), CommissionKind.PhoneSupport => 15 + (5 * _random.Below(6)), _ => 45 };
                    Add(done, new CommissionCompleted(id, municipality, kind, minutes, done), $"commission-done-{id}");
                }
            }
        }

        /// <summary>Deviations and complaints: 2021 as its annual report (two technical, one handling; three complaints, one about a member too).</summary>
        private void Deviations(int year)
        {
            var list = year switch
            {
                2019 => new[] { (DeviationCategory.Handling, 3, 14), (DeviationCategory.WrongMunicipality, 6, 2), (DeviationCategory.Complaint, 9, 23) },
                2020 => [(DeviationCategory.UnansweredSosCall, 2, 11), (DeviationCategory.UnansweredSosCall, 5, 3), (DeviationCategory.Technical, 8, 19),
                    (DeviationCategory.Complaint, 4, 7), (DeviationCategory.Complaint, 10, 28)],
                _ => [(DeviationCategory.Technical, 2, 9), (DeviationCategory.Technical, 9, 16), (DeviationCategory.Handling, 6, 1),
                    (DeviationCategory.Complaint, 3, 22), (DeviationCategory.Complaint, 5, 30), (DeviationCategory.Complaint, 11, 12)],
            };
            var members = configuration.Municipalities.Where(m => m.IsMemberOn(new DateOnly(year, 6, 30))).ToList();
            var complaints = 0;
            foreach (var (category, month, day) in list)
            {
                var id = FirstId + ++_deviations;
                var occurred = JourClock.ToInstant(new DateOnly(year, month, day), new TimeOnly(22, 40), _zone);
                string? municipality = category == DeviationCategory.Complaint && complaints++ == 0 && members.Count > 0 ? members[_random.Below(members.Count)].Code.Value : null;
                var reported = occurred.AddHours(11);
                Add(reported, new DeviationReported(id, category, null, municipality, occurred, reported), $"deviation-{id}");
            }
        }

        private void Add(DateTimeOffset at, IIntegrationEvent evt, string key) =>
            _items.Add((at, _items.Count, new FeedItem(MessagePrefix + key, evt)));

        /// <summary>Exactly <paramref name="count"/> distinct indexes below <paramref name="n"/>, at random (a partial Fisher–Yates shuffle).</summary>
        private IEnumerable<int> Pick(int n, int count)
        {
            var all = Enumerable.Range(0, n).ToArray();
            for (var i = 0; i < count; i++)
            {
                var j = i + _random.Below(n - i);
                (all[i], all[j]) = (all[j], all[i]);
            }

            return all.Take(count);
        }

        private T Weighted<T>(IReadOnlyList<T> values, IReadOnlyList<int> weights)
        {
            var r = _random.Below(weights.Sum());
            for (var i = 0; i < values.Count; i++)
            {
                r -= weights[i];
                if (r < 0)
                {
                    return values[i];
                }
            }

            return values[^1];
        }

        private T Weighted<T>(IReadOnlyList<T> values, Func<T, int> weight) => Weighted(values, values.Select(weight).ToList());
    }

    private sealed class DemoContact(long id, DateTimeOffset receivedAt, string jourMode)
    {
        public long Id { get; } = id;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public string JourMode { get; } = jourMode;

        public ContactChannel Channel { get; set; }

        public List<DemoCase> Cases { get; } = [];
    }

    private sealed class DemoCase(string id, string municipality)
    {
        public string Id { get; } = id;

        public string Municipality { get; } = municipality;

        public bool Child { get; set; }
    }

    /// <summary>SplitMix64: a small deterministic generator, the same on every machine and .NET version.</summary>
    private struct Random64(ulong seed)
    {
        private ulong _state = seed;

        public int Below(int n)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z % (ulong)n);
        }
    }
}
