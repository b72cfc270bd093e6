using System.Diagnostics;
using Autofac;
using Microsoft.Data.Sqlite;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Billing;
using Xunit.Abstractions;

namespace SocialJour.Tests.Billing;

/// <summary>
/// The database side of a year's split (docs/benchmarks.md): 290 municipalities with time on every day of the year are read
/// from the daily minutes (at most 366 rows per municipality, whatever the number of entries behind them) with one GROUP BY.
/// </summary>
public sealed class BillingUsageReadTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_year_of_290_municipalities_is_read_from_at_most_366_daily_rows_each()
    {
        using var container = BillingTestBed.Build(_dir, new FixedTime(new DateTimeOffset(2022, 1, 20, 9, 0, 0, TimeSpan.FromHours(1))));
        var codes = MunicipalityCodes.ShortNames.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(290, codes.Count);
        long expected = 0;
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dir.File("data"), "billing.db")}"))
        {
            await connection.OpenAsync();
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO daily_minutes (municipality_code, date, kind, minutes, entries) VALUES ($c, $d, 'case', $m, 10)";
            var c = insert.Parameters.Add("$c", SqliteType.Text);
            var d = insert.Parameters.Add("$d", SqliteType.Text);
            var m = insert.Parameters.Add("$m", SqliteType.Integer);
            for (var day = new DateOnly(2021, 1, 1); day.Year == 2021; day = day.AddDays(1))
            {
                foreach (var code in codes)
                {
                    (c.Value, d.Value, m.Value) = (code, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), 300 + (day.DayNumber % 7));
                    expected += 300 + (day.DayNumber % 7);
                    await insert.ExecuteNonQueryAsync();
                }
            }

            await tx.CommitAsync();
        }

        await using var db = container.Resolve<Func<BillingDbContext>>()();
        await BillingModule.UsageAsync(db, new DateOnly(2021, 1, 1), new DateOnly(2021, 12, 31), CancellationToken.None); // warm-up
        var watch = Stopwatch.StartNew();
        var usage = await BillingModule.UsageAsync(db, new DateOnly(2021, 1, 1), new DateOnly(2021, 12, 31), CancellationToken.None);
        watch.Stop();
        output.WriteLine($"290 municipalities × 365 daily rows (a million entries behind them at 10 a day): read in {watch.ElapsedMilliseconds} ms");

        Assert.Equal(290, usage.CaseMinutes.Count);
        Assert.Equal(expected, usage.CaseMinutes.Values.Sum());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{watch.ElapsedMilliseconds} ms");
    }
}
