using Autofac;

namespace SocialJour.Tests.Billing;

/// <summary>socialjour billing: the split of a period from the shell, as a Swedish table or CSV; exit 2 with the reason when something is missing.</summary>
public sealed class BillingCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Billing_prints_the_split_as_a_table_and_as_csv_and_exits_2_naming_what_is_missing()
    {
        var data = _dir.File("data");
        using (var container = BillingDemoTests.Build(BillingDemoTests.SydConfig, data, new FixedTime(new DateTimeOffset(2022, 2, 1, 9, 0, 0, TimeSpan.FromHours(1)))))
        {
            await BillingDemoTests.SeedAsync(container);
        }

        string[] common = ["--config", BillingDemoTests.SydConfig, "--plugins", TestPaths.Plugins, "--data", data];
        var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli, ["billing", "--year", "2020", "--period", "year-end", .. common], TestPaths.RepoRoot);
        Assert.True(code == 0, output);
        Assert.Contains("godkänd version 1", output, StringComparison.Ordinal);
        Assert.Contains("1287 Trelleborg, Arbetsmarknadsnämnden", output, StringComparison.Ordinal);
        Assert.Contains("Att fakturera", output, StringComparison.Ordinal);
        Assert.Contains("Totalt", output, StringComparison.Ordinal);

        var (csvCode, csv) = await CommandLineTests.Run(CommandLineTests.Cli, ["billing", "--year", "2021", "--period", "bokslut", "--format", "csv", .. common], TestPaths.RepoRoot);
        Assert.Equal(0, csvCode);
        var lines = csv.Trim().Split('\n');
        Assert.StartsWith("Kommunkod;Kommun;Nämnd;Folkmängd;Medlemsdagar", lines[0], StringComparison.Ordinal);
        Assert.Equal(12, lines.Length); // the header and ten municipalities, Trelleborg twice
        Assert.Contains(lines, l => l.StartsWith("1262;Lomma;Socialnämnden;24876;289;", StringComparison.Ordinal));

        var (noCost, noCostOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["billing", "--year", "2022", "--period", "annual-fee", .. common], TestPaths.RepoRoot);
        Assert.Equal(2, noCost);
        Assert.Contains("Budgeten för 2022 är inte angiven", noCostOutput, StringComparison.Ordinal);

        var (noYear, noYearOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["billing", "--period", "outcome", .. common], TestPaths.RepoRoot);
        Assert.Equal(2, noYear);
        Assert.Contains("--year", noYearOutput, StringComparison.Ordinal);

        var (wrongPeriod, wrongPeriodOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["billing", "--year", "2020", "--period", "outcome", .. common], TestPaths.RepoRoot);
        Assert.Equal(2, wrongPeriod);
        Assert.Contains("finns inte i jourens modell", wrongPeriodOutput, StringComparison.Ordinal);

        var (noData, _) = await CommandLineTests.Run(CommandLineTests.Cli, ["billing", "--year", "2020", "--period", "year-end", "--config", BillingDemoTests.SydConfig, "--data", _dir.File("empty")], TestPaths.RepoRoot);
        Assert.Equal(2, noData);
        Assert.False(Directory.Exists(_dir.File("empty")));
    }

    [Fact]
    public async Task A_missing_population_is_named_with_exit_2()
    {
        var config = DemoConfig.CopyTo(_dir, edit: j => j.Replace("\"Population\": { \"2019\": 48900, \"2020\": 49537, \"2021\": 50273 }", "\"Population\": { \"2019\": 48900, \"2021\": 50273 }", StringComparison.Ordinal));
        var data = _dir.File("data");
        using (var container = BillingDemoTests.Build(config, data, new FixedTime(new DateTimeOffset(2022, 2, 1, 9, 0, 0, TimeSpan.FromHours(1)))))
        {
            await container.Resolve<SocialJour.Modules.Billing.Contracts.IBillingModule>().EnterCostAsync(2021, new(SocialJour.Modules.Billing.Contracts.CostKind.Budget, 9_723_000m, null), "erik", CancellationToken.None);
            await BillingTestBed.TimeAsync(container, "J1", "0123", 30, new DateTimeOffset(2021, 2, 1, 20, 0, 0, TimeSpan.FromHours(1)));
        }

        var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli, ["billing", "--year", "2021", "--period", "budget", "--config", config, "--plugins", TestPaths.Plugins, "--data", data], TestPaths.RepoRoot);

        Assert.Equal(2, code);
        Assert.Contains("Folkmängden den 31 december 2020 saknas för kommun 0191 (Sigtuna)", output, StringComparison.Ordinal);
    }
}
