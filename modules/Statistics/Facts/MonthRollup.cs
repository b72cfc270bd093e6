using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace SocialJour.Modules.Statistics.Facts;

/// <summary>
/// The month roll-ups (<see cref="MonthCount"/>, table month_counts) and the ONE definition of what they hold: a SQL select
/// that groups facts by month, measure, municipality and item. It is used three ways:
/// <list type="bullet">
/// <item>the projection adds what a batch changes, in the batch's transaction: each changed fact's contribution after minus
/// before (<see cref="Collect"/>, the same grouping in C#, <see cref="Contribute"/>), upserted into the counters
/// (<see cref="ApplyAsync"/>) — work per event, never per month held; the rollup tests check it against the select;</item>
/// <item>the report reads the partial months at a period's edges straight from the facts with the same select (<see cref="EdgeSql"/>);</item>
/// <item>the migration that created the table, and the benchmark after its bulk load, build every month (<see cref="RebuildSql"/>).</item>
/// </list>
/// Why: a national host's year is ≈ 1 million fact rows, ≈ 130 000 month roll-up rows and ≈ 13 000 year rows
/// (<see cref="YearCount"/>, summed from the months in the same transaction); docs/benchmarks.md, "Statistics".
/// Each measure is additive over months. Distinct contacts per municipality are too, because a contact and its cases have
/// one date (the contact's receipt).
/// </summary>
internal static class MonthRollup
{
    public const string CasesByCategory = "cases.category";
    public const string CasesByChannel = "cases.channel";
    public const string CasesByChild = "cases.child";
    public const string CasesByMode = "cases.mode";

    /// <summary>Distinct contacts with a case in the municipality, by the contact's channel and mode (item "channel|mode").</summary>
    public const string CaseContacts = "cases.contacts";

    /// <summary>The jour's contacts by channel and mode (item "channel|mode"), municipality "".</summary>
    public const string Contacts = "contacts";

    public const string Minutes = "minutes";
    public const string ResponsesMeasured = "responses.measured";
    public const string ResponsesMet = "responses.met";
    public const string Commissions = "commissions";
    public const string Lookups = "lookups";

    /// <summary>What separates channel and mode in a contact measure's item.</summary>
    public const char ItemSeparator = '|';

    /// <summary>The earliest date a fact counts on (a move delivered before its case leaves a placeholder dated 0001-01-01: in no month).</summary>
    private static readonly DateOnly FirstCounted = new(1, 1, 2);

    /// <summary>
    /// What the tracked (added or changed) facts add to the roll-ups: each fact's contribution with its current values, minus
    /// its contribution with the values it was loaded with. Call before the facts are saved (saving forgets the originals).
    /// The distinct contacts per municipality (<see cref="CaseContacts"/>) are not here: they depend on the contact's other
    /// cases, see <see cref="ContactsOfChangedCases"/> and <see cref="ContactPresenceAsync"/>.
    /// </summary>
    public static Deltas Collect(ChangeTracker tracker)
    {
        var deltas = new Deltas();
        foreach (var entry in tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            if (entry.State == EntityState.Modified)
            {
                Contribute(deltas, entry.OriginalValues.ToObject(), -1);
            }

            Contribute(deltas, entry.Entity, +1);
        }

        return deltas;
    }

    /// <summary>The contacts whose cases the batch added or changed (before and after a change), whose distinct counts may move.</summary>
    public static IReadOnlyList<long> ContactsOfChangedCases(ChangeTracker tracker) =>
        tracker.Entries<CaseFact>().Where(e => e.State is EntityState.Added or EntityState.Modified)
            .SelectMany(e => e.State == EntityState.Modified ? [e.Entity.ContactId, (long)e.Property(nameof(CaseFact.ContactId)).OriginalValue!] : new[] { e.Entity.ContactId })
            .Distinct().ToList();

