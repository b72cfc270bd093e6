using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SocialJour.Modules.Statistics.Facts;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>
/// The two reads of case and contact facts that dominate the annual report of a national host (docs/benchmarks.md,
/// "Statistics"), written for speed rather than through LINQ:
/// <list type="bullet">
/// <item>The chosen period: ONE pass over <c>ix_case_facts_report</c> (covering: no table access) streaming the six grouped
/// columns, counted here by (municipality, category, child, channel, mode) and with each municipality's distinct contacts.
/// A GROUP BY plus a COUNT(DISTINCT) made SQLite sort a year's rows twice (0.35 s + 0.14 s for 300 000 cases, against
/// 0.07 s for the scan).</item>
/// <item>A comparison period: plain conditional counts (<c>COUNT(CASE WHEN …)</c>) in one pass; EF's translation of
/// <c>GroupBy(c =&gt; 1)</c> grouped by a constant through a temporary B-tree, four times slower.</item>
/// </list>
/// Only the module's own table names are spliced into the SQL; every value is a parameter.
/// </summary>
internal static class CaseScan
{
    public static async Task<(List<CaseCount> Counts, IReadOnlyDictionary<string, int> ContactsByMunicipality)> ReadAsync(
        StatisticsDbContext db, DateOnly from, DateOnly to, string? municipality, CancellationToken ct)
    {
        var counts = new Dictionary<(string Municipality, string Category, bool Child, string Channel, string Mode), int>();
        var contacts = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal); // one string instance per distinct value

        await StreamAsync(db, $"SELECT municipality_code, category, concerns_child, channel, jour_mode, contact_id FROM {db.Table(FactModel.CasesTable)}",
            "received_date", from, to, municipality, reader =>
            {
                var code = Intern(names, reader.GetString(0));
                var key = (code, Intern(names, reader.GetString(1)), reader.GetBoolean(2), Intern(names, reader.GetString(3)), Intern(names, reader.GetString(4)));
                counts[key] = counts.GetValueOrDefault(key) + 1;
                if (!contacts.TryGetValue(code, out var set))
                {
                    contacts[code] = set = [];
                }

                set.Add(reader.GetInt64(5));
            }, ct);

