using Autofac;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Configuration;
using SocialJour.Core.Plugins;

namespace SocialJour.Tests;

/// <summary>The Lifecare plugin, loaded as in production, against the vendor's recorded answers.</summary>
public sealed class LifecareAdapterTests
{
    private static readonly PersonId Anna = new("199001011234");
    private static readonly LookupContext Context = new("anna", "J-2026-0001", "Test");

    private static async Task<(IContainer Container, IJournalAdapter Adapter, TempDir Dir)> AdapterAgainst(FixtureReplayServer server)
    {
        var dir = new TempDir();
        // Point Solna at the replay server; the recordings take any key.
        var path = DemoConfig.CopyTo(dir, edit: json => json.Replace("http://127.0.0.1:5080/lifecare/solna/", server.BaseUrl.ToString(), StringComparison.Ordinal));
        var container = CoreHarness.Build(path, dir.File("data"));
        var adapter = container.Resolve<IJournalSources>().Get("0184")!.Adapter!;
        await Task.CompletedTask;
        return (container, adapter, dir);
    }

    [Fact]
    public async Task Recorded_person_is_found_with_name_and_address_and_unknown_protection()
    {
        await using var server = await FixtureReplayServer.StartAsync("PersonIT__test1_getPerson__fc-person.json");
        var (container, adapter, dir) = await AdapterAgainst(server);
        using var _ = container;
        using var __ = dir;

        var result = await adapter.FindPersonAsync(Anna, Context, CancellationToken.None);

        Assert.Equal(SourceStatus.Found, result.Status);
        Assert.Equal("Anna Andersson", result.Value!.Name);
        Assert.Equal("Storgatan 1", result.Value.Address!.Street);
        // The real API has no protected-identity flag in this recording: unknown, which the jour treats as protected.
        Assert.Equal(ProtectedIdentity.Unknown, result.Value.ProtectedIdentity);
    }

    [Fact]
    public async Task Recorded_404_problem_is_not_found()
    {
        await using var server = await FixtureReplayServer.StartAsync("PersonIT__test3_getPersonNotFound__fc-person.json");
        var (container, adapter, dir) = await AdapterAgainst(server);
        using var _ = container;
        using var __ = dir;

        var result = await adapter.FindPersonAsync(Anna, Context, CancellationToken.None);

        Assert.Equal(SourceStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Recorded_history_is_mapped_to_the_canonical_summary()
    {
        await using var server = await FixtureReplayServer.StartAsync(
            "PersonIT__test1_getPerson__fc-person.json",
            "CaseDataIT__test2_getInvestigations__fc.json",
            "DecisionsIT__test1_allSourcesOk__fc-decisions.json",
            "CaseDataIT__test3_getServices__fc.json",
            "PersonIT__test2_getContacts__fc-contacts.json");
        var (container, adapter, dir) = await AdapterAgainst(server);
        using var _ = container;
        using var __ = dir;

        var result = await adapter.GetClientHistoryAsync(Anna, Context, CancellationToken.None);

        Assert.Equal(SourceStatus.Found, result.Status);
        var h = result.Value!;
        var investigation = Assert.Single(h.OpenCases);
        Assert.Equal(("801", "Utredning", "Utredare"), (investigation.Id, investigation.Type, investigation.Caseworker));
        var decision = Assert.Single(h.Decisions);
        Assert.Equal(("Ekonomiskt bistånd", new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 31)), (decision.Type, decision.From!.Value, decision.To!.Value));
        Assert.Empty(h.Placements); // "Insats" is not a placement
        Assert.Contains(h.Caseworkers, c => c.Name == "Utredare");
        Assert.DoesNotContain(h.Caseworkers, c => c.Name == "Bertil Berg"); // a relative, not a caseworker
    }

    [Fact]
    public async Task Recorded_500_on_decisions_makes_the_whole_source_unavailable_never_a_partial_answer()
    {
        await using var server = await FixtureReplayServer.StartAsync(
            "PersonIT__test1_getPerson__fc-person.json",
            "CaseDataIT__test2_getInvestigations__fc.json",
            "DecisionsIT__test2_familyCareUnavailable__fc-decisions.json",
            "CaseDataIT__test3_getServices__fc.json",
            "PersonIT__test2_getContacts__fc-contacts.json");
        var (container, adapter, dir) = await AdapterAgainst(server);
        using var _ = container;
        using var __ = dir;

        var result = await adapter.GetClientHistoryAsync(Anna, Context, CancellationToken.None);

        Assert.Equal(SourceStatus.Unavailable, result.Status);
        Assert.Null(result.Value);
        Assert.Contains("500", result.Detail, StringComparison.Ordinal);
    }
}