    /// <summary>
    /// Where the contacts are counted, as the database holds them now (call before the save for "before", after it for
    /// "after"): one (contact, month, municipality, channel|mode) per group of the contact's counted cases. Read through the
    /// cases' contact index: the cost is the contacts' own cases, whatever the month holds.
    /// </summary>
    public static async Task<HashSet<(long Contact, DateOnly Month, string Code, string Item)>> ContactPresenceAsync(
        StatisticsDbContext db, IReadOnlyList<long> contactIds, CancellationToken cancellationToken)
    {
        if (contactIds.Count == 0)
        {
            return [];
        }

        var rows = await db.Cases.AsNoTracking().Where(c => contactIds.Contains(c.ContactId) && c.ReceivedDate >= FirstCounted)
            .Select(c => new { c.ContactId, c.ReceivedDate, c.MunicipalityCode, c.Channel, c.JourMode }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.ContactId, MonthOf(r.ReceivedDate), r.MunicipalityCode, r.Channel + ItemSeparator + r.JourMode)).ToHashSet();
    }

    /// <summary>One fact's part of the roll-ups, as <see cref="MunicipalSelect"/> and <see cref="JourSelect"/> count it, times <paramref name="sign"/>.</summary>
    private static void Contribute(Deltas d, object fact, int sign)
    {
        switch (fact)
        {
            case CaseFact c when c.ReceivedDate >= FirstCounted:
                d.Add(c.ReceivedDate, CasesByCategory, c.MunicipalityCode, c.Category, sign);
                d.Add(c.ReceivedDate, CasesByChannel, c.MunicipalityCode, c.Channel, sign);
                d.Add(c.ReceivedDate, CasesByChild, c.MunicipalityCode, c.ConcernsChild ? "true" : "false", sign);
                d.Add(c.ReceivedDate, CasesByMode, c.MunicipalityCode, c.JourMode, sign);
                break;
            case ContactFact k when k.ReceivedDate >= FirstCounted:
                d.Add(k.ReceivedDate, Contacts, "", k.Channel + ItemSeparator + k.JourMode, sign);
                break;
            case TimeFact t when t.Date >= FirstCounted:
                d.Add(t.Date, Minutes, t.MunicipalityCode, t.JourMode, sign * (long)t.Minutes);
                break;
            case ResponseFact r when r.DueDate >= FirstCounted:
                if (r.DoneAt is not null || r.MissedAt is not null)
                {
                    d.Add(r.DueDate, ResponsesMeasured, r.MunicipalityCode, r.Kind, sign);
                }

                // As stored: whole milliseconds (InstantConversions), so the comparison is the database's.
                if (r.DoneAt is { } done && done.ToUnixTimeMilliseconds() <= r.DueAt.ToUnixTimeMilliseconds())
                {
                    d.Add(r.DueDate, ResponsesMet, r.MunicipalityCode, r.Kind, sign);
                }

                break;
            case CommissionFact m when m.OrderedDate is { } ordered && ordered >= FirstCounted:
                d.Add(ordered, Commissions, m.MunicipalityCode, m.Kind, sign);
                break;
            case LookupFact l when l.Date >= FirstCounted:
                d.Add(l.Date, Lookups, l.MunicipalityCode, l.Status, sign);
                break;
        }
    }

    private static DateOnly MonthOf(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>
    /// Adds the deltas to the month and year roll-ups in the batch's transaction (after the facts are saved): one upsert per
    /// table and chunk, then rows that fell to zero are removed (a rebuild holds no zero rows). The work is the batch's own
    /// rows, whatever the month or year already holds (issue 25: the old rewrite of every touched month grew with the month).
    /// </summary>
    public static async Task ApplyAsync(StatisticsDbContext db, Deltas deltas, CancellationToken cancellationToken)
    {
        var months = deltas.Months.Where(kv => kv.Value != 0).ToList();
        if (months.Count == 0)
        {
            return;
        }

        var years = months.GroupBy(kv => (kv.Key.Month.Year, kv.Key.Measure, kv.Key.Code, kv.Key.Item))
            .Select(g => (g.Key, Amount: g.Sum(kv => kv.Value))).Where(y => y.Amount != 0).ToList();
        await UpsertAsync(db, FactModel.MonthCountsTable, "month", months.Select(kv => ((object)kv.Key.Month, kv.Key.Measure, kv.Key.Code, kv.Key.Item, kv.Value)), cancellationToken);
        await UpsertAsync(db, FactModel.YearCountsTable, "year", years.Select(y => ((object)y.Key.Year, y.Key.Measure, y.Key.Code, y.Key.Item, y.Amount)), cancellationToken);

        foreach (var month in months.Where(kv => kv.Value < 0).Select(kv => kv.Key.Month).Distinct())
        {
            var delete = $"DELETE FROM {db.Table(FactModel.MonthCountsTable)} WHERE month = {{0}} AND amount <= 0"; // the module's table name only
            await db.Database.ExecuteSqlRawAsync(delete, [month], cancellationToken);
        }

        foreach (var year in years.Where(y => y.Amount < 0).Select(y => y.Key.Year).Distinct())
        {
            var delete = $"DELETE FROM {db.Table(FactModel.YearCountsTable)} WHERE year = {{0}} AND amount <= 0"; // the module's table name only
            await db.Database.ExecuteSqlRawAsync(delete, [year], cancellationToken);
        }
    }

    private static async Task UpsertAsync(StatisticsDbContext db, string tableName, string period,
        IEnumerable<(object Period, string Measure, string Code, string Item, long Amount)> rows, CancellationToken cancellationToken)
    {
        var table = db.Table(tableName);
        foreach (var chunk in rows.Chunk(200))
        {
            var values = string.Join(", ", chunk.Select((_, i) => $"({{{i * 5}}}, {{{i * 5 + 1}}}, {{{i * 5 + 2}}}, {{{i * 5 + 3}}}, {{{i * 5 + 4}}})"));
            var args = chunk.SelectMany(r => new object[] { r.Period, r.Measure, r.Code, r.Item, r.Amount }).ToArray();
            var sql = $"INSERT INTO {table} AS c ({period}, measure, municipality_code, item, amount) VALUES {values} " +
                $"ON CONFLICT ({period}, measure, municipality_code, item) DO UPDATE SET amount = c.amount + excluded.amount"; // names and placeholders only
            await db.Database.ExecuteSqlRawAsync(sql, args, cancellationToken);
        }
    }

    /// <summary>Every month of every fact, rewritten (the benchmark after a bulk load): the statements of <see cref="RebuildStatements"/> in order.</summary>
    public static async Task RebuildAsync(StatisticsDbContext db, CancellationToken cancellationToken)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var statement in RebuildStatements(db.Database.IsNpgsql()))
        {
            await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The statements that rewrite every month from the facts; also run by the migration that created the table (which has
    /// no context): <paramref name="postgres"/> picks the dialect, with the module's tables in schema "statistics" there.
    /// </summary>
    public static IReadOnlyList<string> RebuildStatements(bool postgres)
    {
        var dialect = new Dialect(postgres, name => postgres ? $"\"{StatisticsDbContext.ModuleName}\".\"{name}\"" : $"\"{name}\"");
        var (from, to) = postgres ? ("DATE '0001-01-02'", "DATE '9999-12-31'") : ("'0001-01-02'", "'9999-12-31'");
        var months = dialect.Table(FactModel.MonthCountsTable);
        var year = postgres ? "CAST(EXTRACT(YEAR FROM month) AS integer)" : "CAST(substr(month, 1, 4) AS INTEGER)";
        return
        [
            $"DELETE FROM {months}",
            Insert(dialect, MunicipalSelect(dialect, from, to, null)),
            Insert(dialect, JourSelect(dialect, from, to)),
            $"DELETE FROM {dialect.Table(FactModel.YearCountsTable)}",
            $"INSERT INTO {dialect.Table(FactModel.YearCountsTable)} (year, measure, municipality_code, item, amount) " +
                $"SELECT {year}, measure, municipality_code, item, CAST(SUM(amount) AS bigint) FROM {months} GROUP BY {year}, measure, municipality_code, item",
        ];
    }

    /// <summary>
    /// The facts of [<c>{0}</c>, <c>{1}</c>] (raw-SQL placeholders) grouped as the roll-ups are — (month, measure,
    /// municipality_code, item, amount) — for the municipality <c>{2}</c> only, or every municipality and the jour's contacts.
    /// </summary>
    public static string EdgeSql(StatisticsDbContext db, bool oneMunicipality)
    {
        var d = Dialect.Of(db);
        return oneMunicipality ? MunicipalSelect(d, "{0}", "{1}", "municipality_code = {2}") : MunicipalSelect(d, "{0}", "{1}", null) + " UNION ALL " + JourSelect(d, "{0}", "{1}");
    }

    private static string Insert(Dialect d, string select) =>
        $"INSERT INTO {d.Table(FactModel.MonthCountsTable)} (month, measure, municipality_code, item, amount) " +
        $"SELECT month, measure, municipality_code, item, amount FROM ({select}) AS facts WHERE amount > 0";

    /// <summary>Every per-municipality measure, each one GROUP BY over its fact table's covering report index.</summary>
    private static string MunicipalSelect(Dialect d, string from, string to, string? filter)
    {
        string Part(string table, string date, string measure, string item, string amount, string? where = null) =>
            $"SELECT {d.Month(date)} AS month, '{measure}' AS measure, municipality_code, {item} AS item, {amount} AS amount " +
            $"FROM {d.Table(table)} WHERE {date} >= {from} AND {date} <= {to}" + (filter is null ? "" : $" AND {filter}") + (where is null ? "" : $" AND {where}") +
            $" GROUP BY {d.Month(date)}, municipality_code, {item}";

        var parts = new[]
        {
            Part(FactModel.CasesTable, "received_date", CasesByCategory, "category", "COUNT(*)"),
            Part(FactModel.CasesTable, "received_date", CasesByChannel, "channel", "COUNT(*)"),
            Part(FactModel.CasesTable, "received_date", CasesByChild, "CASE WHEN concerns_child THEN 'true' ELSE 'false' END", "COUNT(*)"),
            Part(FactModel.CasesTable, "received_date", CasesByMode, "jour_mode", "COUNT(*)"),
            Part(FactModel.CasesTable, "received_date", CaseContacts, $"channel || '{ItemSeparator}' || jour_mode", "COUNT(DISTINCT contact_id)"),
            Part(FactModel.TimeTable, "date", Minutes, "jour_mode", "SUM(minutes)"),
            Part(FactModel.ResponsesTable, "due_date", ResponsesMeasured, "kind", "COUNT(*)", "(done_at IS NOT NULL OR missed_at IS NOT NULL)"),
            Part(FactModel.ResponsesTable, "due_date", ResponsesMet, "kind", "COUNT(*)", "done_at IS NOT NULL AND done_at <= due_at"),
            Part(FactModel.CommissionsTable, "ordered_date", Commissions, "kind", "COUNT(*)"),
            Part(FactModel.LookupsTable, "date", Lookups, "status", "COUNT(*)"),
        };
        return string.Join(" UNION ALL ", parts);
    }

    /// <summary>The jour's own contacts (no municipality: a contact can have cases in several).</summary>
    private static string JourSelect(Dialect d, string from, string to) =>
        $"SELECT {d.Month("received_date")} AS month, '{Contacts}' AS measure, '' AS municipality_code, channel || '{ItemSeparator}' || jour_mode AS item, COUNT(*) AS amount " +
        $"FROM {d.Table(FactModel.ContactsTable)} WHERE received_date >= {from} AND received_date <= {to} GROUP BY {d.Month("received_date")}, channel, jour_mode";

    /// <summary>SQL that differs between the providers: a date's month (its first day) and the table names.</summary>
    private sealed record Dialect(bool Postgres, Func<string, string> Table)
    {
        public static Dialect Of(StatisticsDbContext db) => new(db.Database.IsNpgsql(), db.Table);

        // SQLite keeps dates as 'yyyy-MM-dd' text; PostgreSQL as date.
        public string Month(string column) => Postgres
            ? $"CAST(date_trunc('month', CAST({column} AS timestamp)) AS date)"
            : $"substr({column}, 1, 8) || '01'";
    }

    /// <summary>What a batch adds to each month roll-up row (negative where it takes away), keyed as month_counts is.</summary>
    internal sealed class Deltas
    {
        private readonly Dictionary<(DateOnly Month, string Measure, string Code, string Item), long> _months = [];

        public IEnumerable<KeyValuePair<(DateOnly Month, string Measure, string Code, string Item), long>> Months => _months;

        public void Add(DateOnly date, string measure, string code, string item, long amount)
        {
            var key = (MonthOf(date), measure, code, item);
            _months[key] = _months.GetValueOrDefault(key) + amount;
        }

        /// <summary>The distinct contacts: +1 where a contact is now counted and was not, −1 where it was and is not.</summary>
        public void AddContacts(
            HashSet<(long Contact, DateOnly Month, string Code, string Item)> before, HashSet<(long Contact, DateOnly Month, string Code, string Item)> after)
        {
            foreach (var p in after.Except(before))
            {
                Add(p.Month, CaseContacts, p.Code, p.Item, 1);
            }

            foreach (var p in before.Except(after))
            {
                Add(p.Month, CaseContacts, p.Code, p.Item, -1);
            }
        }
    }
}
