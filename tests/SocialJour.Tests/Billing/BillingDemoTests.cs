using Autofac;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Audit;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Billing;
using SocialJour.Modules.Billing.Contracts;
using SocialJour.Modules.Billing.Demo;

namespace SocialJour.Tests.Billing;

/// <summary>
/// The demo's billing history (SocialJour:Billing:DemoHistory): Sociala jouren syd's 2020 as its report has it (9 home visits
/// and 30 phone supports = 117 000 kr, a deficit of 275 000 kr by population) and its 2021 with Lomma joining and
/// Staffanstorp leaving; Nordväst's 2021 budget and outcome. Seeded once, audit-logged, only billing's own tables.
/// </summary>
public sealed class BillingDemoTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(new DateTimeOffset(2022, 2, 1, 9, 0, 0, TimeSpan.FromHours(1)));

    public void Dispose() => _dir.Dispose();

    internal static string SydConfig => Path.Combine(TestPaths.RepoRoot, "config", "demo-syd", "jour.json");

    internal static async Task SeedAsync(IContainer container) => Assert.NotNull(await container.Resolve<DemoHistory>().SeedAsync(CancellationToken.None));

    internal static IContainer Build(string config, string data, TimeProvider time) =>
        CoreHarness.Build(config, new DatabaseOptions(DatabaseProvider.Sqlite, data, null), time: time, withModules: true, configure: b => b.RegisterType<DemoHistory>().AsSelf());

    [Fact]
    public async Task The_Syd_demo_shows_2020_as_its_report_and_2021_with_the_membership_changes()
    {
        using var container = Build(SydConfig, _dir.File("data"), _time);
        var billing = container.Resolve<IBillingModule>();

        await SeedAsync(container);

        var yearEnd2020 = await billing.SplitAsync(2020, BillingPeriodKind.YearEnd, null, CancellationToken.None);
        Assert.Equal((1, true, 117_000m, 275_000m), (yearEnd2020.Version, yearEnd2020.Locked, yearEnd2020.CommissionRevenue, yearEnd2020.Deficit));
        Assert.Equal(275_000m, yearEnd2020.Payers.Sum(p => p.DeficitAmount));
        Assert.Equal((9, 30), (CountOf(container, 2020, "HomeVisit"), CountOf(container, 2020, "PhoneSupport")));
        Assert.Equal(["Arbetsmarknadsnämnden", "Socialnämnden"], yearEnd2020.Payers.Where(p => p.MunicipalityCode == "1287").Select(p => p.Committee).Order());
        Assert.DoesNotContain(yearEnd2020.Payers, p => p.MunicipalityCode == "1262"); // Lomma joined in 2021

        var year2021 = await billing.YearAsync(2021, CancellationToken.None);
        Assert.Equal([(BillingPeriodKind.AnnualFee, true), (BillingPeriodKind.YearEnd, false)], year2021.Periods.Select(p => (p.Period, p.Locked)));
        var yearEnd2021 = await billing.SplitAsync(2021, BillingPeriodKind.YearEnd, null, CancellationToken.None);
        Assert.Null(yearEnd2021.Version);
        Assert.Equal(289, yearEnd2021.Payers.Single(p => p.MunicipalityCode == "1262").MemberDays); // 18 March–31 December
        Assert.Equal(273, yearEnd2021.Payers.Single(p => p.MunicipalityCode == "1230").MemberDays); // 1 January–30 September
        Assert.Equal(yearEnd2021.Payers.Sum(p => p.ToInvoice), yearEnd2021.Total);

        var basis = await billing.InvoiceBasisAsync(2021, BillingPeriodKind.YearEnd, "1287", "Arbetsmarknadsnämnden", CancellationToken.None);
        Assert.Equal("Arbetsmarknadsnämnden", basis.Payer.Committee);
        Assert.All(basis.Commissions, c => Assert.Equal(c.Kind switch { "HomeVisit" => 5000m, "PhoneSupport" => 2400m, _ => 1500m }, c.Price));

        Assert.Null(await container.Resolve<DemoHistory>().SeedAsync(CancellationToken.None)); // once
        Assert.Contains(await container.Resolve<IAuditLog>().RecentAsync(10), a => a.Action == "billing.demo-history-seeded" && a.Subject == "Sociala jouren syd");
    }

    [Fact]
    public async Task The_Nordvast_demo_shows_2021_with_the_seeds_budget_and_outcome()
    {
        using var container = Build(DemoConfig.CopyTo(_dir), _dir.File("data"), _time);
        var billing = container.Resolve<IBillingModule>();

        await SeedAsync(container);

        var budget = await billing.SplitAsync(2021, BillingPeriodKind.Budget, null, CancellationToken.None);
        var outcome = await billing.SplitAsync(2021, BillingPeriodKind.Outcome, null, CancellationToken.None);
        Assert.Equal((1, 9_723_000m), (budget.Version, budget.Cost));
        Assert.Equal(((int?)null, 8_966_000m), (outcome.Version, outcome.Cost));
        Assert.Equal(budget.Payers.Select(p => p.ToInvoice), outcome.Payers.Select(p => p.PreviouslyInvoiced));
        Assert.Equal(9_723_000m, budget.Total); // the July invoices total the budget: the 5 % fee is inside it (seed 002)
        Assert.Equal(-757_000m, outcome.Total); // the 757 000 kr surplus of the annual report, credited
    }

    private static int CountOf(IContainer container, int year, string kind)
    {
        using var db = container.Resolve<Func<BillingDbContext>>()();
        return db.Commissions.AsNoTracking().Count(c => c.Kind == kind && c.DoneDate >= new DateOnly(year, 1, 1) && c.DoneDate <= new DateOnly(year, 12, 31));
    }
}
