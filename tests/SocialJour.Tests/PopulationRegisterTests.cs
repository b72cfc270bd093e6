using Autofac;
using Microsoft.Extensions.Configuration;
using SocialJour.Adapters.Contract;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests;

/// <summary>The population register (a plugin like the journal systems, served by the simulator) at intake.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class PopulationRegisterTests(SimulatorFixture simulator) : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private IContainer? _container;

    private IIntakeModule Intake => _container!.Resolve<IIntakeModule>();

    public Task InitializeAsync()
    {
        _container = CoreHarness.Build(DemoConfig.CopyTo(_dir, simulator.BaseUrl, simulatorHttps: simulator.HttpsUrl),
            new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, _dir.File("data"), null), withModules: true);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => simulator.ClearFaultsAsync();

    public void Dispose()
    {
        _container?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Each_identified_person_is_checked_name_age_and_home_municipality_shown_protection_respected()
    {
        var registered = await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.SosAlarm, null, null, "Våld i hemmet",
        [
            new PersonConcerned("19851130-2385", null, null, "0184", CaseCategory.DomesticViolence),
            new PersonConcerned("20100315-2384", null, null, "0184", CaseCategory.DomesticViolence),
            new PersonConcerned(null, "Lillebror", 3, "0184", CaseCategory.ChildrenAndYouth),
        ]), "anna", CancellationToken.None);

        var sara = registered.Cases[0].Register!;
        Assert.Equal(("Found", "Sara Nilsson", true), (sara.Status, sara.Name, sara.Protected));
        var maja = registered.Cases[1].Register!;
        Assert.Equal(("Found", "Maja Lindberg", "0191", false), (maja.Status, maja.Name, maja.MunicipalityCode, maja.Protected));
        Assert.InRange(maja.Age!.Value, 16, 17);
        Assert.Null(registered.Cases[2].Register); // unidentified: nothing to check
        Assert.Equal(maja, (await Intake.FindCaseAsync(registered.Cases[1].Id, CancellationToken.None))!.Register);
    }

    [Fact]
    public async Task A_valid_number_that_is_not_in_the_register_says_so_so_that_a_mistyped_sibling_number_is_caught()
    {
        var check = await Intake.CheckIdentityAsync(new IdentityCheckRequest("20100315-2376", Purpose: IdentityCheckRequest.ContactRegistration), "anna", CancellationToken.None);

        Assert.Equal("NotFound", check.Status);
        Assert.Equal("identityNumber", (await Assert.ThrowsAsync<ValidationException>(() => Intake.CheckIdentityAsync(new IdentityCheckRequest("20100315-2385", Purpose: IdentityCheckRequest.ContactRegistration), "anna", CancellationToken.None))).Field);
    }

    [Fact]
    public async Task A_register_that_is_down_never_stops_a_registration()
    {
        await simulator.SetFaultAsync("navet", "navet", new { ErrorRate = 1.0 });

        var registered = await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
            [new PersonConcerned("20100315-2384", null, null, "0191", CaseCategory.ChildrenAndYouth)]), "anna", CancellationToken.None);

        Assert.Equal("Unavailable", registered.Cases[0].Register!.Status);
        Assert.Single(await Intake.OpenCasesAsync(CancellationToken.None));
    }

    /// <summary>Issue 25 §6: a hanging register held every registration for its whole timeout. Saved first; the check follows.</summary>
    [Fact]
    public async Task A_hanging_register_never_holds_up_a_registration_and_its_answer_reaches_the_case_when_it_comes()
    {
        using var dir = new TempDir();
        using var c = CoreHarness.Build(DemoConfig.CopyTo(dir, simulator.BaseUrl, simulatorHttps: simulator.HttpsUrl),
            new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, dir.File("data"), null), withModules: true,
            configure: b => b.RegisterInstance(new SocialJour.Modules.Intake.Identity.RegisterCheckWait(TimeSpan.FromMilliseconds(100))));
        var intake = c.Resolve<IIntakeModule>();
        await simulator.SetFaultAsync("navet", "navet", new { Hang = true });

        var registered = await intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
            [new PersonConcerned("20100315-2384", null, null, "0191", CaseCategory.ChildrenAndYouth)]), "anna", CancellationToken.None);

        // Answered before the register did (its answer would have been a time-out), saved, and treated as protected meanwhile.
        var pending = registered.Cases[0].Register!;
        Assert.Equal("Pending", pending.Status);
        Assert.True(pending.Protected);
        Assert.Equal(registered.Cases[0].Id, Assert.Single(await intake.OpenCasesAsync(CancellationToken.None)).Id);

        // The register's own deadline ends the check; its answer is written to the case.
        IdentityCheck? after = null;
        for (var i = 0; i < 600 && (after is null || after.Status == "Pending"); i++)
        {
            await Task.Delay(100);
            after = (await intake.FindCaseAsync(registered.Cases[0].Id, CancellationToken.None))!.Register;
        }

        Assert.Equal("TimedOut", after!.Status);
        Assert.True(after.Protected);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("31")]
    public void A_register_wait_that_is_not_0_to_30_seconds_stops_the_start_naming_the_setting(string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SocialJour:Intake:RegisterCheckWaitSeconds"] = value }).Build();

        var e = Assert.Throws<InvalidOperationException>(() => SocialJour.Modules.Intake.Identity.RegisterCheckWait.From(configuration));

        Assert.Contains("SocialJour:Intake:RegisterCheckWaitSeconds", e.Message, StringComparison.Ordinal);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configured_register_the_check_says_so_instead_of_pretending()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, simulator.BaseUrl, edit: j => System.Text.RegularExpressions.Regex.Replace(j, "\"PopulationRegister\": \\{[^}]*\\{[^}]*\\}\\s*\\},", ""));
        using var c = CoreHarness.Build(config, dir.File("data"));

        var answer = await c.Resolve<IPopulationRegisterLookup>().FindAsync("201003152384", "anna", CancellationToken.None);

        Assert.Equal(SourceStatus.Disabled, answer.Status);
        Assert.Contains("Ingen folkbokföringskälla", answer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_register_secret_written_inline_is_refused_naming_the_field()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, edit: j => j.Replace("\"ApiKey\": \"file:secrets/navet.key\"", "\"ApiKey\": \"demo-navet-key\"", StringComparison.Ordinal));
        var loader = new JourConfigurationLoader(_ => null, TimeProvider.System);

        var result = loader.Load(config);

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.ToString().StartsWith("Fältet 'PopulationRegister.Settings.ApiKey'", StringComparison.Ordinal));
    }
}
