using System.Diagnostics;

namespace SocialJour.Tests;

/// <summary>The IT command line and the host's refusal to start on a bad configuration, as separate processes.</summary>
public sealed class CommandLineTests
{
    private static string Configuration => AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    internal static string Cli => Path.Combine(TestPaths.RepoRoot, "src", "SocialJour.Cli", "bin", Configuration, "net10.0", "socialjour.dll");

    internal static string HostDll => Path.Combine(TestPaths.RepoRoot, "src", "SocialJour.Host", "bin", Configuration, "net10.0", "SocialJour.Host.dll");

    internal static async Task<(int Code, string Output)> Run(string dll, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // never leave a host running after its test
            throw new TimeoutException($"{Path.GetFileName(dll)} {string.Join(' ', args)} did not exit within 60 s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Validate_accepts_the_demo_configuration()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);

        var (code, output) = await Run(Cli, ["validate", "--config", config, "--plugins", TestPaths.Plugins], TestPaths.RepoRoot);

        Assert.Equal(0, code);
        Assert.Contains("Konfigurationen är giltig: Socialjouren Nordväst, 8 kommuner", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Observera", output, StringComparison.Ordinal); // all five adapters are installed
    }

    [Fact]
    public async Task Validate_rejects_an_adapter_that_is_not_installed_naming_the_municipality_the_field_and_the_installed_ones()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, edit: j => j.Replace("\"Adapter\": \"Viva\"", "\"Adapter\": \"Pulsen\"", StringComparison.Ordinal));

        var (code, output) = await Run(Cli, ["validate", "--config", config, "--plugins", TestPaths.Plugins], TestPaths.RepoRoot);

        Assert.Equal(1, code);
        Assert.Contains("Kommun 0114 (Upplands Väsby), fältet 'JournalSystem.Adapter': 'Pulsen' är ingen känd adapter. Kända journalsystemadaptrar: Combine, Lifecare, Procapita, Treserva, Viva",
            output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_rejects_a_bad_edit_naming_the_municipality_and_the_field_without_a_stack_trace()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, edit: j => j.Replace("\"Joined\": \"2015-01-01\", \"Left\": null,\n      \"JournalSystem\": {\n        \"Adapter\": \"Lifecare\", \"BaseUrl\": \"http://127.0.0.1:5080/lifecare/solna/\"",
            "\"Joined\": \"2015-01-01\", \"Left\": \"2014-01-01\",\n      \"JournalSystem\": {\n        \"Adapter\": \"Lifecare\", \"BaseUrl\": \"http://127.0.0.1:5080/lifecare/solna/\"", StringComparison.Ordinal));

        var (code, output) = await Run(Cli, ["validate", "--config", config, "--plugins", TestPaths.Plugins], TestPaths.RepoRoot);

        Assert.Equal(1, code);
        Assert.Contains("Kommun 0184 (Solna), fältet 'Left'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_says_in_Swedish_when_the_configuration_file_does_not_exist()
    {
        using var dir = new TempDir();

        var (code, output) = await Run(Cli, ["validate", "--config", dir.File("saknas.json")], TestPaths.RepoRoot);

        Assert.Equal(1, code);
        Assert.Contains("saknas.json finns inte", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_on_a_date_honours_leaving()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, edit: j => j.Replace("\"Code\": \"0114\", \"Name\": \"Upplands Väsby\", \"Joined\": \"2015-01-01\", \"Left\": null",
            "\"Code\": \"0114\", \"Name\": \"Upplands Väsby\", \"Joined\": \"2015-01-01\", \"Left\": \"2021-10-01\"", StringComparison.Ordinal));

        var (before, beforeOut) = await Run(Cli, ["members", "--date", "2021-09-30", "--config", config, "--plugins", TestPaths.Plugins], TestPaths.RepoRoot);
        var (after, afterOut) = await Run(Cli, ["members", "--date", "2021-10-01", "--config", config, "--plugins", TestPaths.Plugins], TestPaths.RepoRoot);

        Assert.Equal((0, 0), (before, after));
        Assert.Contains("Upplands Väsby", beforeOut, StringComparison.Ordinal);
        Assert.DoesNotContain("Upplands Väsby", afterOut, StringComparison.Ordinal);
        Assert.Contains("Medlemmar 2021-10-01: 7", afterOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_today_is_the_jours_date_even_when_the_machine_is_set_to_another_zone()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var stockholm = SocialJour.Core.Calendar.JourSchedule.Stockholm;
        var now = DateTimeOffset.UtcNow;
        // A machine zone whose date differs from Stockholm's right now: 13 hours ahead in the afternoon, 12 hours behind in the morning.
        var machine = TimeZoneInfo.ConvertTime(now, stockholm).Hour >= 12 ? "Pacific/Kiritimati" : "Pacific/Pago_Pago";
        var jourDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, stockholm).DateTime);
        Assert.NotEqual(jourDate, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(machine)).DateTime));

