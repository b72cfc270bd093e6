using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Modules.Billing.Calculation;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing.Demo;

/// <summary>
/// The demo's billing history (only with <c>SocialJour:Billing:DemoHistory</c> true, which <c>./run.sh</c> sets and production
/// never does): deterministic time entries and commissions for 2020–2021 for the configured municipalities, the seeds'
/// budgets and outcomes, and the first period of each year approved, so that a newcomer sees a whole year. Writes only the
/// billing module's own tables, once (a second start finds the rows and adds nothing), and audit-logs the seeding.
/// </summary>
internal sealed class DemoHistory(
    Func<BillingDbContext> contexts,
    IOutbox<BillingDbContext> outbox,
    BillingModule billing,
    IMunicipalityRegistry registry,
    JourClock clock,
    ILogger<DemoHistory> logger) : IHostedService
{
    public const string Setting = "SocialJour:Billing:DemoHistory";
    public const string Actor = "demo";

    /// <summary>Demo commissions get ids far above intake's, so a real commission is never mistaken for one.</summary>
    public const long FirstCommissionId = 9_000_000_000;

    private const string MessagePrefix = "demo-";

    public static bool Enabled(IConfiguration configuration) => bool.TryParse(configuration[Setting], out var on) && on;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await SeedAsync(cancellationToken) is { } what)
            {
                logger.LogInformation("Billing demo history seeded: {What}", what);
            }
        }
        catch (Exception e) when (e is ValidationException or DbUpdateException or NotImplementedException or InvalidOperationException)
        {
            // The demo's history is a convenience: the host starts without it.
            logger.LogWarning("Billing demo history not seeded ({Type}: {Message})", e.GetType().Name, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Seeds the history unless it is there; returns what was added, or null.</summary>
    public async Task<string?> SeedAsync(CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var settings = BillingSettingsReader.Read(configuration);
        string what;
        await using (var db = contexts())
        {
            if (await db.TimeEntries.AnyAsync(t => t.MessageId.StartsWith(MessagePrefix), cancellationToken) || await db.CostEntries.AnyAsync(cancellationToken))
            {
                return null;
            }

            var daily = await db.DailyMinutes.Where(d => d.Date >= new DateOnly(2020, 1, 1) && d.Date <= new DateOnly(2021, 12, 31))
                .ToDictionaryAsync(d => (d.MunicipalityCode, d.Date, d.Kind), cancellationToken);
            var entries = 0;
            var caseNumber = 0;
            for (var date = new DateOnly(2020, 1, 1); date.Year <= 2021; date = date.AddDays(1))
            {
                foreach (var m in configuration.Municipalities.Where(m => m.IsMemberOn(date)))
                {
                    var r = Mix(m.Code.Value, date.DayNumber);
                    // More time for the bigger municipalities: 0–3 entries a day, 15–150 minutes each.
                    var count = (int)(r % 4) + (m.PopulationAt(2020) is > 60000 && r % 3 == 0 ? 1 : 0);
                    for (var i = 0; i < count; i++)
                    {
                        var ri = Mix(m.Code.Value, (date.DayNumber * 7) + i);
                        var minutes = 15 * (1 + (int)(ri % 10));
                        var at = Instant(date, 17 + (int)(ri % 7), (int)(ri % 4) * 15);
                        caseNumber++;
                        db.TimeEntries.Add(new TimeEntryRow
                        {
                            MessageId = $"{MessagePrefix}{date:yyyyMMdd}-{m.Code.Value}-{i}",
                            CaseId = $"J{900000 + caseNumber}",
                            MunicipalityCode = m.Code.Value,
                            Minutes = minutes,
                            At = at,
                            Date = clock.LocalDate(at),
                        });
                        Add(db, daily, m.Code.Value, clock.LocalDate(at), DailyMinutesRow.Case, minutes);
                        entries++;
                    }
                }
            }

            // Commissions: Syd 2020 as its annual report (9 home visits, 30 phone supports = 117 000 kr with the price list), 2021 a few more.
            var commissions = 0;
            foreach (var (year, kind, count, minutes) in new[]
            {
                (2020, "HomeVisit", 9, 120), (2020, "PhoneSupport", 30, 30),
                (2021, "HomeVisit", 11, 120), (2021, "PhoneSupport", 26, 30), (2021, "Other", 4, 45),
            })
            {
                for (var i = 0; i < count; i++)
                {
                    var ordered = new DateOnly(year, 1, 10).AddDays((i * 331 / count) + (kind.Length % 5));
                    var members = configuration.Municipalities.Where(m => m.IsMemberOn(ordered)).ToList();
                    var m = members[(int)(Mix(kind, (year * 100) + i) % (ulong)members.Count)];
                    var orderedAt = Instant(ordered, 16, 30);
                    var doneAt = orderedAt.AddHours(3 + (i % 4));
                    commissions++;
                    db.Commissions.Add(new CommissionEntryRow
                    {
                        Id = FirstCommissionId + commissions,
                        MunicipalityCode = m.Code.Value,
                        Kind = kind,
                        OrderedAt = orderedAt,
                        OrderedDate = clock.LocalDate(orderedAt),
                        DoneAt = doneAt,
                        DoneDate = clock.LocalDate(doneAt),
                        Minutes = minutes,
                    });
                    Add(db, daily, m.Code.Value, clock.LocalDate(doneAt), DailyMinutesRow.Commission, minutes);
                }
            }

            // The seeds' costs: Nordväst 2021 budget 9 723 tkr and outcome 8 966 tkr (its 2021 report). Syd: the annual fees
            // (budget) are not in its report; 3 150 000 kr is plausible, and the outcome then gives its 2020 deficit of 275 000 kr
            // after the 117 000 kr of commissions. Syd 2021 is invented (a surplus, refunded).
            var costs = settings.Model == BillingModelKind.PopulationAndTime
                ? new[] { (2021, CostKind.Budget, 9_723_000m), (2021, CostKind.Outcome, 8_966_000m) }
                : [(2020, CostKind.Budget, 3_150_000m), (2020, CostKind.Outcome, 3_542_000m), (2021, CostKind.Budget, 3_250_000m), (2021, CostKind.Outcome, 3_180_000m)];
            foreach (var (year, kind, amount) in costs)
            {
                db.CostEntries.Add(new CostEntryRow
                {
                    Year = year,
                    Kind = kind.ToString(),
                    Version = 1,
                    Amount = amount,
                    Source = "Manuell",
                    EnteredBy = Actor,
                    EnteredAt = kind == CostKind.Budget ? Instant(new DateOnly(year - 1, 11, 16), 10, 0) : Instant(new DateOnly(year + 1, 1, 20), 10, 0),
                });
            }

            what = $"{entries} tidsposter och {commissions} uppdrag 2020–2021, {costs.Length} budget- och utfallsbelopp";
            db.Audit(Actor, "billing.demo-history-seeded", configuration.Jour.Name, what);
            await outbox.SaveAndDispatchAsync(db, cancellationToken);
        }

        // The first period of each year approved (as the unit manager erik would have): the second shows what was invoiced before.
        var first = BillingCalculator.PeriodsOf(settings.Model)[0];
        var approvals = settings.Model == BillingModelKind.PopulationAndTime
            ? new[] { (2021, first) }
            : [(2020, first), (2020, BillingCalculator.PeriodsOf(settings.Model)[1]), (2021, first)];
        foreach (var (year, period) in approvals)
        {
            await billing.ApproveAsync(year, period, "erik", cancellationToken);
        }

        return $"{what}; godkända: {string.Join(", ", approvals.Select(a => $"{BillingCalculator.NameOf(a.Item2)} {a.Item1}"))}";
    }

    private DateTimeOffset Instant(DateOnly date, int hour, int minute)
    {
        var local = date.ToDateTime(new TimeOnly(hour % 24, minute), DateTimeKind.Unspecified);
        return new DateTimeOffset(local, clock.TimeZone.GetUtcOffset(local));
    }

    private static void Add(BillingDbContext db, Dictionary<(string, DateOnly, string), DailyMinutesRow> daily, string code, DateOnly date, string kind, int minutes)
    {
        if (!daily.TryGetValue((code, date, kind), out var row))
        {
            row = new DailyMinutesRow { MunicipalityCode = code, Date = date, Kind = kind };
            daily[(code, date, kind)] = row;
            db.DailyMinutes.Add(row);
        }

        row.Minutes += minutes;
        row.Entries++;
    }

    /// <summary>A deterministic mix of a text and a number (FNV-1a), the same on every machine and run.</summary>
    private static ulong Mix(string text, int n)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text + ":" + n.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h ^ (h >> 29);
    }
}
