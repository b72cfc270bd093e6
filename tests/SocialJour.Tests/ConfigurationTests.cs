using Autofac;
using SocialJour.Core.Configuration;
using SocialJour.Core.Plugins;

namespace SocialJour.Tests;

public sealed class ConfigurationTests
{
    private static readonly FixedTime Time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private static LoadResult Load(TempDir dir, Func<string, string> edit)
    {
        using var container = CoreHarness.Build(DemoConfig.CopyTo(dir), dir.File("data"), time: Time);
        var loader = container.Resolve<JourConfigurationLoader>();
        return loader.Load(DemoConfig.CopyTo(dir, edit: edit));
    }

    [Fact]
    public void Demo_configuration_loads_with_the_eight_Nordvast_municipalities()
    {
        using var dir = new TempDir();
        using var container = CoreHarness.Build(DemoConfig.CopyTo(dir), dir.File("data"), time: Time);

        var registry = container.Resolve<IMunicipalityRegistry>();

        Assert.Equal("Socialjouren Nordväst", registry.Current.Jour.Name);
        Assert.Equal(["Ekerö", "Järfälla", "Sigtuna", "Sollentuna", "Solna", "Sundbyberg", "Upplands Väsby", "Upplands-Bro"],
            registry.MembersOn(new DateOnly(2026, 11, 22)).Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal(50273, registry.Current.Find("0191")!.PopulationAt(2021));
    }

    [Fact]
    public void Membership_on_a_date_respects_joining_and_leaving_dates()
    {
        // Sociala jouren syd: Lomma joined 2021-03-18, Staffanstorp left 2021-10-01.
        using var dir = new TempDir();
        var result = Load(dir, json => json
            .Replace("\"Code\": \"0125\", \"Name\": \"Ekerö\", \"Joined\": \"2015-01-01\"", "\"Code\": \"0125\", \"Name\": \"Ekerö\", \"Joined\": \"2021-03-18\"", StringComparison.Ordinal)
            .Replace("\"Code\": \"0123\", \"Name\": \"Järfälla\", \"Joined\": \"2015-01-01\", \"Left\": null", "\"Code\": \"0123\", \"Name\": \"Järfälla\", \"Joined\": \"2015-01-01\", \"Left\": \"2021-10-01\"", StringComparison.Ordinal));

        Assert.True(result.Ok, string.Join("; ", result.Problems));
        var c = result.Configuration!;
        Assert.DoesNotContain(c.MembersOn(new DateOnly(2021, 3, 17)), m => m.Code == "0125");
        Assert.Contains(c.MembersOn(new DateOnly(2021, 3, 18)), m => m.Code == "0125");
        Assert.Contains(c.MembersOn(new DateOnly(2021, 9, 30)), m => m.Code == "0123");
        Assert.DoesNotContain(c.MembersOn(new DateOnly(2021, 10, 1)), m => m.Code == "0123");
    }

    [Theory]
    [InlineData("\"Code\": \"0191\"", "\"Code\": \"9999\"", "Kommun 9999 (Sigtuna), fältet 'Code'")]
    [InlineData("\"Name\": \"Solna\"", "\"Name\": \"Solna stad\"", "Kommun 0184 (Solna stad), fältet 'Name'")]
    [InlineData("\"Code\": \"0123\", \"Name\": \"Järfälla\", \"Joined\": \"2015-01-01\"", "\"Code\": \"0123\", \"Name\": \"Järfälla\", \"Joined\": \"2015-13-01\"", "Kommun 0123 (Järfälla), fältet 'Joined'")]
    [InlineData("\"BaseUrl\": \"http://127.0.0.1:5080/lifecare/solna/\"", "\"BaseUrl\": \"not a url\"", "Kommun 0184 (Solna), fältet 'JournalSystem.BaseUrl'")]
    [InlineData("\"Key\": \"file:secrets/ekero-lifecare.key\"", "\"Key\": \"demo-lifecare-ekero-7f3a\"", "Kommun 0125 (Ekerö), fältet 'JournalSystem.Settings.Key'")]
    [InlineData("\"Key\": \"file:secrets/ekero-lifecare.key\"", "\"Key\": \"file:secrets/missing.key\"", "Kommun 0125 (Ekerö), fältet 'JournalSystem.Settings.Key'")]
    [InlineData("\"Domain\": \"sigtuna\", ", "", "Kommun 0191 (Sigtuna), fältet 'JournalSystem.Settings.Domain'")]
    [InlineData("\"2021\": 50273", "\"2021\": -5", "Kommun 0191 (Sigtuna), fältet 'Population.2021'")]
    [InlineData("\"Friday\": \"14:00\"", "\"Friday\": \"14\"", "Fältet 'Jour.OpeningHours.Friday'")]
    [InlineData("\"TimeZone\": \"Europe/Stockholm\"", "\"TimeZone\": \"Mars/Olympus\"", "Fältet 'Jour.TimeZone'")]
    [InlineData("\"Phone\": \"070-123 45 67\" }, { \"Name\": \"Per Holm\"", "\"Phone\": \"\" }, { \"Name\": \"Per Holm\"", "Kommun 0191 (Sigtuna), fältet 'EmergencyDecisionMakers[0].Phone'")]
    [InlineData("{ \"Name\": \"Per Holm\"", "{ \"Name\": \"karin ek\"", "Kommun 0191 (Sigtuna), fältet 'EmergencyDecisionMakers[1].Name'")]
    public void An_invalid_field_is_reported_with_the_municipality_and_the_field(string find, string replace, string expected)
    {
        using var dir = new TempDir();

        var result = Load(dir, json =>
        {
            Assert.Contains(find, json, StringComparison.Ordinal);
            return json.Replace(find, replace, StringComparison.Ordinal);
        });

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    /// <summary>Issue 25 §6: an invalid BaseUrl of the host municipality also said "värdkommunen 0191 finns inte bland kommunerna".</summary>
    [Fact]
    public void An_invalid_field_of_the_host_municipality_is_reported_as_that_field_not_as_a_missing_host()
    {
        using var dir = new TempDir();

        var result = Load(dir, json => json.Replace("\"BaseUrl\": \"http://127.0.0.1:5080/lifecare/sigtuna/\"", "\"BaseUrl\": \"inte en adress\"", StringComparison.Ordinal));

        Assert.False(result.Ok);
        var problem = Assert.Single(result.Problems);
        Assert.StartsWith("Kommun 0191 (Sigtuna), fältet 'JournalSystem.BaseUrl'", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Problems, p => p.ToString().Contains("finns inte bland kommunerna", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_json_is_reported_with_its_line()
    {
        using var dir = new TempDir();

        var result = Load(dir, json => json.Replace("\"Municipalities\": [", "\"Municipalities\": [[", StringComparison.Ordinal));

        Assert.False(result.Ok);
        Assert.Contains("Ogiltig JSON på rad", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"Name\": \"Sigtuna\",", "\"Name\": \"Sigtuna\"", "kommatecken saknas")]
    [InlineData("\"Name\": \"Sigtuna\"", "'Name': 'Sigtuna'", "dubbla citattecken")]
    [InlineData("\"Left\": null", "\"Left\": NULL", "små bokstäver")]
    public void A_json_mistake_is_explained_in_swedish_with_its_line_and_column_without_the_parsers_english(string from, string to, string expected)
    {
        using var dir = new TempDir();

        var result = Load(dir, json => ReplaceFirst(json, from, to));

        Assert.False(result.Ok);
        var message = result.Problems[0].Message;
        Assert.Matches(@"^Ogiltig JSON på rad \d+, tecken \d+: ", message);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?i)expected|invalid|is not|LineNumber|BytePosition", message.Split(" Raden: ")[0]);
    }

    [Fact]
    public void A_configuration_file_cut_short_says_a_closing_bracket_is_missing()
    {
        using var dir = new TempDir();

        var result = Load(dir, json => json[..(json.Length / 2)]);

        Assert.Contains("tar slut för tidigt", result.Problems[0].Message, StringComparison.Ordinal);
    }

    private static string ReplaceFirst(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, from);
        return text[..at] + to + text[(at + from.Length)..];
    }

    [Fact]
    public void A_valid_edit_takes_effect_without_restart()
    {
        using var dir = new TempDir();
        var path = DemoConfig.CopyTo(dir);
        using var container = CoreHarness.Build(path, dir.File("data"), time: TimeProvider.System, watch: true);
        var registry = container.Resolve<IMunicipalityRegistry>();
        using var changed = new ManualResetEventSlim();
        registry.Changed += (_, _) => changed.Set();

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Code\": \"0114\", \"Name\": \"Upplands Väsby\", \"Joined\": \"2015-01-01\", \"Left\": null",
            "\"Code\": \"0114\", \"Name\": \"Upplands Väsby\", \"Joined\": \"2015-01-01\", \"Left\": \"2026-01-01\"", StringComparison.Ordinal));

        Assert.True(changed.Wait(TimeSpan.FromSeconds(10)), "the file watcher did not reload the configuration");
        Assert.DoesNotContain(registry.MembersOn(new DateOnly(2026, 11, 22)), m => m.Code == "0114");
        Assert.Empty(registry.RejectedProblems);
    }

    [Fact]
    public void An_invalid_edit_is_rejected_and_the_previous_configuration_stays_in_force()
    {
        using var dir = new TempDir();
        var path = DemoConfig.CopyTo(dir);
        using var container = CoreHarness.Build(path, dir.File("data"), time: Time);
        var registry = container.Resolve<IMunicipalityRegistry>();
        var before = registry.Current;

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Code\": \"0163\"", "\"Code\": \"01X3\"", StringComparison.Ordinal));
        var result = registry.Reload();

