using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SocialJour.Core.Configuration;

namespace SocialJour.Benchmarks;

/// <summary>Where the generated facts go: one call per row, in date order (as a live feed writes them).</summary>
internal interface IFactSink
{
    void Case(string caseId, long contactId, string municipality, string category, bool child, string channel, string mode, bool referred, long receivedAt, DateOnly date);

    void Contact(long contactId, string channel, string mode, int cases, long receivedAt, DateOnly date);

    void Time(string messageId, string caseId, string municipality, int minutes, string mode, long at, DateOnly date);

    void Response(string caseId, string kind, string municipality, long dueAt, DateOnly dueDate, long? doneAt, long? missedAt);

    void Commission(long id, string municipality, string kind, long orderedAt, DateOnly orderedDate, long doneAt, int minutes);

    void Deviation(long id, string category, string? municipality, long occurredAt, DateOnly date);

    void Lookup(long sequence, string municipality, string kind, string status, long at, DateOnly date);

    /// <summary>The end of a day: a sink may commit here.</summary>
    void EndOfDay();
}

/// <summary>
/// Generates the benchmark's facts: <c>cases</c> cases spread evenly over 2016–2025 (local dates), municipalities weighted
/// by a fixed pseudo-population, the Nordväst demo's proportions: 1–3 cases per contact (1.32 on average), 36 % standby,
/// 1.22 time entries per case, a callback target per case and an on-site target for 5 %, look-ups for 30 % of the cases
/// (1.25 municipalities each), 9 commissions and 1.2 deviations per 1 000 cases. Fixed seed: the same facts every run.
/// </summary>
internal static class FactGenerator
{
    private static readonly string[] Categories = ["ChildrenAndYouth", "SubstanceAbuse", "DomesticViolence", "FinancialOrHousing", "ElderlyOrDisability", "UnaccompaniedMinor", "Other"];
    private static readonly string[] Channels = ["SosAlarm", "DirectLine", "Police", "Municipality", "EService", "Other"];
    private static readonly string[] Statuses = ["Found", "NotFound", "NoAccess", "Unavailable", "TimedOut", "InvalidResponse", "Disabled"];
    private static readonly string[] CommissionKinds = ["HomeVisit", "PhoneSupport", "Other"];
    private static readonly string[] DeviationCategories = ["UnansweredSosCall", "WrongMunicipality", "IdentityMixUp", "Technical", "Handling", "Complaint"];