        return (counts.Select(c => new CaseCount(c.Key.Municipality, c.Key.Category, c.Key.Child, c.Key.Channel, c.Key.Mode, c.Value)).ToList(),
            contacts.ToDictionary(c => c.Key, c => c.Value.Count, StringComparer.Ordinal));
    }

    public static async Task<CaseTotals> TotalsAsync(StatisticsDbContext db, DateOnly from, DateOnly to, string? municipality, CancellationToken ct)
    {
        var sql = "SELECT COUNT(*) AS \"Cases\", COUNT(CASE WHEN concerns_child THEN 1 END) AS \"Child\", COUNT(CASE WHEN channel = {2} THEN 1 END) AS \"Sos\" " +
            $"FROM {db.Table(FactModel.CasesTable)} WHERE received_date >= {{0}} AND received_date <= {{1}}" + (municipality is null ? "" : " AND municipality_code = {3}");
        object[] args = municipality is null ? [from, to, StatisticsText.SosAlarm] : [from, to, StatisticsText.SosAlarm, municipality];
        var row = await db.Database.SqlQueryRaw<CaseTotalsRow>(sql, args).SingleAsync(ct);
        return new CaseTotals(row.Cases, row.Child, row.Sos);
    }

    public static async Task<ContactTotals> ContactTotalsAsync(StatisticsDbContext db, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var sql = "SELECT COUNT(*) AS \"All\", COUNT(CASE WHEN channel = {2} THEN 1 END) AS \"Sos\", COUNT(CASE WHEN jour_mode = {3} THEN 1 END) AS \"Standby\", " +
            "COUNT(CASE WHEN channel = {2} AND jour_mode = {3} THEN 1 END) AS \"StandbySos\" " +
            $"FROM {db.Table(FactModel.ContactsTable)} WHERE received_date >= {{0}} AND received_date <= {{1}}";
        return await db.Database.SqlQueryRaw<ContactTotals>(sql, from, to, StatisticsText.SosAlarm, StatisticsText.Standby).SingleAsync(ct);
    }

    /// <summary>
    /// Each target kind's measured (done or found missed) and met (done at or before due) in a period, in one pass of
    /// conditional counts over the covering index ix_response_facts_report.
    /// </summary>
    public static async Task<IReadOnlyList<ResponseCount>> ResponsesAsync(StatisticsDbContext db, DateOnly from, DateOnly to, string? municipality, CancellationToken ct)
    {
        var sql = "SELECT COUNT(CASE WHEN kind = {2} THEN 1 END) AS \"CallbackMeasured\", " +
            "COUNT(CASE WHEN kind = {2} AND done_at IS NOT NULL AND done_at <= due_at THEN 1 END) AS \"CallbackMet\", " +
            "COUNT(CASE WHEN kind = {3} THEN 1 END) AS \"OnSiteMeasured\", " +
            "COUNT(CASE WHEN kind = {3} AND done_at IS NOT NULL AND done_at <= due_at THEN 1 END) AS \"OnSiteMet\" " +
            $"FROM {db.Table(FactModel.ResponsesTable)} WHERE due_date >= {{0}} AND due_date <= {{1}} AND (done_at IS NOT NULL OR missed_at IS NOT NULL)" +
            (municipality is null ? "" : " AND municipality_code = {4}");
        object[] args = municipality is null ? [from, to, "Callback", "OnSite"] : [from, to, "Callback", "OnSite", municipality];
        var r = await db.Database.SqlQueryRaw<ResponseTotals>(sql, args).SingleAsync(ct);
        var kinds = new List<ResponseCount>();
        if (r.CallbackMeasured > 0)
        {
            kinds.Add(new("Callback", (int)r.CallbackMeasured, (int)r.CallbackMet));
        }

        if (r.OnSiteMeasured > 0)
        {
            kinds.Add(new("OnSite", (int)r.OnSiteMeasured, (int)r.OnSiteMet));
        }

        return kinds;
    }

    /// <summary>
    /// Counts (or sums <paramref name="sumColumn"/>) a period's rows of <paramref name="table"/> by two text columns, streaming
    /// them from the table's covering report index and adding up here (no sort in the database).
    /// </summary>
    public static async Task<Dictionary<(string A, string B), long>> GroupAsync(
        StatisticsDbContext db, string table, string dateColumn, string a, string b, string? sumColumn, DateOnly from, DateOnly to, string? municipality, CancellationToken ct)
    {
        var result = new Dictionary<(string A, string B), long>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        await StreamAsync(db, $"SELECT {a}, {b}{(sumColumn is null ? "" : ", " + sumColumn)} FROM {db.Table(table)}", dateColumn, from, to, municipality, reader =>
        {
            var key = (Intern(names, reader.GetString(0)), Intern(names, reader.GetString(1)));
            result[key] = result.GetValueOrDefault(key) + (sumColumn is null ? 1 : reader.GetInt64(2));
        }, ct);

        return result;
    }

    /// <summary>Runs <paramref name="select"/> for the period (and municipality) on the context's connection, handing each row to <paramref name="row"/>.</summary>
    private static async Task StreamAsync(StatisticsDbContext db, string select, string dateColumn, DateOnly from, DateOnly to, string? municipality, Action<DbDataReader> row, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"{select} WHERE {dateColumn} >= @from AND {dateColumn} <= @to" + (municipality is null ? "" : " AND municipality_code = @municipality");
            Add(command, "from", from);
            Add(command, "to", to);
            if (municipality is not null)
            {
                Add(command, "municipality", municipality);
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                row(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Intern(Dictionary<string, string> names, string value)
    {
        if (names.TryGetValue(value, out var known))
        {
            return known;
        }

        names[value] = value;
        return value;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    internal sealed class ResponseTotals
    {
        public long CallbackMeasured { get; set; }

        public long CallbackMet { get; set; }

        public long OnSiteMeasured { get; set; }

        public long OnSiteMet { get; set; }
    }

    internal sealed class CaseTotalsRow
    {
        public long Cases { get; set; }

        public long Child { get; set; }

        public long Sos { get; set; }
    }
}

/// <summary>A comparison period's contact totals: all, from SOS Alarm, on standby, and both.</summary>
internal sealed class ContactTotals
{
    public long All { get; set; }

    public long Sos { get; set; }

    public long Standby { get; set; }

    public long StandbySos { get; set; }
}