        Assert.False(result.Ok);
        Assert.Same(before, registry.Current);
        Assert.Contains(registry.RejectedProblems, p => p.MunicipalityCode == "01X3" && p.Field == "Code");
        Assert.Equal(8, registry.MembersOn(new DateOnly(2026, 11, 22)).Count);
    }

    [Fact]
    public void Moving_a_municipality_to_another_adapter_rebuilds_only_its_source()
    {
        using var dir = new TempDir();
        var path = DemoConfig.CopyTo(dir);
        using var container = CoreHarness.Build(path, dir.File("data"), time: Time);
        var sources = container.Resolve<IJournalSources>();
        var solnaBefore = sources.Get("0184")!.Adapter;
        var sigtunaBefore = sources.Get("0191")!.Adapter;

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Domain\": \"solna\"", "\"Domain\": \"solna2\"", StringComparison.Ordinal));
        Assert.True(container.Resolve<IMunicipalityRegistry>().Reload().Ok);

        Assert.NotSame(solnaBefore, sources.Get("0184")!.Adapter);
        Assert.Same(sigtunaBefore, sources.Get("0191")!.Adapter);
    }

    [Fact]
    public void Secrets_are_never_written_to_the_log()
    {
        using var dir = new TempDir();
        var logs = new CapturingLoggerProvider();
        var path = DemoConfig.CopyTo(dir);
        using var container = CoreHarness.Build(path, dir.File("data"), time: Time, logs: logs);
        container.Resolve<IJournalSources>();

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Key\": \"file:secrets/ekero-lifecare.key\"", "\"Key\": \"demo-lifecare-ekero-7f3a\"", StringComparison.Ordinal));
        container.Resolve<IMunicipalityRegistry>().Reload();

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("demo-lifecare", StringComparison.Ordinal));
    }

    [Fact]
    public void An_adapter_name_with_a_typo_is_rejected_naming_the_municipality_the_field_and_the_installed_adapters()
    {
        using var dir = new TempDir();

        // Solna's system, misspelt: it used to pass and show as "Avstängd".
        var result = Load(dir, json => json.Replace("\"Adapter\": \"Lifecare\", \"BaseUrl\": \"http://127.0.0.1:5080/lifecare/solna/\"",
            "\"Adapter\": \"Lifcare\", \"BaseUrl\": \"http://127.0.0.1:5080/lifecare/solna/\"", StringComparison.Ordinal));

        Assert.False(result.Ok);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(("0184", "Solna", "JournalSystem.Adapter"), (problem.MunicipalityCode, problem.MunicipalityName, problem.Field));
        Assert.StartsWith("Kommun 0184 (Solna), fältet 'JournalSystem.Adapter': 'Lifcare' är ingen känd adapter (menar du Lifecare?)", problem.ToString(), StringComparison.Ordinal);
        // The installed journal-system plugins, read from the plugin folders; the population register (Navet) is not one of them.
        Assert.EndsWith("Kända journalsystemadaptrar: Combine, Lifecare, Procapita, Treserva, Viva", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_adapter_name_is_rejected_on_reload_and_the_previous_configuration_stays_in_force()
    {
        using var dir = new TempDir();
        var path = DemoConfig.CopyTo(dir);
        using var container = CoreHarness.Build(path, dir.File("data"), time: Time);
        var registry = container.Resolve<IMunicipalityRegistry>();

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Adapter\": \"Viva\"", "\"Adapter\": \"Pulsen\"", StringComparison.Ordinal));
        var result = registry.Reload();

        Assert.False(result.Ok);
        Assert.Contains(registry.RejectedProblems, p => p.MunicipalityCode == "0114" && p.Field == "JournalSystem.Adapter"
            && p.Message.StartsWith("'Pulsen' är ingen känd adapter. Kända journalsystemadaptrar: Combine, Lifecare", StringComparison.Ordinal));
        Assert.Equal("Viva", registry.Current.Find("0114")!.JournalSystem.Adapter);
        Assert.True(container.Resolve<IJournalSources>().Get("0114")!.Enabled);
    }

    [Fact]
    public void The_population_registers_adapter_is_not_accepted_as_a_journal_system()
    {
        using var dir = new TempDir();

        var result = Load(dir, json => json.Replace("\"Adapter\": \"Viva\"", "\"Adapter\": \"Navet\"", StringComparison.Ordinal));

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.ToString().StartsWith("Kommun 0114 (Upplands Väsby), fältet 'JournalSystem.Adapter': 'Navet' är folkbokföringens adapter, inget journalsystem", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rejected_edit_names_what_is_wrong_and_every_change_in_it_that_was_not_applied_either()
    {
        using var dir = new TempDir();
        var path = DemoConfig.CopyTo(dir);
        using var container = CoreHarness.Build(path, dir.File("data"), time: Time);
        var registry = container.Resolve<IMunicipalityRegistry>();
        var solnaBefore = registry.Current.Find("0184")!.JournalSystem.BaseUrl;

        // One edit: a good fix for Solna's address and a typo in Sigtuna's adapter.
        File.WriteAllText(path, File.ReadAllText(path)
            .Replace("http://127.0.0.1:5080/lifecare/solna/", "http://127.0.0.1:5080/lifecare/solna2/", StringComparison.Ordinal)
            .Replace("\"Adapter\": \"Lifecare\", \"BaseUrl\": \"http://127.0.0.1:5080/lifecare/sigtuna/\"", "\"Adapter\": \"Lifcare\", \"BaseUrl\": \"http://127.0.0.1:5080/lifecare/sigtuna/\"", StringComparison.Ordinal));
        Assert.False(registry.Reload().Ok);

        // Nothing of it applies (the file is used whole or not at all) ...
        Assert.Equal(solnaBefore, registry.Current.Find("0184")!.JournalSystem.BaseUrl);
        Assert.Equal("Lifecare", registry.Current.Find("0191")!.JournalSystem.Adapter);
        // ... what is wrong is named, and so is the good fix that therefore is not in force either.
        var problem = Assert.Single(registry.RejectedProblems);
        Assert.Equal(("0191", "JournalSystem.Adapter"), (problem.MunicipalityCode, problem.Field));
        Assert.Equal(["Kommun 0184 (Solna): JournalSystem.BaseUrl", "Kommun 0191 (Sigtuna): JournalSystem.Adapter"],
            registry.RejectedChanges.Select(c => c.ToString()).Order(StringComparer.Ordinal));

        // Corrected: the whole edit takes effect and nothing is pending.
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Adapter\": \"Lifcare\"", "\"Adapter\": \"Lifecare\"", StringComparison.Ordinal));
        Assert.True(registry.Reload().Ok);
        Assert.Equal("http://127.0.0.1:5080/lifecare/solna2/", registry.Current.Find("0184")!.JournalSystem.BaseUrl!.ToString());
        Assert.Empty(registry.RejectedChanges);
        Assert.Empty(registry.RejectedProblems);
    }
}
