using Autofac;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Billing;
using SocialJour.Modules.Billing.Contracts;
using SocialJour.Modules.Billing.Usage;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests.Billing;

/// <summary>
/// The billing module's data and service on real SQLite (issue 13): the events reach billing's own tables once however
/// often they are delivered, the daily minutes equal the entries, costs are versions with reasons, the ledger's table is
/// imported with its Netto checked, an approved period is locked and corrected only by a new version.
/// </summary>
public sealed class BillingDataTests : IDisposable
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(new DateTimeOffset(2022, 1, 20, 9, 0, 0, Winter));
    private readonly IContainer _container;

    public BillingDataTests() => _container = BillingTestBed.Build(_dir, _time);

    private IBillingModule Billing => _container.Resolve<IBillingModule>();

    public void Dispose()
    {
        _container.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_time_entry_delivered_twice_counts_once_on_the_jours_local_date()
    {
        var at = new DateTimeOffset(2021, 3, 1, 23, 30, 0, TimeSpan.Zero); // 00:30 on 2 March in Stockholm
        await BillingTestBed.TimeAsync(_container, "J1", "0191", 45, at);
        string messageId;
        await using (var db = Db())
        {
            var entry = Assert.Single(await db.TimeEntries.ToListAsync());
            Assert.Equal(("J1", "0191", 45, new DateOnly(2021, 3, 2)), (entry.CaseId, entry.MunicipalityCode, entry.Minutes, entry.Date));
            messageId = entry.MessageId;
        }

        // At-least-once: the same message reaches the subscriber again (a crash before its delivery was marked).
        await using (var scope = _container.BeginLifetimeScope())
        {
            await scope.Resolve<TimeRecordedFeed>().HandleAsync(new TimeRecorded("J1", "0191", "anna", 45, at), new IntegrationEventContext(messageId, "assessment", at), CancellationToken.None);
        }

        await BillingTestBed.TimeAsync(_container, "J2", "0191", 30, new DateTimeOffset(2021, 3, 2, 8, 0, 0, TimeSpan.Zero));

        await using (var db = Db())
        {
            Assert.Equal(2, await db.TimeEntries.CountAsync());
            var day = Assert.Single(await db.DailyMinutes.ToListAsync());
            Assert.Equal(("0191", new DateOnly(2021, 3, 2), DailyMinutesRow.Case, 75L, 2), (day.MunicipalityCode, day.Date, day.Kind, day.Minutes, day.Entries));
        }
    }

    [Fact]
    public async Task A_commission_is_kept_once_whatever_the_order_and_repeats_of_its_events()
    {
        var ordered = new DateTimeOffset(2021, 5, 4, 18, 0, 0, TimeSpan.FromHours(2));
        await BillingTestBed.CommissionAsync(_container, 7, "0184", CommissionKind.HomeVisit, ordered, minutes: 90, doneAt: ordered.AddHours(3));

        // A repeat of the completion (another delivery), and a commission whose completion arrives before its order.
        await using (var scope = _container.BeginLifetimeScope())
        {
            var feed = scope.Resolve<CommissionFeed>();
            await feed.HandleAsync(new CommissionCompleted(7, "0184", CommissionKind.HomeVisit, 90, ordered.AddHours(3)), new IntegrationEventContext("again", "intake", ordered), CancellationToken.None);
            await feed.HandleAsync(new CommissionCompleted(8, "0125", CommissionKind.PhoneSupport, 20, ordered.AddDays(1)), new IntegrationEventContext("m8b", "intake", ordered), CancellationToken.None);
            await feed.HandleAsync(new CommissionOrdered(8, "0125", CommissionKind.PhoneSupport, ordered, false), new IntegrationEventContext("m8a", "intake", ordered), CancellationToken.None);
        }

        await using var db = Db();
        var rows = await db.Commissions.OrderBy(c => c.Id).ToListAsync();
        Assert.Equal([7L, 8L], rows.Select(r => r.Id));
        Assert.Equal(("HomeVisit", new DateOnly(2021, 5, 4), new DateOnly(2021, 5, 4), 90), (rows[0].Kind, rows[0].OrderedDate, rows[0].DoneDate, rows[0].Minutes));
        Assert.Equal((new DateOnly(2021, 5, 4), new DateOnly(2021, 5, 5), 20), (rows[1].OrderedDate, rows[1].DoneDate, rows[1].Minutes));
        var daily = await db.DailyMinutes.Where(d => d.Kind == DailyMinutesRow.Commission).OrderBy(d => d.MunicipalityCode).ToListAsync();
        Assert.Equal([("0125", 20L), ("0184", 90L)], daily.Select(d => (d.MunicipalityCode, d.Minutes)));
    }

    [Fact]
    public async Task The_daily_minutes_equal_the_entries()
    {
        var random = new Random(13);
        string[] codes = ["0191", "0123", "0184"];
        for (var i = 0; i < 120; i++)
        {
            var at = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 365 * 24 * 60));
            await BillingTestBed.TimeAsync(_container, $"J{i % 17}", codes[random.Next(codes.Length)], random.Next(1, 240), at);
        }

        await using var db = Db();
        var entries = await db.TimeEntries.ToListAsync();
        var daily = await db.DailyMinutes.ToListAsync();
        Assert.Equal(120, entries.Count);
        Assert.Equal(
            entries.GroupBy(e => (e.MunicipalityCode, e.Date)).Select(g => (g.Key.MunicipalityCode, g.Key.Date, (long)g.Sum(e => e.Minutes), g.Count())).Order(),
            daily.Select(d => (d.MunicipalityCode, d.Date, d.Minutes, d.Entries)).Order());

        // What a split reads: the first half-year's minutes per municipality, from at most 181 rows each.
        var usage = await BillingModule.UsageAsync(db, new DateOnly(2021, 1, 1), new DateOnly(2021, 6, 30), CancellationToken.None);
        foreach (var code in codes)
        {
            Assert.Equal(entries.Where(e => e.MunicipalityCode == code && e.Date.Month <= 6).Sum(e => (long)e.Minutes), usage.CaseMinutes.GetValueOrDefault(Core.Configuration.MunicipalityCode.Of(code)));
        }
    }

    [Fact]
    public async Task A_cost_is_entered_as_versions_and_a_change_needs_a_reason()
    {
        var first = await Billing.EnterCostAsync(2021, new CostEntryInput(CostKind.Budget, 9_723_000m, null), "erik", CancellationToken.None);
        Assert.Equal((1, 9_723_000m, "Manuell", "erik"), (first.Version, first.Amount, first.Source, first.EnteredBy));

        var noReason = await Assert.ThrowsAsync<ValidationException>(() => Billing.EnterCostAsync(2021, new CostEntryInput(CostKind.Budget, 9_800_000m, "fel"), "erik", CancellationToken.None));
        Assert.Equal("reason", noReason.Field);
        Assert.Contains("minst 10 tecken", noReason.Message, StringComparison.Ordinal);

        var zero = await Assert.ThrowsAsync<ValidationException>(() => Billing.EnterCostAsync(2021, new CostEntryInput(CostKind.Outcome, 0m, null), "erik", CancellationToken.None));
        Assert.Equal("amount", zero.Field);
        var ore = await Assert.ThrowsAsync<ValidationException>(() => Billing.EnterCostAsync(2021, new CostEntryInput(CostKind.Outcome, 8_966_000.125m, null), "erik", CancellationToken.None));
        Assert.Equal(("amount", "Beloppet får ha högst två decimaler (kronor och öre)."), (ore.Field, ore.Message));
        var kind = await Assert.ThrowsAsync<ValidationException>(() => Billing.EnterCostAsync(2021, new CostEntryInput(null, 1m, null), "erik", CancellationToken.None));
        Assert.Equal("kind", kind.Field);

        var second = await Billing.EnterCostAsync(2021, new CostEntryInput(CostKind.Budget, 9_800_000.50m, "Styrgruppen höjde budgeten i mars"), "erik", CancellationToken.None);
        Assert.Equal((2, 9_800_000.50m, "Styrgruppen höjde budgeten i mars"), (second.Version, second.Amount, second.Reason));

        var year = await Billing.YearAsync(2021, CancellationToken.None);
        Assert.Equal([(CostKind.Budget, 1, 9_723_000m), (CostKind.Budget, 2, 9_800_000.50m)], year.Costs.Select(c => (c.Kind, c.Version, c.Amount)));
        var audit = await _container.Resolve<IAuditLog>().RecentAsync(5);
        Assert.Contains(audit, a => a.Action == "billing.cost-entered" && a.Actor == "erik" && a.Subject == "2021/Budget" && a.Details.Contains("version 2", StringComparison.Ordinal) && a.Details.Contains("Styrgruppen höjde budgeten i mars", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_seeds_ledger_table_is_imported_with_its_Netto_checked()
    {
        var table = BillingTestBed.SeedLedgerTable();

        var budget2022 = await Billing.ImportLedgerAsync(2022, new LedgerImport(CostKind.Budget, table, "Budget 2022", null), "erik", CancellationToken.None);
        var budget2023 = await Billing.ImportLedgerAsync(2023, new LedgerImport(CostKind.Budget, table, null, null), "erik", CancellationToken.None);

        Assert.Equal((10_540_000m, "Huvudbok", 24), (budget2022.Amount, budget2022.Source, budget2022.LedgerLines.Count));
        Assert.Equal(10_711_000m, budget2023.Amount); // the last amount column by default
        Assert.Contains(budget2023.LedgerLines, l => l.Account == "7111 56941 50211" && l.Text == "Löner t arbetstag" && l.Amount == 4_324_000m);
        Assert.Contains(budget2023.LedgerLines, l => l.Text == "Fyllnadstid" && l.Amount == 0m);

        // Semicolons and no-break spaces, as a spreadsheet exports it.
        var semicolons = table.Replace('\t', ';').Replace("4 324 000", "4\u00A0324\u00A0000", StringComparison.Ordinal);
        var again = await Billing.ImportLedgerAsync(2023, new LedgerImport(CostKind.Budget, semicolons, "budget 2023", "Importerad igen från kalkylbladet"), "erik", CancellationToken.None);
        Assert.Equal((2, 10_711_000m), (again.Version, again.Amount));
        Assert.Contains(await _container.Resolve<IAuditLog>().RecentAsync(5), a => a.Action == "billing.ledger-imported" && a.Subject == "2023/Budget" && a.Details.Contains("Budget 2023", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_ledger_table_with_garbage_or_a_wrong_Netto_is_refused_naming_the_line()
    {
        var table = BillingTestBed.SeedLedgerTable();

        var garbage = await Assert.ThrowsAsync<ValidationException>(() => Billing.ImportLedgerAsync(2023, new LedgerImport(CostKind.Budget, table.Replace("540 000\t60 000\t600 000", "540 000\t60 000\t#VÄRDEFEL!", StringComparison.Ordinal), null, null), "erik", CancellationToken.None));
        Assert.Equal("table", garbage.Field);
        Assert.StartsWith("Rad 3 (", garbage.Message, StringComparison.Ordinal);
        Assert.Contains("'#VÄRDEFEL!' i kolumnen Budget 2023 är inget belopp", garbage.Message, StringComparison.Ordinal);

        var netto = await Assert.ThrowsAsync<ValidationException>(() => Billing.ImportLedgerAsync(2023, new LedgerImport(CostKind.Budget, table.Replace("10 711 000", "10 712 000", StringComparison.Ordinal), null, null), "erik", CancellationToken.None));
        Assert.Equal("Rad 26 (Netto): 10 712 000 kr i kolumnen Budget 2023 stämmer inte med kontoradernas summa 10 711 000 kr (skillnad 1 000 kr).", netto.Message.Replace('\u00A0', ' '));

        var column = await Assert.ThrowsAsync<ValidationException>(() => Billing.ImportLedgerAsync(2023, new LedgerImport(CostKind.Budget, table, "Utfall 2023", null), "erik", CancellationToken.None));
        Assert.Equal(("column", "Kolumnen 'Utfall 2023' finns inte bland kontotabellens beloppskolumner (Budget 2022, Förändring, Budget 2023)."), (column.Field, column.Message));

        var prose = await Assert.ThrowsAsync<ValidationException>(() => Billing.ImportLedgerAsync(2023, new LedgerImport(CostKind.Budget, "Budgeten är ungefär tio miljoner", null, null), "erik", CancellationToken.None));
        Assert.StartsWith("Rad 1 (", prose.Message, StringComparison.Ordinal);

        await using var db = Db();
        Assert.Equal(0, await db.CostEntries.CountAsync());
    }

    [Fact]
    public async Task An_approved_period_is_locked_and_a_second_approval_is_refused()
    {
        await BudgetWithTimeAsync();

        var approved = await Billing.ApproveAsync(2021, BillingPeriodKind.Budget, "erik", CancellationToken.None);
        Assert.Equal((1, true, "erik", 9_723_000m), (approved.Version, approved.Locked, approved.ApprovedBy, approved.Cost));

        // Later data and a changed cost do not change the locked split.
        await BillingTestBed.TimeAsync(_container, "J99", "0114", 600, new DateTimeOffset(2021, 5, 5, 20, 0, 0, TimeSpan.FromHours(2)));
        await Billing.EnterCostAsync(2021, new CostEntryInput(CostKind.Budget, 10_000_000m, "Felaktig budget rättad i efterhand"), "erik", CancellationToken.None);
        var read = await Billing.SplitAsync(2021, BillingPeriodKind.Budget, null, CancellationToken.None);
        Assert.Equal((1, true, approved.Total, approved.Cost), (read.Version, read.Locked, read.Total, read.Cost));
        Assert.Equal(approved.Payers, read.Payers);

        var again = await Assert.ThrowsAsync<ValidationException>(() => Billing.ApproveAsync(2021, BillingPeriodKind.Budget, "erik", CancellationToken.None));
        Assert.Equal("period", again.Field);
        Assert.StartsWith("Budget 2021 är redan godkänd (version 1 av erik)", again.Message, StringComparison.Ordinal);

        var state = Assert.Single((await Billing.YearAsync(2021, CancellationToken.None)).Periods, p => p.Period == BillingPeriodKind.Budget);
        Assert.Equal((1, true, "erik"), (state.LatestVersion, state.Locked, state.ApprovedBy));
        Assert.Contains(await _container.Resolve<IAuditLog>().RecentAsync(5), a => a.Action == "billing.approved" && a.Subject == "2021/Budget" && a.Actor == "erik");
    }

    [Fact]
    public async Task A_correction_is_a_new_locked_version_with_its_reason_and_the_old_version_stays_readable()
    {
        await BudgetWithTimeAsync();
        var v1 = await Billing.ApproveAsync(2021, BillingPeriodKind.Budget, "erik", CancellationToken.None);
        await BillingTestBed.TimeAsync(_container, "J99", "0114", 600, new DateTimeOffset(2021, 5, 5, 20, 0, 0, TimeSpan.FromHours(2)));

        var noReason = await Assert.ThrowsAsync<ValidationException>(() => Billing.CorrectAsync(2021, BillingPeriodKind.Budget, "  kort ", "erik", CancellationToken.None));
        Assert.Equal("reason", noReason.Field);
        var notApproved = await Assert.ThrowsAsync<ValidationException>(() => Billing.CorrectAsync(2021, BillingPeriodKind.Outcome, "Utfallet ändrat efter revision", "erik", CancellationToken.None));
        Assert.Equal("period", notApproved.Field);

        var v2 = await Billing.CorrectAsync(2021, BillingPeriodKind.Budget, "Tid i Upplands Väsby registrerades sent", "erik", CancellationToken.None);

        Assert.Equal((2, true, "Tid i Upplands Väsby registrerades sent"), (v2.Version, v2.Locked, v2.CorrectionReason));
        Assert.Equal(600, v2.Payers.Single(p => p.MunicipalityCode == "0114").Minutes - v1.Payers.Single(p => p.MunicipalityCode == "0114").Minutes);
        Assert.Equal(2, (await Billing.SplitAsync(2021, BillingPeriodKind.Budget, null, CancellationToken.None)).Version);
        var old = await Billing.SplitAsync(2021, BillingPeriodKind.Budget, 1, CancellationToken.None);
        Assert.Equal((1, v1.Total, (string?)null), (old.Version, old.Total, old.CorrectionReason));
        Assert.Equal(v1.Payers, old.Payers);
        var missing = await Assert.ThrowsAsync<ValidationException>(() => Billing.SplitAsync(2021, BillingPeriodKind.Budget, 3, CancellationToken.None));
        Assert.True(missing.NotFound);
        Assert.Contains(await _container.Resolve<IAuditLog>().RecentAsync(5), a => a.Action == "billing.corrected" && a.Details.Contains("Tid i Upplands Väsby registrerades sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_imported_ledgers_overhead_line_is_the_fee_inside_its_Netto_and_is_not_shared_again()
    {
        // Seed 002's ledger: "OH adm Sigtuna kommun 502 000" inside "Netto 10 540 000". The municipalities share 10 038 000;
        // each pays 5 % of its own share on its own line (issue 24 §9), never 5 % on top of a Netto that holds it already.
        await Billing.ImportLedgerAsync(2022, new LedgerImport(CostKind.Budget, BillingTestBed.SeedLedgerTable(), "Budget 2022", null), "erik", CancellationToken.None);
        await BillingTestBed.TimeAsync(_container, "J1", "0191", 60, new DateTimeOffset(2022, 2, 3, 20, 0, 0, Winter));
        await BillingTestBed.TimeAsync(_container, "J3", "0123", 120, new DateTimeOffset(2022, 3, 3, 22, 0, 0, Winter));

        var split = await Billing.SplitAsync(2022, BillingPeriodKind.Budget, null, CancellationToken.None);

        Assert.Equal(10_540_000m, split.Cost);
        Assert.Equal(10_038_000m, split.Payers.Sum(p => p.Amount));
        Assert.All(split.Payers, p => Assert.Equal(decimal.Round(0.05m * p.Amount, 2, MidpointRounding.AwayFromZero), p.AdministrativeFee));
        Assert.InRange(split.Total, 10_539_800m, 10_540_000m); // 5 % of 10 038 000 = 501 900, the ledger's line rounded to 502 000
        Assert.Contains(split.Notes, n => n.Contains("huvudbokens rad för administrativ avgift", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_outcome_deducts_per_payer_what_the_approved_budget_invoiced()
    {
        await BudgetWithTimeAsync();
        await Billing.EnterCostAsync(2021, new CostEntryInput(CostKind.Outcome, 8_966_000m, null), "erik", CancellationToken.None);
        await BillingTestBed.TimeAsync(_container, "J50", "0184", 200, new DateTimeOffset(2021, 10, 5, 20, 0, 0, TimeSpan.FromHours(2)));

        var draftBefore = await Billing.SplitAsync(2021, BillingPeriodKind.Outcome, null, CancellationToken.None);
        Assert.All(draftBefore.Payers, p => Assert.Equal(0m, p.PreviouslyInvoiced));
        Assert.Contains(draftBefore.Notes, n => n.StartsWith("Budgeten (juli 2021) är inte godkänd", StringComparison.Ordinal));

        var budget = await Billing.ApproveAsync(2021, BillingPeriodKind.Budget, "erik", CancellationToken.None);
        var outcome = await Billing.SplitAsync(2021, BillingPeriodKind.Outcome, null, CancellationToken.None);

        Assert.Null(outcome.Version);
        Assert.Equal(budget.Payers.Select(p => (p.MunicipalityCode, p.ToInvoice)), outcome.Payers.Select(p => (p.MunicipalityCode, p.PreviouslyInvoiced)));
        Assert.Equal(outcome.Payers.Sum(p => p.ToInvoice), outcome.Total);
        // 8 966 000 (the fee inside it, rounded on each payer's line) minus the July invoice: a credit.
        var invoicedInJanuary = outcome.Payers.Sum(p => p.Amount + p.AdministrativeFee);
        Assert.InRange(invoicedInJanuary - 8_966_000m, -0.04m, 0.04m);
        Assert.Equal(invoicedInJanuary - budget.Total, outcome.Total);
    }

    [Fact]
    public async Task The_invoice_basis_lists_the_municipalitys_time_per_case_and_refuses_an_unknown_municipality()
    {
        await BudgetWithTimeAsync();
        await BillingTestBed.TimeAsync(_container, "J77", "0191", 25, new DateTimeOffset(2021, 8, 1, 20, 0, 0, TimeSpan.FromHours(2))); // outside the budget's half-year

        var basis = await Billing.InvoiceBasisAsync(2021, BillingPeriodKind.Budget, "0191", null, CancellationToken.None);

        Assert.Equal(("0191", "Socialnämnden"), (basis.Payer.MunicipalityCode, basis.Payer.Committee));
        Assert.Equal([new InvoiceTimeLine("J1", new DateOnly(2021, 2, 3), 60, false), new InvoiceTimeLine("J2", new DateOnly(2021, 4, 10), 90, false)], basis.Time);
        Assert.Equal(basis.Payer.Minutes, basis.Time.Sum(t => t.Minutes));

        var unknown = await Assert.ThrowsAsync<ValidationException>(() => Billing.InvoiceBasisAsync(2021, BillingPeriodKind.Budget, "1287", null, CancellationToken.None));
        Assert.Equal(("municipalityCode", true), (unknown.Field, unknown.NotFound));
        var committee = await Assert.ThrowsAsync<ValidationException>(() => Billing.InvoiceBasisAsync(2021, BillingPeriodKind.Budget, "0191", "Kulturnämnden", CancellationToken.None));
        Assert.Equal(("committee", true), (committee.Field, committee.NotFound));
        var malformed = await Assert.ThrowsAsync<ValidationException>(() => Billing.InvoiceBasisAsync(2021, BillingPeriodKind.Budget, "19x", null, CancellationToken.None));
        Assert.Equal(("municipalityCode", false), (malformed.Field, malformed.NotFound));
    }

    [Fact]
    public async Task A_period_of_the_other_model_a_missing_cost_and_a_missing_population_are_named()
    {
        var period = await Assert.ThrowsAsync<ValidationException>(() => Billing.SplitAsync(2021, BillingPeriodKind.YearEnd, null, CancellationToken.None));
        Assert.Equal("period", period.Field);

        var cost = await Assert.ThrowsAsync<ValidationException>(() => Billing.SplitAsync(2021, BillingPeriodKind.Budget, null, CancellationToken.None));
        Assert.Equal(("cost", "Budgeten för 2021 är inte angiven: ange den under Fakturering innan perioden Budget kan beräknas."), (cost.Field, cost.Message));

        await Billing.EnterCostAsync(2019, new CostEntryInput(CostKind.Budget, 9_000_000m, null), "erik", CancellationToken.None);
        await BillingTestBed.TimeAsync(_container, "J1", "0191", 60, new DateTimeOffset(2019, 2, 3, 20, 0, 0, Winter));
        var population = await Assert.ThrowsAsync<ValidationException>(() => Billing.SplitAsync(2019, BillingPeriodKind.Budget, null, CancellationToken.None));
        Assert.Contains("31 december 2018", population.Message, StringComparison.Ordinal);
        var year = await Billing.YearAsync(2019, CancellationToken.None);
        Assert.Contains("31 december 2018", year.Periods[0].Problem, StringComparison.Ordinal);
    }

    private async Task BudgetWithTimeAsync()
    {
        await Billing.EnterCostAsync(2021, new CostEntryInput(CostKind.Budget, 9_723_000m, null), "erik", CancellationToken.None);
        await BillingTestBed.TimeAsync(_container, "J1", "0191", 60, new DateTimeOffset(2021, 2, 3, 20, 0, 0, Winter));
        await BillingTestBed.TimeAsync(_container, "J2", "0191", 90, new DateTimeOffset(2021, 4, 10, 21, 0, 0, TimeSpan.FromHours(2)));
        await BillingTestBed.TimeAsync(_container, "J3", "0123", 120, new DateTimeOffset(2021, 3, 3, 22, 0, 0, Winter));
        await BillingTestBed.TimeAsync(_container, "J4", "0184", 45, new DateTimeOffset(2021, 6, 30, 21, 59, 0, TimeSpan.FromHours(2)));
    }

    private BillingDbContext Db() => _container.Resolve<Func<BillingDbContext>>()();
}
