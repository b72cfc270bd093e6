using System.Text.Json;
using Autofac;
using Microsoft.Data.Sqlite;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup;
using SocialJour.Modules.Lookup.Contracts;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests;

/// <summary>The cross-municipality look-up against the real simulator, real plugins and real SQLite.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class LookupTests(SimulatorFixture simulator) : IAsyncLifetime
{
    private const string Maja = "201003152384";    // LVU placement in Sigtuna, known in Järfälla
    private const string Ebba = "201107222380";    // SoL placement in Järfälla
    private const string Sara = "198511302385";    // protected identity (Solna, Sundbyberg)
    private const string Liam = "200604082388";    // protection not recorded (Ekerö)
    private const string SaraStreet = "Hemliga gatan 12";
    private const string SaraPlacement = "Skyddat boende (adress skyddad)";
    private const string LiamStreet = "Ängsvägen 3";
    private static readonly LookupOptions FastOptions = LookupOptions.Default with { SourceTimeout = TimeSpan.FromSeconds(1.5), OverallDeadline = TimeSpan.FromSeconds(2.5) };
    private readonly List<(IContainer Container, TempDir Dir)> _built = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await simulator.ClearFaultsAsync();
        foreach (var (c, d) in _built)
        {
            await c.DisposeAsync();
            d.Dispose();
        }
    }

    public static TheoryData<string, string, SourceStatus> FaultMatrix()
    {
        var data = AdapterContractTests.FaultMatrix();
        foreach (var adapter in AdapterProfiles.All)
        {
            data.Add(adapter, "{\"Hang\":true}", SourceStatus.TimedOut);
        }

        return data;
    }

    [Fact]
    public async Task A_case_bound_look_up_merges_every_member_and_puts_current_placements_and_their_legal_basis_first()
    {
        var (c, _) = Build();
        var jourCase = await OpenCaseAsync(c, Maja, "0191");

        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", "20100315-2384", jourCase, "Skyddsbedömning", null), CancellationToken.None);

        Assert.True(r.Complete);
        Assert.Empty(r.Missing);
        Assert.Equal(8, r.Sources.Count);
        Assert.Equal(["0123", "0191"], r.Sources.Where(s => s.Status == SourceStatus.Found).Select(s => s.MunicipalityCode).Order());
        Assert.All(r.Sources, s => Assert.NotNull(s.FetchedAt));
        Assert.Equal("Maja Lindberg", r.Name);
        var first = r.Placements[0];
        Assert.True(first.Current);
        Assert.Equal(LegalBasis.LVU, first.LegalBasis);
        Assert.Equal("0191", first.MunicipalityCode);
        Assert.Contains(r.Caseworkers, w => w.Phone is not null);
        Assert.Contains(r.JourCases, j => j.Id == jourCase);

        var log = await c.Resolve<IAccessLog>().ForPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var check = Assert.Single(log, e => e.Kind == AccessKind.RegisterCheck); // Maja's number checked against the register at registration
        Assert.Equal((Maja, "Registrering av kontakt"), (check.PersonId, check.Purpose));
        var entry = Assert.Single(log, e => e.Kind != AccessKind.RegisterCheck);
        Assert.Equal(r.AccessLogSequence, entry.Sequence);
        Assert.Equal((AccessKind.Lookup, "anna", Maja, jourCase, "Skyddsbedömning"), (entry.Kind, entry.UserId, entry.PersonId, entry.JourCaseId, entry.Purpose));
        Assert.Equal(r.Sources.Select(s => (s.MunicipalityCode, s.Status)).Order(), entry.Sources.Select(s => (s.MunicipalityCode, s.Status)).Order());
    }

    [Theory]
    [MemberData(nameof(FaultMatrix))]
    public async Task Each_fault_of_each_adapter_shows_as_that_sources_status_and_the_answer_is_marked_incomplete(string adapter, string fault, SourceStatus expected)
    {
        var dir = new TempDir();
        var c = CoreHarness.Build(AdapterProfiles.ConfigWith(dir, simulator, "0123", adapter), new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, dir.File("data"), null),
            withModules: true, lookup: FastOptions);
        _built.Add((c, dir));
        // The periodic check ran while all was well; the fault comes after it (a licence lost at 01:59, a check at 01:58).
        var before = await c.Resolve<Core.Health.IAdapterHealthMonitor>().CheckAsync("0123", CancellationToken.None);
        Assert.Equal(SourceStatus.Found, before.Status);
        await simulator.SetFaultAsync(AdapterProfiles.SimulatorProfile(adapter), "jarfalla", JsonDocument.Parse(fault).RootElement);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", Maja, null, null, "Akut, polisen väntar på besked"), CancellationToken.None);

        var jarfalla = r.Sources.Single(s => s.MunicipalityCode == "0123");
        Assert.Equal(expected, jarfalla.Status);
        Assert.False(r.Complete);
        Assert.Equal("0123", Assert.Single(r.Missing).MunicipalityCode);
        Assert.False(string.IsNullOrWhiteSpace(jarfalla.Detail));
        Assert.Equal(SourceStatus.Found, r.Sources.Single(s => s.MunicipalityCode == "0191").Status);
        Assert.True(started.Elapsed < FastOptions.OverallDeadline + TimeSpan.FromSeconds(1.5), $"answer took {started.Elapsed}");
        var logged = Assert.Single(await c.Resolve<SocialJour.Modules.Lookup.AccessLogExtracts>().EntriesAsync("0123", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Equal(expected, logged.Sources.Single(s => s.MunicipalityCode == "0123").Status);
    }

    [Theory]
    [InlineData("Combine")]
    [InlineData("Lifecare")]
    [InlineData("Procapita")]
    [InlineData("Treserva")]
    [InlineData("Viva")]
    public async Task A_person_unknown_to_a_system_is_no_records_every_time_never_an_invalid_answer(string adapter)
    {
        var dir = new TempDir();
        var c = CoreHarness.Build(AdapterProfiles.ConfigWith(dir, simulator, "0139", adapter), dir.File("data"));
        _built.Add((c, dir));
        var source = c.Resolve<Core.Plugins.IJournalSources>().Get("0139")!.Adapter!;
        for (var i = 0; i < 15; i++)
        {
            var r = await source.GetClientHistoryAsync(new PersonId(Maja), new LookupContext("anna", "J1", "test"), CancellationToken.None);
            Assert.Equal(SourceStatus.NotFound, r.Status);
        }
    }

    [Fact]
    public async Task A_hanging_source_times_out_at_its_own_limit_and_the_rest_answer()
    {
        var (c, _) = Build(FastOptions);
        await simulator.SetFaultAsync("lifecare", "ekero", new { Hang = true });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", Liam, null, null, "Akut, barnet hittat ensamt ute"), CancellationToken.None);

        Assert.InRange(watch.Elapsed, FastOptions.SourceTimeout - TimeSpan.FromMilliseconds(100), FastOptions.SourceTimeout + TimeSpan.FromSeconds(1));
        var ekero = r.Sources.Single(s => s.MunicipalityCode == "0125");
        Assert.Equal(SourceStatus.TimedOut, ekero.Status);
        Assert.Contains("1,5 s", ekero.Detail!.Replace('.', ','), StringComparison.Ordinal);
        Assert.False(r.Complete);
        Assert.Equal(7, r.Sources.Count(s => s.Answered));
    }

    [Fact]
    public async Task The_overall_deadline_cuts_off_sources_whose_own_limit_is_longer()
    {
        var (c, _) = Build(LookupOptions.Default with { SourceTimeout = TimeSpan.FromSeconds(3), OverallDeadline = TimeSpan.FromSeconds(1) });
        await simulator.SetFaultAsync("procapita", "sollentuna", new { Hang = true });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", Ebba, null, null, "Akut, tidsgränsprov"), CancellationToken.None);

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2));
        var sollentuna = r.Sources.Single(s => s.MunicipalityCode == "0163");
        Assert.Equal(SourceStatus.TimedOut, sollentuna.Status);
        Assert.Contains("sökningens tidsgräns", sollentuna.Detail, StringComparison.Ordinal);
        Assert.Equal("0163", Assert.Single(r.Missing).MunicipalityCode);
    }

    [Fact]
    public async Task Protected_identity_hides_address_and_placement_location_until_opened_with_a_logged_reason()
    {
        var logs = new CapturingLoggerProvider();
        var (c, _) = Build(logs: logs);
        var lookup = Lookup(c);

        var r = await lookup.LookupAsync(new LookupRequest("anna", Sara, null, null, "Polisen begär besked om skyddat boende"), CancellationToken.None);

        Assert.Equal(ProtectedIdentity.Yes, r.ProtectedIdentity);
        Assert.True(r.AddressesHidden);
        Assert.Empty(r.Addresses);
        var placement = Assert.Single(r.Placements);
        Assert.Null(placement.Location);
        Assert.True(placement.LocationHidden);
        var json = JsonSerializer.Serialize(r);
        Assert.DoesNotContain(SaraStreet, json, StringComparison.Ordinal);
        Assert.DoesNotContain(SaraPlacement, json, StringComparison.Ordinal);
        Assert.Equal(json, JsonSerializer.Serialize(await lookup.RecentAsync(r.LookupId, "anna", CancellationToken.None)));
        Assert.Null(await lookup.RecentAsync(r.LookupId, "erik", CancellationToken.None));

        var noReason = await Assert.ThrowsAsync<LookupRejectedException>(() => lookup.RevealAsync(r.LookupId, "anna", "  ", CancellationToken.None));
        Assert.Contains("skälet", noReason.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<LookupRejectedException>(() => lookup.RevealAsync(r.LookupId, "erik", "Annan användare försöker", CancellationToken.None));

        var opened = await lookup.RevealAsync(r.LookupId, "anna", "Hembesök beslutat, adress behövs", CancellationToken.None);
        Assert.True(opened.Revealed);
        Assert.False(opened.AddressesHidden);
        Assert.Equal(SaraPlacement, Assert.Single(opened.Placements).Location);
        var entries = await c.Resolve<IAccessLog>().ForPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal([AccessKind.EmergencyLookup, AccessKind.RevealProtected], entries.Select(e => e.Kind));
        Assert.Equal("Hembesök beslutat, adress behövs", entries[1].Reason);

        // Nothing of the person reaches a log: not the number, not the address, not the name.
        foreach (var secret in new[] { Sara, "19851130-2385", SaraStreet, SaraPlacement, "Sara Nilsson" })
        {
            Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }

        Assert.NotEmpty(logs.Lines);
    }

    [Fact]
    public async Task Unknown_protection_counts_as_protected_and_so_does_a_source_that_could_not_say()
    {
        var (c, _) = Build(FastOptions);

        var liam = await Lookup(c).LookupAsync(new LookupRequest("anna", Liam, null, null, "Okänd skyddsstatus, akut"), CancellationToken.None);
        Assert.Equal(ProtectedIdentity.Unknown, liam.ProtectedIdentity);
        Assert.True(liam.AddressesHidden);
        Assert.DoesNotContain(LiamStreet, JsonSerializer.Serialize(liam), StringComparison.Ordinal);
        var opened = await Lookup(c).RevealAsync(liam.LookupId, "anna", "Hembesök hos pojken beslutat", CancellationToken.None);
        Assert.Contains(opened.Addresses, a => a.Street == LiamStreet);

        // Ebba is recorded as not protected, but with one member not answering nobody can say so for certain.
        var complete = await Lookup(c).LookupAsync(new LookupRequest("anna", Ebba, null, null, "Akut, polisen på plats"), CancellationToken.None);
        Assert.Equal(ProtectedIdentity.No, complete.ProtectedIdentity);
        Assert.NotEmpty(complete.Addresses);
        await simulator.SetFaultAsync("viva", "upplandsvasby", new { ErrorRate = 1.0 });
        var partial = await Lookup(c).LookupAsync(new LookupRequest("anna", Ebba, null, null, "Akut, polisen på plats"), CancellationToken.None);
        Assert.Equal(ProtectedIdentity.Unknown, partial.ProtectedIdentity);
        Assert.True(partial.AddressesHidden);
        Assert.Empty(partial.Addresses);
    }

    [Fact]
    public async Task A_protection_marking_only_the_population_register_knows_still_hides_the_address()
    {
        var (c, _) = Build();

        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", "201205062381", null, null, "Akut, flickan hittad ensam"), CancellationToken.None);

        Assert.Equal(SourceStatus.Found, r.Sources.Single(s => s.MunicipalityCode == "0183").Status);
        Assert.Equal(ProtectedIdentity.Yes, r.ProtectedIdentity);
        Assert.True(r.AddressesHidden);
        Assert.DoesNotContain("Vinkelvägen", JsonSerializer.Serialize(r), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Need_to_know_a_look_up_without_an_open_case_and_purpose_or_an_emergency_reason_is_refused_and_logs_nothing()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 21, 1, 30, 0, TimeSpan.FromHours(1)));
        var (c, _) = Build(time: time);
        var lookup = Lookup(c);
        var open = await OpenCaseAsync(c, Maja, "0191");
        var closed = await OpenCaseAsync(c, "197806142399", "0114");
        await c.Resolve<IIntakeModule>().CloseCaseAsync(closed, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None);

        async Task<string> Refused(LookupRequest request) =>
            (await Assert.ThrowsAsync<LookupRejectedException>(() => lookup.LookupAsync(request, CancellationToken.None))).Field;

        Assert.Equal("jourCaseId", await Refused(new("anna", Maja, null, null, null)));
        Assert.Equal("jourCaseId", await Refused(new("anna", Maja, "J999", "Skyddsbedömning", null)));
        Assert.Equal("jourCaseId", await Refused(new("anna", Maja, closed, "Skyddsbedömning", null)));
        Assert.Equal("purpose", await Refused(new("anna", Maja, open, " ", null)));
        Assert.Equal("emergencyReason", await Refused(new("anna", Maja, null, null, "akut")));
        Assert.Equal("jourCaseId", await Refused(new("anna", Maja, open, "Skyddsbedömning", "Både ärende och nödöppning")));
        Assert.Equal("identityNumber", await Refused(new("anna", "20100315-2385", open, "Skyddsbedömning", null)));
        Assert.Equal("identityNumber", await Refused(new("anna", "", open, "Skyddsbedömning", null)));
        Assert.All(await c.Resolve<IAccessLog>().ForPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue), e => Assert.Equal(AccessKind.RegisterCheck, e.Kind));
    }

    [Fact]
    public async Task An_emergency_opening_is_time_limited_personal_and_on_the_unit_managers_follow_up_list_until_reviewed()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 21, 1, 30, 0, TimeSpan.FromHours(1)));
        var (c, _) = Build(time: time);
        var lookup = Lookup(c);

        var first = await lookup.LookupAsync(new LookupRequest("anna", Maja, null, null, "Polisen har hittat flickan ensam ute"), CancellationToken.None);
        var opening = first.EmergencyOpening!;
        Assert.Equal(TimeSpan.FromMinutes(60), opening.ExpiresAt - opening.OpenedAt);

        time.Now = time.Now.AddMinutes(30);
        var again = await lookup.LookupAsync(new LookupRequest("anna", Maja, null, null, null, opening.Id), CancellationToken.None);
        Assert.Equal(opening.Id, again.EmergencyOpening!.Id);
        await Assert.ThrowsAsync<LookupRejectedException>(() => lookup.LookupAsync(new LookupRequest("erik", Maja, null, null, null, opening.Id), CancellationToken.None));
        await Assert.ThrowsAsync<LookupRejectedException>(() => lookup.LookupAsync(new LookupRequest("anna", Ebba, null, null, null, opening.Id), CancellationToken.None));

        time.Now = time.Now.AddMinutes(31);
        var expired = await Assert.ThrowsAsync<LookupRejectedException>(() => lookup.LookupAsync(new LookupRequest("anna", Maja, null, null, null, opening.Id), CancellationToken.None));
        Assert.Contains("gick ut", expired.Message, StringComparison.Ordinal);

        var pending = Assert.Single(await lookup.EmergencyOpeningsAsync(unreviewedOnly: true, CancellationToken.None));
        Assert.Equal(("anna", "Polisen har hittat flickan ensam ute"), (pending.UserId, pending.Reason));
        await Assert.ThrowsAsync<LookupRejectedException>(() => lookup.ReviewEmergencyOpeningAsync(opening.Id, "anna", "Egen granskning", CancellationToken.None));
        await lookup.ReviewEmergencyOpeningAsync(opening.Id, "erik", "Befogat", CancellationToken.None);
        Assert.Empty(await lookup.EmergencyOpeningsAsync(unreviewedOnly: true, CancellationToken.None));
        Assert.Equal("erik", Assert.Single(await lookup.EmergencyOpeningsAsync(false, CancellationToken.None)).ReviewedBy);

        var log = await c.Resolve<IAccessLog>().ForPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(2, log.Count);
        Assert.All(log, e => Assert.Equal((AccessKind.EmergencyLookup, "Polisen har hittat flickan ensam ute"), (e.Kind, e.Reason)));
    }

    [Fact]
    public async Task Each_municipality_gets_only_the_look_ups_that_concerned_its_records_within_the_period()
    {
        const string omar = "199203172383"; // long history in Sollentuna
        var time = new FixedTime(new DateTimeOffset(2026, 10, 31, 23, 30, 0, TimeSpan.FromHours(1)));
        var (c, _) = Build(time: time, edit: SollentunaLeavesOnFirstNovember);
        await Lookup(c).LookupAsync(new LookupRequest("anna", omar, null, null, "Akut före månadsskiftet"), CancellationToken.None);
        time.Now = time.Now.AddHours(1); // 1 November 00:30 local
        await Lookup(c).LookupAsync(new LookupRequest("anna", omar, null, null, "Akut efter månadsskiftet"), CancellationToken.None);
        await Lookup(c).LookupAsync(new LookupRequest("anna", Maja, null, null, "Akut efter månadsskiftet"), CancellationToken.None);

        // Sollentuna leaves the jour on 1 November: the later look-ups do not ask it, and only Omar's concerned its records.
        var log = c.Resolve<IAccessLog>();
        var extracts = c.Resolve<SocialJour.Modules.Lookup.AccessLogExtracts>();
        var november = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var sollentuna = Assert.Single(await extracts.EntriesAsync("0163", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Equal((omar, "Akut före månadsskiftet"), (sollentuna.PersonId, sollentuna.Reason));
        Assert.Empty(await extracts.EntriesAsync("0191", DateTimeOffset.MinValue, november));
        Assert.Equal(Maja, Assert.Single(await extracts.EntriesAsync("0191", november, november.AddMonths(1))).PersonId);
        Assert.Single(await log.ForPeriodAsync(DateTimeOffset.MinValue, november));
        Assert.Equal(2, (await log.ForPeriodAsync(november, november.AddMonths(1))).Count);
        Assert.Empty(await extracts.EntriesAsync("9999", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task Any_edit_or_deletion_of_a_stored_access_entry_is_detected_by_verification()
    {
        var (c, dir) = Build();
        for (var i = 0; i < 3; i++)
        {
            await Lookup(c).LookupAsync(new LookupRequest("anna", Maja, null, null, "Akut, verifieringstest " + i), CancellationToken.None);
        }

        var verifier = c.Resolve<IChainVerifier>();
        Assert.All(await verifier.VerifyAllAsync(CancellationToken.None), v => Assert.True(v.Intact, v.Problem));
        var db = Path.Combine(dir.File("data"), "core.db");

        Execute(db, "UPDATE access_log SET Sources = replace(Sources, 'Found', 'NotFound') WHERE Sequence = 2");
        var access = (await verifier.VerifyAllAsync(CancellationToken.None)).Single(v => v.Chain == "access");
        Assert.False(access.Intact);
        Assert.Contains("post 2", access.Problem, StringComparison.Ordinal);

        Execute(db, "UPDATE access_log SET UserId = 'erik' WHERE Sequence = 1");
        Assert.Equal(1, (await c.Resolve<IAccessLog>().VerifyAsync()).FirstBrokenSequence);
    }

    [Fact]
    public async Task Deleting_the_newest_access_entries_is_detected_against_a_signed_tree_head()
    {
        var (c, dir) = Build();
        for (var i = 0; i < 3; i++)
        {
            await Lookup(c).LookupAsync(new LookupRequest("anna", Maja, null, null, "Akut, verifieringstest " + i), CancellationToken.None);
        }

        var verifier = c.Resolve<IChainVerifier>();
        await c.Resolve<ITransparencyLog>().SignHeadAsync(TransparencyLogs.Access, CancellationToken.None);
        Assert.All(await verifier.VerifyAllAsync(CancellationToken.None), v => Assert.True(v.Intact, v.Problem));

        Execute(Path.Combine(dir.File("data"), "core.db"), "DELETE FROM access_log WHERE Sequence = 3");

        Assert.True((await c.Resolve<IAccessLog>().VerifyAsync()).Intact); // the entries alone cannot show a cut tail
        var access = (await verifier.VerifyAllAsync(CancellationToken.None)).Single(v => v.Chain == "access");
        Assert.False(access.Intact);
        Assert.Contains("tagits bort", access.Problem, StringComparison.Ordinal);
        Assert.False((await verifier.LatestAsync(CancellationToken.None)).Single(v => v.Chain == "access").Intact);
    }

    [Fact]
    public async Task Concurrent_look_ups_each_get_their_own_committed_entry_in_one_unbroken_chain()
    {
        // About the log's order under concurrency, not its deadline (that is the frozen-storage test): 40 look-ups at once
        // on a busy 2-core test run may take longer than the default write minimum.
        var (c, _) = Build(FastOptions with { AccessLogWriteMinimum = TimeSpan.FromSeconds(15) });
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Lookup(c).LookupAsync(new LookupRequest("anna", i % 2 == 0 ? Maja : Ebba, null, null, "Akut, samtidighetstest"), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), results.Select(r => r.AccessLogSequence).Order());
        var verification = await c.Resolve<IAccessLog>().VerifyAsync();
        Assert.True(verification.Intact);
        Assert.Equal(40, verification.EntriesChecked);
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        Assert.Equal(1, cmd.ExecuteNonQuery());
    }

    [Fact]
    public async Task A_kept_answer_is_in_the_database_so_another_host_on_the_same_data_can_open_it_and_it_expires()
    {
        var time = new FixedTime(DateTimeOffset.UtcNow);
        var (first, dir) = Build(time: time);
        var r = await Lookup(first).LookupAsync(new LookupRequest("anna", Sara, null, null, "Polisen begär besked om skyddat boende"), CancellationToken.None);
        Assert.True(r.AddressesHidden);
        Assert.NotNull(await Lookup(first).RecentAsync(r.LookupId, "anna", CancellationToken.None)); // kept (the batch is committed)

        // A second host on the same data (the request lands on the other machine behind the load balancer).
        var second = CoreHarness.Build(Path.Combine(dir.Path, "jour.json"), new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, dir.File("data"), null),
            time: time, withModules: true, lookup: FastOptions);
        _built.Add((second, new TempDir()));
        Assert.Null(await Lookup(second).RecentAsync(r.LookupId, "erik", CancellationToken.None));
        var opened = await Lookup(second).RevealAsync(r.LookupId, "anna", "Hembesök beslutat, adress behövs", CancellationToken.None);
        Assert.Equal(SaraPlacement, Assert.Single(opened.Placements).Location);
        Assert.True((await Lookup(first).RecentAsync(r.LookupId, "anna", CancellationToken.None))!.Revealed);

        // Encrypted at rest: whoever reads the database sees neither the name nor the address.
        using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.File("data"), "core.db")};Pooling=False"))
        {
            raw.Open();
            using var read = raw.CreateCommand();
            read.CommandText = "SELECT result FROM retained_lookups";
            var stored = (string)read.ExecuteScalar()!;
            Assert.StartsWith("v1:", stored, StringComparison.Ordinal);
            Assert.DoesNotContain(SaraPlacement, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(opened.Name ?? "Sara", stored, StringComparison.Ordinal);
            Assert.DoesNotContain(opened.PersonId, stored, StringComparison.Ordinal);
        }

        time.Now += FastOptions.ResultRetention + TimeSpan.FromSeconds(1);
        var expired = await Assert.ThrowsAsync<LookupRejectedException>(() => Lookup(second).RevealAsync(r.LookupId, "anna", "Hembesök beslutat, adress behövs", CancellationToken.None));
        Assert.True(expired.NotFound);
        Assert.Contains("har gått ut", expired.Message, StringComparison.Ordinal);
        Assert.Null(await Lookup(first).RecentAsync(r.LookupId, "anna", CancellationToken.None));
        var gone = await Assert.ThrowsAsync<LookupRejectedException>(() => Lookup(second).RevealAsync(r.LookupId, "anna", "Hembesök beslutat, adress behövs", CancellationToken.None));
        Assert.True(gone.NotFound);

        // Expired answers are deleted from the database, not only hidden.
        var ebba = await Lookup(first).LookupAsync(new LookupRequest("anna", Ebba, null, null, "Akut, polisen väntar på besked"), CancellationToken.None);
        Assert.NotNull(await Lookup(first).RecentAsync(ebba.LookupId, "anna", CancellationToken.None));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.File("data"), "core.db")}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM retained_lookups";
        Assert.Equal(1L, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public async Task The_lists_of_an_answer_are_capped_and_say_how_many_more_there_are()
    {
        var (c, _) = Build();
        string jourCase = "";
        for (var i = 0; i < LookupLimits.JourCases + 7; i++)
        {
            jourCase = await OpenCaseAsync(c, Maja, "0191");
        }

        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", Maja, jourCase, "Skyddsbedömning", null), CancellationToken.None);

        Assert.Equal(LookupLimits.JourCases, r.JourCases.Count);
        Assert.Equal(7, r.Omitted.JourCases);
        Assert.Equal(jourCase, r.JourCases[0].Id); // the newest first
        Assert.Equal(0, r.Omitted.Placements);
    }

    [Fact]
    public async Task A_look_up_whose_access_entry_cannot_be_written_is_refused_at_the_overall_deadline_and_shows_nothing()
    {
        var options = FastOptions with { OverallDeadline = TimeSpan.FromSeconds(2), AccessLogWriteMinimum = TimeSpan.FromSeconds(1) };
        var (c, dir) = Build(options);
        var jourCase = await OpenCaseAsync(c, Maja, "0191");
        await Lookup(c).LookupAsync(new LookupRequest("anna", Maja, jourCase, "Skyddsbedömning", null), CancellationToken.None);

        // Storage that stops answering (a frozen disk, a stuck writer): another connection holds the write lock.
        using var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.File("data"), "core.db")};Pooling=False");
        blocker.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<LookupRejectedException>(() =>
            Lookup(c).LookupAsync(new LookupRequest("anna", Maja, jourCase, "Skyddsbedömning", null), CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, options.OverallDeadline + TimeSpan.FromSeconds(1));
        Assert.True(refused.Unavailable);
        Assert.Contains("kunde inte loggas", refused.Message, StringComparison.Ordinal);
        using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
    }

    [Fact]
    public async Task Asking_again_only_the_municipalities_that_did_not_answer_merges_their_answer_and_logs_only_them()
    {
        var (c, _) = Build();
        var jourCase = await OpenCaseAsync(c, Maja, "0191");
        await simulator.SetFaultAsync("lifecare", "sigtuna", new { ErrorRate = 1.0 });

        var first = await Lookup(c).LookupAsync(new LookupRequest("anna", Maja, jourCase, "Skyddsbedömning", null), CancellationToken.None);
        Assert.False(first.Complete);
        Assert.Equal(["0191"], first.Missing.Select(m => m.MunicipalityCode));
        Assert.DoesNotContain(first.Placements, p => p.MunicipalityCode == "0191");
        Assert.Equal(ProtectedIdentity.Unknown, first.ProtectedIdentity);

        // Another user cannot ask again on someone else's look-up.
        await Assert.ThrowsAsync<LookupRejectedException>(() => Lookup(c).RetryMissingAsync(first.LookupId, "erik", CancellationToken.None));

        await simulator.ClearFaultsAsync();
        var retried = await Lookup(c).RetryMissingAsync(first.LookupId, "anna", CancellationToken.None);

        Assert.True(retried.Complete);
        Assert.Empty(retried.Missing);
        Assert.Equal(first.LookupId, retried.RetryOf);
        Assert.NotEqual(first.LookupId, retried.LookupId);
        Assert.Equal(8, retried.Sources.Count);
        Assert.All(retried.Sources, s => Assert.True(s.Answered));
        Assert.Equal(("0191", LegalBasis.LVU), (retried.Placements[0].MunicipalityCode, retried.Placements[0].LegalBasis));
        Assert.Equal(jourCase, retried.JourCaseId);
        Assert.Equal("Maja Lindberg", retried.Name);

        // The new access entry names only Sigtuna, the one asked again; the others see one look-up, not two.
        var log = await c.Resolve<IAccessLog>().ForPeriodAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        var entries = log.Where(e => e.Kind == AccessKind.Lookup && e.PersonId == Maja).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(8, entries[0].Sources.Count);
        Assert.Equal(["0191"], entries[1].Sources.Select(s => s.MunicipalityCode));
        Assert.Equal(retried.LookupId, entries[1].LookupId);

        // A complete answer has nothing left to ask.
        Assert.Contains("redan svarat", (await Assert.ThrowsAsync<LookupRejectedException>(() => Lookup(c).RetryMissingAsync(retried.LookupId, "anna", CancellationToken.None))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_look_up_stays_attached_to_its_case_for_the_same_user_however_the_case_is_reached()
    {
        var (c, _) = Build();
        var jourCase = await OpenCaseAsync(c, Maja, "0191");
        Assert.Null(await Lookup(c).RecentForCaseAsync(jourCase, "anna", Maja, CancellationToken.None));

        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", Maja, jourCase, "Skyddsbedömning", null), CancellationToken.None);

        var attached = await Lookup(c).RecentForCaseAsync(jourCase, "anna", Maja, CancellationToken.None);
        Assert.Equal(r.LookupId, attached?.LookupId);
        Assert.Null(await Lookup(c).RecentForCaseAsync(jourCase, "erik", null, CancellationToken.None)); // another user's look-up is not theirs
        Assert.Null(await Lookup(c).RecentForCaseAsync(jourCase, "anna", Ebba, CancellationToken.None)); // another person's is not this one's
    }

    [Fact]
    public async Task A_partial_answer_names_the_person_as_the_register_gave_the_name_when_no_journal_could()
    {
        var (c, _) = Build();
        var jourCase = await OpenCaseAsync(c, Maja, "0191");
        await simulator.SetFaultAsync("lifecare", "sigtuna", new { ErrorRate = 1.0 });
        await simulator.SetFaultAsync("lifecare", "jarfalla", new { ErrorRate = 1.0 });

        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", Maja, jourCase, "Skyddsbedömning", null), CancellationToken.None);

        Assert.False(r.Complete);
        Assert.DoesNotContain(r.Sources, s => s.Status == SourceStatus.Found);
        Assert.Equal("Maja Lindberg", r.Name);
    }

    private static string SollentunaLeavesOnFirstNovember(string json) =>
        json.Replace("\"Code\": \"0163\", \"Name\": \"Sollentuna\", \"Joined\": \"2015-01-01\", \"Left\": null",
                "\"Code\": \"0163\", \"Name\": \"Sollentuna\", \"Joined\": \"2015-01-01\", \"Left\": \"2026-11-01\"", StringComparison.Ordinal);

    private (IContainer Container, TempDir Dir) Build(LookupOptions? options = null, TimeProvider? time = null, CapturingLoggerProvider? logs = null, Func<string, string>? edit = null)
    {
        var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, simulator.BaseUrl, simulatorHttps: simulator.HttpsUrl, edit: edit);
        var c = CoreHarness.Build(config, new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, dir.File("data"), null),
            time: time, withModules: true, lookup: options ?? FastOptions, logs: logs);
        _built.Add((c, dir));
        return (c, dir);
    }

    private static IClientLookup Lookup(IContainer c) => c.Resolve<IClientLookup>();

    private static async Task<string> OpenCaseAsync(IContainer c, string person, string municipality)
    {
        var registered = await c.Resolve<IIntakeModule>().RegisterContactAsync(
            new ContactRegistration(ContactChannel.Police, null, "Polisen", "Test", [new PersonConcerned(person, null, null, municipality, person.StartsWith("20", StringComparison.Ordinal) ? CaseCategory.ChildrenAndYouth : CaseCategory.SubstanceAbuse)],
                "Testet öppnar flera ärenden för samma person"), // a duplicate reason: some tests open many cases of one person
            "anna", CancellationToken.None);
        return registered.Cases[0].Id;
    }
}