    public static string Generate(IFactSink sink, int cases)
    {
        var random = new Random(14);
        var codes = MunicipalityCodes.ShortNames.Keys.Order(StringComparer.Ordinal).ToArray();
        var weights = codes.Select(_ => (double)random.Next(2_500, 980_000)).ToArray();
        var cumulative = new double[codes.Length];
        var sum = 0.0;
        for (var i = 0; i < codes.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        string Municipality()
        {
            var i = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            return codes[i < 0 ? Math.Min(~i, codes.Length - 1) : i];
        }

        var zone = SocialJour.Core.Calendar.JourSchedule.Stockholm;
        var first = new DateOnly(2016, 1, 1);
        var last = new DateOnly(2025, 12, 31);
        var days = last.DayNumber - first.DayNumber + 1;
        long caseNo = 0, contactNo = 0, timeNo = 0, lookupNo = 0, commissionNo = 0, deviationNo = 0, responses = 0, lookupRows = 0;
        for (var d = 0; d < days; d++)
        {
            var date = first.AddDays(d);
            var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue))).ToUnixTimeMilliseconds();
            var target = (long)cases * (d + 1) / days;
            while (caseNo < target)
            {
                var persons = (int)Math.Min(target - caseNo, random.Next(100) switch { < 76 => 1, < 92 => 2, _ => 3 });
                var contact = 1_000_000 + ++contactNo;
                var channel = Channels[random.Next(Channels.Length)];
                var mode = random.Next(100) < 36 ? "Standby" : "Open";
                var received = midnight + (random.Next(0, 1440) * 60_000L);
                var municipality = Municipality();
                sink.Contact(contact, channel, mode, persons, received, date);
                for (var p = 0; p < persons; p++)
                {
                    var caseId = "J" + (1_000_000 + ++caseNo).ToString(CultureInfo.InvariantCulture);
                    var child = random.Next(100) < 42;
                    var category = child && random.Next(10) < 7 ? "ChildrenAndYouth" : Categories[1 + random.Next(Categories.Length - 1)];
                    var home = random.Next(50) == 0 ? Municipality() : municipality; // moved: counted where it ended
                    sink.Case(caseId, contact, home, category, child, channel, mode, random.Next(100) == 0, received, date);

                    var entries = random.Next(100) < 22 ? 2 : 1;
                    for (var e = 0; e < entries; e++)
                    {
                        sink.Time("bench-" + (++timeNo).ToString(CultureInfo.InvariantCulture), caseId, home, 5 * random.Next(3, 30), random.Next(100) < 40 ? "Standby" : "Open", received + (random.Next(20, 200) * 60_000L), date);
                    }

                    var due = received + (30 * 60_000L);
                    var r = random.Next(100);
                    sink.Response(caseId, "Callback", home, due, date, r < 97 ? received + (random.Next(3, r < 88 ? 30 : 90) * 60_000L) : null, r >= 95 ? due + 60_000L : null);
                    responses++;
                    if (random.Next(100) < 5)
                    {
                        var onSiteDue = received + (random.Next(130, 180) * 60_000L);
                        sink.Response(caseId, "OnSite", home, onSiteDue, date, onSiteDue + (random.Next(-100, 30) * 60_000L), null);
                        responses++;
                    }

                    if (random.Next(100) < 30)
                    {
                        var sequence = 1_000_000 + ++lookupNo;
                        var kind = random.Next(20) == 0 ? "EmergencyLookup" : "Lookup";
                        sink.Lookup(sequence, home, kind, Statuses[random.Next(100) switch { < 55 => 0, < 80 => 1, < 90 => 2, < 95 => 3, < 98 => 4, < 99 => 5, _ => 6 }], received + 600_000L, date);
                        lookupRows++;
                        if (random.Next(4) == 0)
                        {
                            var other = Municipality();
                            if (other != home)
                            {
                                sink.Lookup(sequence, other, kind, Statuses[random.Next(3)], received + 600_000L, date);
                                lookupRows++;
                            }
                        }
                    }
                }

                if (random.Next(1000) < 12)
                {
                    sink.Commission(1_000_000 + ++commissionNo, Municipality(), CommissionKinds[random.Next(3)], received, date, received + 7_200_000L, 5 * random.Next(3, 30));
                }

                if (random.Next(10_000) < 16)
                {
                    var category = DeviationCategories[random.Next(DeviationCategories.Length)];
                    sink.Deviation(1_000_000 + ++deviationNo, category, category == "Complaint" || random.Next(2) == 0 ? Municipality() : null, received, date);
                }
            }

            sink.EndOfDay();
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{caseNo:N0} cases, {contactNo:N0} contacts, {timeNo:N0} time entries, {responses:N0} response targets, {commissionNo:N0} commissions, {deviationNo:N0} deviations, {lookupRows:N0} look-up rows ({lookupNo:N0} look-ups)");
    }
}

