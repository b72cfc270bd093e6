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

    [Fact]
    public void Malformed_json_is_reported_with_its_line()
    {
        using var dir = new TempDir();

        var result = Load(dir, json => json.Replace("\"Municipalities\": [", "\"Municipalities\": [[", StringComparison.Ordinal));

        Assert.False(result.Ok);
        Assert.Contains("Ogiltig JSON på rad", result.Problems[0].Message, StringComparison.Ordinal);
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
}
