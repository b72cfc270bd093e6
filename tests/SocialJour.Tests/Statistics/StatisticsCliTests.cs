using Autofac;
using MiniExcelLibs;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Feed;
using static SocialJour.Tests.Statistics.StatisticsTestBed;

namespace SocialJour.Tests.Statistics;

/// <summary>socialjour statistics: the key figures from the shell as a text table, the report as a file, exit 2 with the reason in Swedish on bad input.</summary>
public sealed class StatisticsCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Statistics_prints_the_key_figures_writes_the_files_and_exits_2_on_bad_input()
    {
        var config = DemoConfig.CopyTo(_dir);
        var data = _dir.File("data");
        using (var container = Billing.BillingTestBed.Build(_dir, new FixedTime(new DateTimeOffset(2022, 1, 20, 9, 0, 0, TimeSpan.FromHours(1))), config: config))
        {
            var items = new[]
            {
                Contact(1, ContactChannel.SosAlarm, Local(2021, 3, 5, 22), "Standby", ("0191", CaseCategory.DomesticViolence, false), ("0191", CaseCategory.ChildrenAndYouth, true), ("0191", CaseCategory.ChildrenAndYouth, true)),
                Contact(2, ContactChannel.Police, Local(2020, 3, 5, 15), "Open", ("0123", CaseCategory.Other, false)),
                Contact(3, ContactChannel.Police, Local(2021, 12, 20, 15), "Open", ("0123", CaseCategory.Other, false)), // after 10 December
            }.SelectMany(e => e).Select((e, i) => new FeedItem($"cli-{i}", e)).ToList();
            await container.Resolve<StatisticsProjection>().ApplyAsync(items, CancellationToken.None);
        }

        string[] common = ["--config", config, "--plugins", TestPaths.Plugins, "--data", data];
        var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli, ["statistics", "--from", "2021-01-01", "--to", "2021-12-10", "--compare", "1", .. common], TestPaths.RepoRoot);
        Assert.True(code == 0, output);
        Assert.Contains("Socialjouren statistik totalt 2021-01-01 – 2021-12-10 – Hela jouren", output, StringComparison.Ordinal);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Matches(@"^Mått\s+2020-01-01 – 2020-12-10\s+2021-01-01 – 2021-12-10$", lines.Single(l => l.StartsWith("Mått", StringComparison.Ordinal)));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Ärenden\s+1\s+3$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Kontakter\s+1\s+1$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Andel barn och unga\s+0,0 %\s+66,6 %$"));

        var (sigtunaCode, sigtuna) = await CommandLineTests.Run(CommandLineTests.Cli, ["statistics", "--from", "2021-01-01", "--to", "2021-12-10", "--compare", "0", "--municipality", "0191", .. common], TestPaths.RepoRoot);
        Assert.True(sigtunaCode == 0, sigtuna);
        Assert.Contains("Socialjouren statistik totalt 2021-01-01 – 2021-12-10 – Sigtuna (0191)", sigtuna, StringComparison.Ordinal);
        Assert.Contains("Små tal (färre än 5) visas som <5.", sigtuna, StringComparison.Ordinal);

        var file = _dir.File("statistik.xlsx");
        var (xlsxCode, xlsxOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["statistics", "--from", "2021-01-01", "--to", "2021-12-10", "--format", "xlsx", "--out", file, .. common], TestPaths.RepoRoot);
        Assert.True(xlsxCode == 0, xlsxOutput);
        using (var stream = File.OpenRead(file))
        {
            var about = stream.Query(useHeaderRow: true, sheetName: "Om statistiken").Cast<IDictionary<string, object?>>().ToDictionary(r => (string)r["Uppgift"]!, r => r["Värde"]);
            Assert.Equal("Socialjouren Nordväst", about["Jour"]);
            Assert.Equal("Små tal (färre än 5) visas som <5", about["Små tal"]);
        }

        foreach (var (args, message) in new (string[], string)[]
        {
            (["statistics", "--to", "2021-12-10"], "Ange periodens första dag med --from"),
            (["statistics", "--from", "2021-01-01", "--to", "10/12/2021"], "--to: '10/12/2021' är inget datum på formen ÅÅÅÅ-MM-DD"),
            (["statistics", "--from", "2021-12-10", "--to", "2021-01-01"], "ligger före startdatum"),
            (["statistics", "--from", "2021-01-01", "--to", "2021-12-10", "--compare", "7"], "--compare ska vara ett heltal från 0 till 4"),
            (["statistics", "--from", "2021-01-01", "--to", "2021-12-10", "--municipality", "0180"], "Kommunen 0180 är inte med i jouren"),
            (["statistics", "--from", "2021-01-01", "--to", "2021-12-10", "--format", "docx", "--out", "x"], "--format ska vara table, csv, xlsx eller pdf"),
            (["statistics", "--from", "2021-01-01", "--to", "2021-12-10", "--format", "pdf"], "Ange filen med --out"),
        })
        {
            var (bad, badOutput) = await CommandLineTests.Run(CommandLineTests.Cli, [.. args, .. common], TestPaths.RepoRoot);
            Assert.True(bad == 2, $"{string.Join(' ', args)}: {bad} {badOutput}");
            Assert.Contains(message, badOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", badOutput, StringComparison.Ordinal);
        }

        var (noData, _) = await CommandLineTests.Run(CommandLineTests.Cli, ["statistics", "--from", "2021-01-01", "--to", "2021-12-10", "--config", config, "--data", _dir.File("empty")], TestPaths.RepoRoot);
        Assert.Equal(2, noData);
        Assert.False(Directory.Exists(_dir.File("empty")));
    }
}
