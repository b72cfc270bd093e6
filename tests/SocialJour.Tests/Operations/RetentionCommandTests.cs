using Autofac;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Lookup;

namespace SocialJour.Tests.Operations;

/// <summary>
/// <c>socialjour access-log-retention</c> as IT runs it (ADR 0029): the rule is the hosts' configured one (read from the same
/// environment variables), a shorter period is refused, and <c>--apply yes</c> archives, records and deletes so that the
/// archive and the log both still verify.
/// </summary>
public sealed class RetentionCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_command_follows_the_configured_rule_refuses_a_shorter_period_and_archives_before_deleting()
    {
        var config = DemoConfig.CopyTo(_dir);
        var data = _dir.File("data");
        using (var core = CoreHarness.Build(config, data, time: new FixedTime(new DateTimeOffset(2015, 3, 1, 23, 0, 0, TimeSpan.Zero))))
        {
            foreach (var person in new[] { "201003152384", "201107222380" })
            {
                await core.Resolve<IAccessLog>().AppendAsync(new AccessDraft(AccessKind.Lookup, "anna", person, "J-2015-0001", "Skyddsbedömning", null,
                    Guid.NewGuid().ToString("N"), [new("0191", SourceStatus.Found)]));
            }
        }

        string[] common = ["access-log-retention", "--config", config, "--plugins", TestPaths.Plugins, "--data", data];
        var archive = _dir.File("arkiv");
        var configured = new Dictionary<string, string>
        {
            ["SocialJour__AccessLog__RetentionYears"] = "5",
            ["SocialJour__AccessLog__ArchiveDirectory"] = archive,
        };

        var (noRule, noRuleOutput) = await CommandLineTests.Run(CommandLineTests.Cli, common, TestPaths.RepoRoot);
        Assert.Equal(2, noRule);
        Assert.Contains("Ange gallringstiden", noRuleOutput, StringComparison.Ordinal);

        var (plan, planOutput) = await CommandLineTests.Run(CommandLineTests.Cli, common, TestPaths.RepoRoot, configured);
        Assert.True(plan == 0, planOutput);
        Assert.Contains("2 poster (1–2) är äldre än", planOutput, StringComparison.Ordinal);

        var (shorter, shorterOutput) = await CommandLineTests.Run(CommandLineTests.Cli, [.. common, "--years", "3", "--apply", "yes"], TestPaths.RepoRoot, configured);
        Assert.Equal(2, shorter);
        Assert.Contains("kortare än den konfigurerade gallringstiden", shorterOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(archive));

        var (apply, applyOutput) = await CommandLineTests.Run(CommandLineTests.Cli, [.. common, "--apply", "yes"], TestPaths.RepoRoot, configured);
        Assert.True(apply == 0, applyOutput);
        Assert.Contains("Gallrade 2 poster (1–2)", applyOutput, StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(archive, "access-log-*.json"));

        var (verify, verifyOutput) = await CommandLineTests.Run(CommandLineTests.Cli, ["access-log-retention", "--verify-archive", file], TestPaths.RepoRoot);
        Assert.True(verify == 0, verifyOutput);
        Assert.Contains("Arkivet håller: poster 1–2", verifyOutput, StringComparison.Ordinal);

        // The deletion holds against the hosts' rule and its archive; without the rule it cannot be proven (issue 23 3a).
        string[] verifyLog = ["audit-verify", "--config", config, "--plugins", TestPaths.Plugins, "--data", data];
        var (audit, auditOutput) = await CommandLineTests.Run(CommandLineTests.Cli, verifyLog, TestPaths.RepoRoot, configured);
        Assert.True(audit == 0, auditOutput);
        var (unproven, unprovenOutput) = await CommandLineTests.Run(CommandLineTests.Cli, verifyLog, TestPaths.RepoRoot);
        Assert.Equal(1, unproven);
        Assert.Contains("ingen gallringsregel är konfigurerad", unprovenOutput, StringComparison.Ordinal);
    }
}