        var (code, output) = await Run(Cli, ["members", "--config", config, "--plugins", TestPaths.Plugins], TestPaths.RepoRoot,
            new Dictionary<string, string> { ["TZ"] = machine });

        Assert.Equal(0, code);
        var jourDateNow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, stockholm).DateTime); // the run may cross midnight
        Assert.True(output.Contains($"Medlemmar {jourDate:yyyy-MM-dd}:", StringComparison.Ordinal) || output.Contains($"Medlemmar {jourDateNow:yyyy-MM-dd}:", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task Check_refuses_a_malformed_municipality_code_in_Swedish()
    {
        var (code, output) = await Run(Cli, ["check", "01x1", "--plugins", TestPaths.Plugins], TestPaths.RepoRoot);

        Assert.Equal(2, code);
        Assert.Contains("'01x1' är ingen kommunkod (fyra siffror", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_date_or_command_is_a_usage_error()
    {
        var (badDate, dateOut) = await Run(Cli, ["members", "--date", "2021-02-30"], TestPaths.RepoRoot);
        var (badCommand, _) = await Run(Cli, ["frobnicate"], TestPaths.RepoRoot);

        Assert.Equal((2, 2), (badDate, badCommand));
        Assert.Contains("ÅÅÅÅ-MM-DD", dateOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_refuses_a_year_before_the_holiday_law_it_implements()
    {
        var (code, output) = await Run(Cli, ["calendar", "1950"], TestPaths.RepoRoot);

        Assert.Equal(2, code);
        Assert.Contains("1953–2200", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Sveriges nationaldag", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_lists_the_holidays_and_the_days_the_jour_opens_early()
    {
        var (code, output) = await Run(Cli, ["calendar", "2026"], TestPaths.RepoRoot);

        Assert.Equal(0, code);
        Assert.Contains("2026-06-19", output, StringComparison.Ordinal);
        Assert.Contains("Midsommarafton", output, StringComparison.Ordinal);
        Assert.Contains("2026-05-15 fre  BridgeDay     öppnar 11:00", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_refuses_to_start_on_an_invalid_configuration_and_says_why()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, edit: j => j.Replace("\"Name\": \"Sigtuna\"", "\"Name\": \"Sigtuna kommun\"", StringComparison.Ordinal));

        var (code, output) = await Run(HostDll, ["--urls", "http://127.0.0.1:0"], Path.Combine(TestPaths.RepoRoot, "src", "SocialJour.Host"), new Dictionary<string, string>
        {
            ["SocialJour__ConfigurationPath"] = config,
            ["SocialJour__Database__DataDirectory"] = dir.File("data"),
        });

        Assert.Equal(2, code);
        Assert.Contains("Kommun 0191 (Sigtuna kommun), fältet 'Name': kommunkod 0191 är Sigtuna", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_verify_checks_both_logs_and_exits_1_naming_the_entry_when_an_access_entry_was_edited()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var data = dir.File("data");
        using (var c = CoreHarness.Build(config, data))
        {
            var log = Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Lookup.IAccessLog>(c);
            for (var i = 0; i < 3; i++)
            {
                await log.AppendAsync(new(SocialJour.Core.Lookup.AccessKind.EmergencyLookup, "anna", "201003152384", null, "Nödöppning", "Akut prov " + i, "x" + i, [new("0191", SocialJour.Adapters.Contract.SourceStatus.Found)]));
            }
        }

        string[] args = ["audit-verify", "--config", config, "--plugins", TestPaths.Plugins, "--data", data];
        var (ok, okOutput) = await Run(Cli, args, TestPaths.RepoRoot);
        Assert.True(ok == 0, okOutput);
        Assert.Contains("Åtkomstloggen är obruten (3 poster, rot ", okOutput, StringComparison.Ordinal);
        Assert.Contains("Händelseloggen är obruten", okOutput, StringComparison.Ordinal);

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "core.db")};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE access_log SET Purpose = 'Ändrat i efterhand' WHERE Sequence = 2";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        var (broken, brokenOutput) = await Run(Cli, args, TestPaths.RepoRoot);
        Assert.Equal(1, broken);
        Assert.Contains("BROTT I ÅTKOMSTLOGGEN: post 2 har ändrats efter att den skrevs", brokenOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_verify_refuses_a_data_folder_without_SocialJour_data_and_creates_nothing()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var wrong = dir.File("fel-mapp");
        Directory.CreateDirectory(wrong);

        var (code, output) = await Run(Cli, ["audit-verify", "--config", config, "--plugins", TestPaths.Plugins, "--data", wrong], TestPaths.RepoRoot);

        Assert.Equal(2, code);
        Assert.Contains($"Mappen {wrong} innehåller inga SocialJour-data (core.db saknas)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("obruten", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(wrong));
    }

    [Fact]
    public async Task Audit_verify_refuses_an_empty_database_file_instead_of_reporting_empty_logs_intact()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var data = dir.File("tom");
        Directory.CreateDirectory(data);
        File.WriteAllBytes(Path.Combine(data, "core.db"), []); // an empty file: SQLite would open it as an empty database

        var (code, output) = await Run(Cli, ["audit-verify", "--config", config, "--plugins", TestPaths.Plugins, "--data", data], TestPaths.RepoRoot);

        Assert.Equal(2, code);
        Assert.Contains("har inga SocialJour-data för modulen core (migreringshistoriken __migrations_core saknas eller är tom)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("obruten", output, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(Path.Combine(data, "core.db")).Length); // nothing migrated into it
        Assert.Equal(["core.db"], Directory.GetFileSystemEntries(data).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Check_and_migrate_refuse_a_folder_that_is_not_a_SocialJour_data_folder_and_create_nothing()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        var empty = dir.File("tom");
        Directory.CreateDirectory(empty);
        var other = dir.File("annat");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "anteckningar.txt"), "inte SocialJour");

        var (check, checkOutput) = await Run(Cli, ["check", "0191", "--config", config, "--plugins", TestPaths.Plugins, "--data", empty], TestPaths.RepoRoot);
        var (migrate, migrateOutput) = await Run(Cli, ["migrate", "--config", config, "--plugins", TestPaths.Plugins, "--data", other], TestPaths.RepoRoot);

        Assert.Equal((2, 2), (check, migrate));
        Assert.Contains($"Mappen {empty} innehåller inga SocialJour-data (core.db saknas)", checkOutput, StringComparison.Ordinal);
        Assert.Contains($"Mappen {other} är inte tom men innehåller inga SocialJour-data", migrateOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(empty));
        Assert.Equal(["anteckningar.txt"], Directory.GetFileSystemEntries(other).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Version_gives_the_assemblys_version_and_commit()
    {
        var informational = FileVersionInfo.GetVersionInfo(Cli).ProductVersion!; // "1.0.0+<commit>" when built in a git checkout

        var (code, output) = await Run(Cli, ["--version"], TestPaths.RepoRoot);

        Assert.Equal(0, code);
        var parts = informational.Split('+');
        Assert.Equal(parts.Length == 2 ? $"socialjour {parts[0]} (commit {parts[1]})" : $"socialjour {informational}", output.Trim());
    }

    [Fact]
    public async Task Help_is_in_Swedish_for_the_command_line_and_for_each_command()
    {
        var (code, output) = await Run(Cli, ["--help"], TestPaths.RepoRoot);
        var (billingCode, billing) = await Run(Cli, ["billing", "--help"], TestPaths.RepoRoot);
        var (none, noneOutput) = await Run(Cli, [], TestPaths.RepoRoot);

        Assert.Equal((0, 0, 2), (code, billingCode, none));
        Assert.Contains("Användning: socialjour <kommando> [flaggor]", output, StringComparison.Ordinal);
        foreach (var command in new[] { "validate", "members", "check <kommunkod>", "plugins", "calendar <år>", "audit-verify", "migrate", "billing", "statistics" })
        {
            Assert.Contains("  " + command + " ", output, StringComparison.Ordinal);
        }

        Assert.Contains("--provider <namn>", output, StringComparison.Ordinal);
        Assert.Contains("Användning: socialjour billing [flaggor]", billing, StringComparison.Ordinal);
        Assert.Contains("--period <period>", billing, StringComparison.Ordinal);
        Assert.Contains("Kommandon:", noneOutput, StringComparison.Ordinal); // no command: the overview, exit 2
        foreach (var english in new[] { "Usage:", "Options:", "Commands:", "Description:" })
        {
            Assert.DoesNotContain(english, output + billing, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_flag_or_a_flag_without_value_is_a_Swedish_usage_error()
    {
        var (unknown, unknownOutput) = await Run(Cli, ["members", "--datum", "2021-01-01"], TestPaths.RepoRoot);
        var (missing, missingOutput) = await Run(Cli, ["members", "--date"], TestPaths.RepoRoot);
        var (command, commandOutput) = await Run(Cli, ["frobnicate"], TestPaths.RepoRoot);

        Assert.Equal((2, 2, 2), (unknown, missing, command));
        Assert.Contains("Okänd flagga '--datum' för socialjour members.", unknownOutput, StringComparison.Ordinal);
        Assert.Contains("Flaggan --date saknar värde.", missingOutput, StringComparison.Ordinal);
        Assert.Contains("Okänt kommando 'frobnicate'.", commandOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Unrecognized", unknownOutput + missingOutput + commandOutput, StringComparison.Ordinal);
    }
}
