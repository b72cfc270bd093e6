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

    /// <summary>The Solna source pointed at a replay server holding the given recordings (they accept any key).</summary>
    private sealed class Replay : IAsyncDisposable
    {
        private FixtureReplayServer _server = null!;
        private IContainer _container = null!;
        private readonly TempDir _dir = new();

        public IJournalAdapter Adapter { get; private set; } = null!;

        public static async Task<Replay> Of(params string[] fixtures)
        {
            var replay = new Replay { _server = await FixtureReplayServer.StartAsync(fixtures) };
            var path = DemoConfig.CopyTo(replay._dir, edit: json => json.Replace("http://127.0.0.1:5080/lifecare/solna/", replay._server.BaseUrl.ToString(), StringComparison.Ordinal));
            replay._container = CoreHarness.Build(path, replay._dir.File("data"));
            replay.Adapter = replay._container.Resolve<IJournalSources>().Get("0184")!.Adapter!;
            return replay;
        }

        public async ValueTask DisposeAsync()
        {
            _container.Dispose();
            await _server.DisposeAsync();
            _dir.Dispose();
        }
    }

    [Fact]
    public async Task Recorded_person_is_found_with_name_and_address_and_unknown_protection()
    {
        await using var replay = await Replay.Of("PersonIT__test1_getPerson__fc-person.json");

        var result = await replay.Adapter.FindPersonAsync(Anna, Context, CancellationToken.None);

        Assert.Equal(SourceStatus.Found, result.Status);
        Assert.Equal("Anna Andersson", result.Value!.Name);
        Assert.Equal("Storgatan 1", result.Value.Address!.Street);
        // The real API has no protected-identity flag in this recording: unknown, which the jour treats as protected.
        Assert.Equal(ProtectedIdentity.Unknown, result.Value.ProtectedIdentity);
    }

    [Fact]
    public async Task Recorded_404_problem_is_not_found()
    {
        await using var replay = await Replay.Of("PersonIT__test3_getPersonNotFound__fc-person.json");

        var result = await replay.Adapter.FindPersonAsync(Anna, Context, CancellationToken.None);

        Assert.Equal(SourceStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Recorded_history_is_mapped_to_the_canonical_summary()
    {
        await using var replay = await Replay.Of(
            "PersonIT__test1_getPerson__fc-person.json",
            "CaseDataIT__test2_getInvestigations__fc.json",
            "DecisionsIT__test1_allSourcesOk__fc-decisions.json",
            "CaseDataIT__test3_getServices__fc.json",
            "PersonIT__test2_getContacts__fc-contacts.json");

        var result = await replay.Adapter.GetClientHistoryAsync(Anna, Context, CancellationToken.None);

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
        await using var replay = await Replay.Of(
            "PersonIT__test1_getPerson__fc-person.json",
            "CaseDataIT__test2_getInvestigations__fc.json",
            "DecisionsIT__test2_familyCareUnavailable__fc-decisions.json",
            "CaseDataIT__test3_getServices__fc.json",
            "PersonIT__test2_getContacts__fc-contacts.json");

        var result = await replay.Adapter.GetClientHistoryAsync(Anna, Context, CancellationToken.None);

        Assert.Equal(SourceStatus.Unavailable, result.Status);
        Assert.Null(result.Value);
        Assert.Contains("500", result.Detail, StringComparison.Ordinal);
    }
}