/// <summary>Bulk loading into the tables the migrations created.</summary>
internal static class FactLoader
{
    /// <summary>SQLite: one prepared insert per table, transactions of about half a million rows, synchronous off while loading.</summary>
    public static string LoadSqlite(string file, int cases)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;";
            pragma.ExecuteNonQuery();
        }

        using var sink = new SqliteSink(connection);
        var rows = FactGenerator.Generate(sink, cases);
        sink.Commit();
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        return rows;
    }

    /// <summary>PostgreSQL: one binary COPY per table (each on its own connection, written side by side), then ANALYZE as autovacuum would.</summary>
    public static async Task<string> LoadPostgresAsync(string connectionString, int cases)
    {
        string rows;
        using (var sink = new PostgresSink(connectionString))
        {
            rows = FactGenerator.Generate(sink, cases);
            sink.Complete();
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 600 };
        await analyze.ExecuteNonQueryAsync();
        return rows;
    }

    public static async Task<bool> HasFactsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM \"statistics\".\"case_facts\")", connection);
        return (bool)(await any.ExecuteScalarAsync())!;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class SqliteSink : IFactSink, IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _commands = [];
        private SqliteTransaction _transaction;
        private int _pending;

        public SqliteSink(SqliteConnection connection)
        {
            _connection = connection;
            _transaction = connection.BeginTransaction();
            Prepare("case", "case_facts", "case_id", "contact_id", "municipality_code", "category", "concerns_child", "channel", "jour_mode", "referred", "received_at", "received_date");
            Prepare("contact", "contact_facts", "contact_id", "channel", "jour_mode", "cases", "received_at", "received_date");
            Prepare("time", "time_facts", "message_id", "case_id", "municipality_code", "minutes", "jour_mode", "at", "date");
            Prepare("response", "response_facts", "case_id", "kind", "municipality_code", "due_at", "due_date", "done_at", "missed_at");
            Prepare("commission", "commission_facts", "commission_id", "municipality_code", "kind", "ordered_at", "ordered_date", "done_at", "minutes");
            Prepare("deviation", "deviation_facts", "deviation_id", "category", "municipality_code", "occurred_at", "occurred_date");
            Prepare("lookup", "lookup_facts", "sequence", "municipality_code", "kind", "status", "at", "date");
        }

        public void Case(string caseId, long contactId, string municipality, string category, bool child, string channel, string mode, bool referred, long receivedAt, DateOnly date) =>
            Run("case", caseId, contactId, municipality, category, child ? 1 : 0, channel, mode, referred ? 1 : 0, receivedAt, Date(date));

        public void Contact(long contactId, string channel, string mode, int cases, long receivedAt, DateOnly date) =>
            Run("contact", contactId, channel, mode, cases, receivedAt, Date(date));

        public void Time(string messageId, string caseId, string municipality, int minutes, string mode, long at, DateOnly date) =>
            Run("time", messageId, caseId, municipality, minutes, mode, at, Date(date));

        public void Response(string caseId, string kind, string municipality, long dueAt, DateOnly dueDate, long? doneAt, long? missedAt) =>
            Run("response", caseId, kind, municipality, dueAt, Date(dueDate), doneAt, missedAt);

        public void Commission(long id, string municipality, string kind, long orderedAt, DateOnly orderedDate, long doneAt, int minutes) =>
            Run("commission", id, municipality, kind, orderedAt, Date(orderedDate), doneAt, minutes);

        public void Deviation(long id, string category, string? municipality, long occurredAt, DateOnly date) =>
            Run("deviation", id, category, municipality, occurredAt, Date(date));

        public void Lookup(long sequence, string municipality, string kind, string status, long at, DateOnly date) =>
            Run("lookup", sequence, municipality, kind, status, at, Date(date));

        public void EndOfDay()
        {
            if (_pending >= 500_000)
            {
                Commit();
                _transaction = _connection.BeginTransaction();
                foreach (var c in _commands.Values)
                {
                    c.Transaction = _transaction;
                }
            }
        }

        public void Commit()
        {
            _transaction.Commit();
            _pending = 0;
        }

        public void Dispose()
        {
            foreach (var c in _commands.Values)
            {
                c.Dispose();
            }

            _transaction.Dispose();
        }

        private void Prepare(string name, string table, params string[] columns)
        {
            var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
            for (var i = 0; i < columns.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null));
            }

            command.Prepare();
            _commands[name] = command;
        }

        private void Run(string name, params object?[] values)
        {
            var command = _commands[name];
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
            _pending++;
        }
    }

    private sealed class PostgresSink : IFactSink, IDisposable
    {
        private const string Schema = "statistics";
        private readonly List<NpgsqlConnection> _connections = [];
        private readonly NpgsqlBinaryImporter _cases;
        private readonly NpgsqlBinaryImporter _contacts;
        private readonly NpgsqlBinaryImporter _time;
        private readonly NpgsqlBinaryImporter _responses;
        private readonly NpgsqlBinaryImporter _commissions;
        private readonly NpgsqlBinaryImporter _deviations;
        private readonly NpgsqlBinaryImporter _lookups;

        public PostgresSink(string connectionString)
        {
            NpgsqlBinaryImporter Copy(string table, params string[] columns)
            {
                var connection = new NpgsqlConnection(connectionString);
                connection.Open();
                _connections.Add(connection);
                return connection.BeginBinaryImport($"COPY \"{Schema}\".\"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
            }

            _cases = Copy("case_facts", "case_id", "contact_id", "municipality_code", "category", "concerns_child", "channel", "jour_mode", "referred", "received_at", "received_date");
            _contacts = Copy("contact_facts", "contact_id", "channel", "jour_mode", "cases", "received_at", "received_date");
            _time = Copy("time_facts", "message_id", "case_id", "municipality_code", "minutes", "jour_mode", "at", "date");
            _responses = Copy("response_facts", "case_id", "kind", "municipality_code", "due_at", "due_date", "done_at", "missed_at");
            _commissions = Copy("commission_facts", "commission_id", "municipality_code", "kind", "ordered_at", "ordered_date", "done_at", "minutes");
            _deviations = Copy("deviation_facts", "deviation_id", "category", "municipality_code", "occurred_at", "occurred_date");
            _lookups = Copy("lookup_facts", "sequence", "municipality_code", "kind", "status", "at", "date");
        }

        public void Case(string caseId, long contactId, string municipality, string category, bool child, string channel, string mode, bool referred, long receivedAt, DateOnly date)
        {
            _cases.StartRow();
            _cases.Write(caseId, NpgsqlDbType.Varchar);
            _cases.Write(contactId, NpgsqlDbType.Bigint);
            _cases.Write(municipality, NpgsqlDbType.Varchar);
            _cases.Write(category, NpgsqlDbType.Varchar);
            _cases.Write(child, NpgsqlDbType.Boolean);
            _cases.Write(channel, NpgsqlDbType.Varchar);
            _cases.Write(mode, NpgsqlDbType.Varchar);
            _cases.Write(referred, NpgsqlDbType.Boolean);
            _cases.Write(receivedAt, NpgsqlDbType.Bigint);
            _cases.Write(date, NpgsqlDbType.Date);
        }

        public void Contact(long contactId, string channel, string mode, int cases, long receivedAt, DateOnly date)
        {
            _contacts.StartRow();
            _contacts.Write(contactId, NpgsqlDbType.Bigint);
            _contacts.Write(channel, NpgsqlDbType.Varchar);
            _contacts.Write(mode, NpgsqlDbType.Varchar);
            _contacts.Write(cases, NpgsqlDbType.Integer);
            _contacts.Write(receivedAt, NpgsqlDbType.Bigint);
            _contacts.Write(date, NpgsqlDbType.Date);
        }

        public void Time(string messageId, string caseId, string municipality, int minutes, string mode, long at, DateOnly date)
        {
            _time.StartRow();
            _time.Write(messageId, NpgsqlDbType.Varchar);
            _time.Write(caseId, NpgsqlDbType.Varchar);
            _time.Write(municipality, NpgsqlDbType.Varchar);
            _time.Write(minutes, NpgsqlDbType.Integer);
            _time.Write(mode, NpgsqlDbType.Varchar);
            _time.Write(at, NpgsqlDbType.Bigint);
            _time.Write(date, NpgsqlDbType.Date);
        }

        public void Response(string caseId, string kind, string municipality, long dueAt, DateOnly dueDate, long? doneAt, long? missedAt)
        {
            _responses.StartRow();
            _responses.Write(caseId, NpgsqlDbType.Varchar);
            _responses.Write(kind, NpgsqlDbType.Varchar);
            _responses.Write(municipality, NpgsqlDbType.Varchar);
            _responses.Write(dueAt, NpgsqlDbType.Bigint);
            _responses.Write(dueDate, NpgsqlDbType.Date);
            WriteNullable(_responses, doneAt);
            WriteNullable(_responses, missedAt);
        }

        public void Commission(long id, string municipality, string kind, long orderedAt, DateOnly orderedDate, long doneAt, int minutes)
        {
            _commissions.StartRow();
            _commissions.Write(id, NpgsqlDbType.Bigint);
            _commissions.Write(municipality, NpgsqlDbType.Varchar);
            _commissions.Write(kind, NpgsqlDbType.Varchar);
            _commissions.Write(orderedAt, NpgsqlDbType.Bigint);
            _commissions.Write(orderedDate, NpgsqlDbType.Date);
            _commissions.Write(doneAt, NpgsqlDbType.Bigint);
            _commissions.Write(minutes, NpgsqlDbType.Integer);
        }

        public void Deviation(long id, string category, string? municipality, long occurredAt, DateOnly date)
        {
            _deviations.StartRow();
            _deviations.Write(id, NpgsqlDbType.Bigint);
            _deviations.Write(category, NpgsqlDbType.Varchar);
            if (municipality is null)
            {
                _deviations.WriteNull();
            }
            else
            {
                _deviations.Write(municipality, NpgsqlDbType.Varchar);
            }

            _deviations.Write(occurredAt, NpgsqlDbType.Bigint);
            _deviations.Write(date, NpgsqlDbType.Date);
        }

        public void Lookup(long sequence, string municipality, string kind, string status, long at, DateOnly date)
        {
            _lookups.StartRow();
            _lookups.Write(sequence, NpgsqlDbType.Bigint);
            _lookups.Write(municipality, NpgsqlDbType.Varchar);
            _lookups.Write(kind, NpgsqlDbType.Varchar);
            _lookups.Write(status, NpgsqlDbType.Varchar);
            _lookups.Write(at, NpgsqlDbType.Bigint);
            _lookups.Write(date, NpgsqlDbType.Date);
        }

        public void EndOfDay()
        {
        }

        public void Complete()
        {
            foreach (var importer in new[] { _cases, _contacts, _time, _responses, _commissions, _deviations, _lookups })
            {
                importer.Complete();
                importer.Dispose();
            }
        }

        public void Dispose()
        {
            foreach (var c in _connections)
            {
                c.Dispose();
            }
        }

        private static void WriteNullable(NpgsqlBinaryImporter importer, long? value)
        {
            if (value is { } v)
            {
                importer.Write(v, NpgsqlDbType.Bigint);
            }
            else
            {
                importer.WriteNull();
            }
        }
    }
}
