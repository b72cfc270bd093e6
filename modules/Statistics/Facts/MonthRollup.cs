using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace SocialJour.Modules.Statistics.Facts;

/// <summary>
/// The month roll-ups (<see cref="MonthCount"/>, table month_counts) and the ONE definition of what they hold: a SQL select
/// that groups facts by month, measure, municipality and item. It is used three ways, so the roll-ups and the facts cannot
/// disagree:
/// <list type="bullet">
/// <item>the projection rewrites the months and municipalities a batch touched, in the batch's transaction (<see cref="RefreshAsync"/>);</item>
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

    /// <summary>The months and municipalities the tracked (added or changed) facts touch — before and after a change.</summary>
    public static Touched Collect(ChangeTracker tracker)
    {
        var touched = new Touched();
        foreach (var entry in tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            var modified = entry.State == EntityState.Modified;
            switch (entry.Entity)
            {
                case CaseFact c:
                    touched.Add(c.ReceivedDate, c.MunicipalityCode);
                    if (modified)
                    {
                        touched.Add(Original<DateOnly>(entry, nameof(CaseFact.ReceivedDate)), Original<string>(entry, nameof(CaseFact.MunicipalityCode)));
                    }

                    break;
                case ResponseFact r:
                    touched.Add(r.DueDate, r.MunicipalityCode);
                    if (modified)
                    {
                        touched.Add(Original<DateOnly>(entry, nameof(ResponseFact.DueDate)), Original<string>(entry, nameof(ResponseFact.MunicipalityCode)));
                    }

                    break;
                case CommissionFact m:
                    if (m.OrderedDate is { } ordered)
                    {
                        touched.Add(ordered, m.MunicipalityCode);
                    }

                    break;
                case TimeFact t:
                    touched.Add(t.Date, t.MunicipalityCode);
                    if (modified)
                    {
                        touched.Add(Original<DateOnly>(entry, nameof(TimeFact.Date)), t.MunicipalityCode); // an annulled case's time leaves its day
                    }

                    break;
                case LookupFact l:
                    touched.Add(l.Date, l.MunicipalityCode);
                    break;
                case ContactFact k:
                    touched.AddJour(k.ReceivedDate);
                    if (modified)
                    {
                        touched.AddJour(Original<DateOnly>(entry, nameof(ContactFact.ReceivedDate))); // a wholly annulled contact leaves its day
                    }

                    break;
            }
        }

        return touched;
    }

    private static T Original<T>(EntityEntry entry, string property) => (T)entry.Property(property).OriginalValue!;

    /// <summary>Rewrites the touched months' roll-ups from the facts (call inside the transaction, after the facts are saved).</summary>
    public static async Task RefreshAsync(StatisticsDbContext db, Touched touched, CancellationToken cancellationToken)
    {
        var dialect = Dialect.Of(db);
        var table = db.Table(FactModel.MonthCountsTable);
        foreach (var (month, scope) in touched.Months)
        {
            var end = month.AddMonths(1).AddDays(-1);
            if (scope.Codes.Count > 0)
            {
                var codes = scope.Codes.Order(StringComparer.Ordinal).ToList();
                var list = string.Join(", ", codes.Select((_, i) => "{" + (i + 1) + "}"));
                object[] deleteArgs = [month, .. codes];
                var delete = $"DELETE FROM {table} WHERE month = {{0}} AND municipality_code IN ({list})"; // module table names and placeholders only
                await db.Database.ExecuteSqlRawAsync(delete, deleteArgs, cancellationToken);

                var inList = string.Join(", ", codes.Select((_, i) => "{" + (i + 2) + "}"));
                object[] insertArgs = [month, end, .. codes];
                await db.Database.ExecuteSqlRawAsync(Insert(dialect, MunicipalSelect(dialect, "{0}", "{1}", $"municipality_code IN ({inList})")), insertArgs, cancellationToken);
            }

            if (scope.Jour)
            {
                var delete = $"DELETE FROM {table} WHERE month = {{0}} AND measure = {{1}}"; // the module's table name only
                await db.Database.ExecuteSqlRawAsync(delete, [month, Contacts], cancellationToken);
                await db.Database.ExecuteSqlRawAsync(Insert(dialect, JourSelect(dialect, "{0}", "{1}")), [month, end], cancellationToken);
            }
        }

        // Then each touched year, summed from its months ("" = the jour's contacts).
        var years = touched.Months.GroupBy(m => m.Month.Year)
            .Select(g => (Year: g.Key, Codes: g.SelectMany(m => m.Scope.Jour ? m.Scope.Codes.Append("") : m.Scope.Codes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()));
        var yearTable = db.Table(FactModel.YearCountsTable);
        foreach (var (year, codes) in years)
        {
            var list = string.Join(", ", codes.Select((_, i) => "{" + (i + 3) + "}"));
            object[] args = [year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 1), .. codes];
            var deleteList = string.Join(", ", codes.Select((_, i) => "{" + (i + 1) + "}"));
            var delete = $"DELETE FROM {yearTable} WHERE year = {{0}} AND municipality_code IN ({deleteList})"; // table names and placeholders only
            await db.Database.ExecuteSqlRawAsync(delete, [year, .. codes], cancellationToken);
            var insert = $"INSERT INTO {yearTable} (year, measure, municipality_code, item, amount) " +
                $"SELECT {{0}}, measure, municipality_code, item, CAST(SUM(amount) AS bigint) FROM {table} " +
                $"WHERE municipality_code IN ({list}) AND month >= {{1}} AND month <= {{2}} GROUP BY measure, municipality_code, item";
            await db.Database.ExecuteSqlRawAsync(insert, args, cancellationToken);
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

    /// <summary>The months a batch touched: per month the municipalities, and whether the jour's contacts changed.</summary>
    internal sealed class Touched
    {
        private readonly SortedDictionary<DateOnly, Scope> _months = [];

        public IEnumerable<(DateOnly Month, Scope Scope)> Months => _months.Select(kv => (kv.Key, kv.Value));

        public bool Any => _months.Count > 0;

        public void Add(DateOnly date, string municipalityCode)
        {
            if (date >= FirstCounted)
            {
                Of(date).Codes.Add(municipalityCode);
            }
        }

        public void AddJour(DateOnly date)
        {
            if (date >= FirstCounted)
            {
                Of(date).Jour = true;
            }
        }

        private Scope Of(DateOnly date)
        {
            var month = new DateOnly(date.Year, date.Month, 1);
            if (!_months.TryGetValue(month, out var scope))
            {
                _months[month] = scope = new Scope();
            }

            return scope;
        }
    }

    internal sealed class Scope
    {
        public HashSet<string> Codes { get; } = new(StringComparer.Ordinal);

        public bool Jour { get; set; }
    }
}
