using System.Text.Json;
using Autofac;
using SocialJour.Adapters.Contract;
using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.RelatedParties;

namespace SocialJour.Tests.Security;

/// <summary>
/// Threat model, need-to-know (docs/security.md): a colleague with a valid login tries to read a person's history
/// that none of their cases concerns, to smuggle junk into every municipality's extract, or to see in one
/// municipality's extract whom the jour looked up elsewhere. Real simulator, real plugins, real SQLite.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class NeedToKnowAttackTests(SimulatorFixture simulator) : IAsyncLifetime
{
    private const string Maja = "201003152384";    // LVU placement in Sigtuna, known in Järfälla
    private const string Ebba = "201107222380";    // SoL placement in Järfälla
    private const string Sara = "198511302385";    // protected identity (Solna, Sundbyberg)
    private const string Johan = "197806142399";   // LVM in Upplands Väsby
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

    [Fact]
    public async Task A_look_up_from_Majas_open_case_of_another_persons_number_is_refused_naming_the_case_and_logs_nothing()
    {
        var c = Build();
        var majasCase = await CaseAsync(c, "anna", new PersonConcerned(Maja, null, null, "0191", CaseCategory.ChildrenAndYouth));

        var refused = await Assert.ThrowsAsync<LookupRejectedException>(() =>
            Lookup(c).LookupAsync(new LookupRequest("anna", Sara, majasCase[0], "Skyddsbedömning", null), CancellationToken.None));

        Assert.Equal("identityNumber", refused.Field);
        Assert.Contains(majasCase[0], refused.Message, StringComparison.Ordinal);
        Assert.Contains("hör inte till", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await LookupsIn(c));
    }

    [Fact]
    public async Task Another_social_workers_case_does_not_open_a_third_persons_history()
    {
        var c = Build();
        var eriksCase = await CaseAsync(c, "erik", new PersonConcerned(Johan, null, null, "0114", CaseCategory.SubstanceAbuse));

        var refused = await Assert.ThrowsAsync<LookupRejectedException>(() =>
            Lookup(c).LookupAsync(new LookupRequest("anna", Sara, eriksCase[0], "Skyddsbedömning", null), CancellationToken.None));

        Assert.Equal("identityNumber", refused.Field);
    }

    [Fact]
    public async Task A_case_about_an_unidentified_person_opens_no_number_outside_its_contact()
    {
        var c = Build();
        var cases = await CaseAsync(c, "anna",
            new PersonConcerned(null, "Okänd flicka", 12, "0191", CaseCategory.ChildrenAndYouth),
            new PersonConcerned(Ebba, null, null, "0123", CaseCategory.ChildrenAndYouth));

        // The unidentified girl's case reaches the other person of the same call (e.g. the sibling who was identified) …
        var sibling = await Lookup(c).LookupAsync(new LookupRequest("anna", Ebba, cases[0], "Skyddsbedömning", null), CancellationToken.None);
        Assert.Equal(Ebba, sibling.PersonId);

        // … but not anybody typed in at 02:00.
        var refused = await Assert.ThrowsAsync<LookupRejectedException>(() =>
            Lookup(c).LookupAsync(new LookupRequest("anna", Maja, cases[0], "Skyddsbedömning", null), CancellationToken.None));
        Assert.Equal("identityNumber", refused.Field);
        Assert.Contains(cases[0], refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_persons_of_one_call_may_be_looked_up_from_each_others_cases()
    {
        var c = Build();
        var cases = await CaseAsync(c, "anna",
            new PersonConcerned(Sara, null, null, "0184", CaseCategory.DomesticViolence),
            new PersonConcerned(Maja, null, null, "0184", CaseCategory.ChildrenAndYouth));

        var mother = await Lookup(c).LookupAsync(new LookupRequest("anna", Sara, cases[1], "Skyddsbedömning", null), CancellationToken.None);

        Assert.Equal(Sara, mother.PersonId);
        var entry = Assert.Single(await LookupsIn(c));
        Assert.Equal((Sara, cases[1]), (entry.PersonId, entry.JourCaseId));
    }

    [Fact]
    public async Task A_related_party_opens_the_look_up_only_once_added_with_role_and_reason_and_the_addition_is_audited_with_the_number_masked()
    {
        var c = Build();
        var intake = c.Resolve<IIntakeModule>();
        var majasCase = (await CaseAsync(c, "anna", new PersonConcerned(Maja, null, null, "0191", CaseCategory.ChildrenAndYouth)))[0];
        var lookUpMother = new LookupRequest("anna", Sara, majasCase, "Skyddsbedömning", null);
        await Assert.ThrowsAsync<LookupRejectedException>(() => Lookup(c).LookupAsync(lookUpMother, CancellationToken.None));
        var noReason = await Assert.ThrowsAsync<ValidationException>(() =>
            intake.AddRelatedPartyAsync(majasCase, new RelatedPartyInput("19851130-2385", RelatedPartyRole.Parent, "mamma"), "anna", CancellationToken.None));
        Assert.Equal("reason", noReason.Field);

        var added = await intake.AddRelatedPartyAsync(majasCase, new RelatedPartyInput("19851130-2385", RelatedPartyRole.Parent, "Modern, enligt polisen på plats"), "anna", CancellationToken.None);

        Assert.Equal((Sara, CasePersonRelation.RelatedParty, "anna"), (added.PersonId, added.Relation, added.AddedBy));
        Assert.Equal(Sara, (await Lookup(c).LookupAsync(lookUpMother, CancellationToken.None)).PersonId);
        Assert.Equal("Found", (await intake.CheckIdentityAsync(new IdentityCheckRequest("19851130-2385", majasCase), "anna", CancellationToken.None)).Status);
        var audit = Assert.Single(await c.Resolve<Core.Audit.IAuditLog>().RecentAsync(50), e => e.Action == "case.related-party-added");
        Assert.Equal(("anna", majasCase), (audit.Actor, audit.Subject));
        Assert.Contains("19851130-****", audit.Details, StringComparison.Ordinal);
        Assert.Contains("Modern, enligt polisen på plats", audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(Sara, audit.Details, StringComparison.Ordinal);

        // Same person twice, or on a closed case: refused.
        Assert.Equal("identityNumber", (await Assert.ThrowsAsync<ValidationException>(() =>
            intake.AddRelatedPartyAsync(majasCase, new RelatedPartyInput("19851130-2385", RelatedPartyRole.Guardian, "Modern, enligt polisen på plats"), "anna", CancellationToken.None))).Field);
        var closed = (await CaseAsync(c, "anna", new PersonConcerned(Johan, null, null, "0114", CaseCategory.SubstanceAbuse)))[0];
        await intake.CloseCaseAsync(closed, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None);
        Assert.Equal("jourCaseId", (await Assert.ThrowsAsync<ValidationException>(() =>
            intake.AddRelatedPartyAsync(closed, new RelatedPartyInput("19851130-2385", RelatedPartyRole.Partner, "Sambo enligt grannarna som ringde"), "anna", CancellationToken.None))).Field);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("Nyfikenhet")]
    [InlineData("")]
    public async Task A_purpose_outside_the_configured_list_is_refused_naming_the_field(string purpose)
    {
        var c = Build();
        var majasCase = await CaseAsync(c, "anna", new PersonConcerned(Maja, null, null, "0191", CaseCategory.ChildrenAndYouth));

        var refused = await Assert.ThrowsAsync<LookupRejectedException>(() =>
            Lookup(c).LookupAsync(new LookupRequest("anna", Maja, majasCase[0], purpose, null), CancellationToken.None));

        Assert.Equal("purpose", refused.Field);
        Assert.Contains("Skyddsbedömning", refused.Message, StringComparison.Ordinal); // the message lists what may be chosen
        Assert.Empty(await LookupsIn(c));
    }

    [Theory]
    [InlineData("[]", "Jour.Purposes", "minst ett syfte")]
    [InlineData("[\"Skyddsbedömning\", \"skyddsbedömning\"]", "Jour.Purposes[1]", "mer än en gång")]
    [InlineData("[\"Skydds\\u202Ebedömning\"]", "Jour.Purposes[0]", "U+202E")]
    [InlineData("[\"\"]", "Jour.Purposes[0]", "inte är tom")]
    public void A_configured_purpose_list_that_is_empty_repeated_or_unclean_is_refused_naming_the_field(string purposes, string field, string message)
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, edit: j => System.Text.RegularExpressions.Regex.Replace(j, "\"Purposes\": \\[[^\\]]*\\]", "\"Purposes\": " + purposes));

        var result = new Core.Configuration.JourConfigurationLoader(_ => null, TimeProvider.System).Load(config);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(field, problem.Field);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_configuration_names_the_purposes_the_look_up_offers()
    {
        using var dir = new TempDir();

        var result = new Core.Configuration.JourConfigurationLoader(_ => null, TimeProvider.System).Load(DemoConfig.CopyTo(dir));

        Assert.True(result.Ok, string.Join("; ", result.Problems));
        Assert.Equal("Skyddsbedömning", result.Configuration!.FindPurpose(" skyddsbedömning "));
        Assert.Null(result.Configuration.FindPurpose("Nyfikenhet"));
    }

    public static TheoryData<string, string> BadReasons() => new()
    {
        { "Akut: polisen \u202Eväntar på besked", "U+202E" },          // right-to-left override: reorders the extract's text
        { "Akut: polisen\u0000 väntar på besked", "U+0000" },           // NUL
        { "Akut: polisen\u001B[31m väntar på besked", "U+001B" },      // terminal escape
        { "Akut: polisen\u200B väntar på besked", "U+200B" },           // zero-width space
        { "Akut: " + new string('x', 200_000), "högst" },               // 200 KB copied into every extract
    };

    [Theory]
    [MemberData(nameof(BadReasons))]
    public async Task An_emergency_reason_with_control_or_format_characters_or_without_limit_is_refused(string reason, string expected)
    {
        var c = Build();

        var refused = await Assert.ThrowsAsync<LookupRejectedException>(() =>
            Lookup(c).LookupAsync(new LookupRequest("anna", Maja, null, null, reason), CancellationToken.None));

        Assert.Equal("emergencyReason", refused.Field);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.True(refused.Message.Length < 300);
        Assert.Empty(await LookupsIn(c));
    }

    [Fact]
    public async Task Texts_stored_with_a_contact_a_notice_or_a_move_are_bounded_and_clean_too()
    {
        var c = Build();
        var intake = c.Resolve<IIntakeModule>();
        var child = new PersonConcerned(Maja, null, null, "0191", CaseCategory.ChildrenAndYouth);

        async Task<string> Field(Func<Task> act) => (await Assert.ThrowsAsync<ValidationException>(act)).Field;

        Assert.Equal("situation", await Field(() => intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, "Bråk \u202Ei hemmet", [child]), "anna", CancellationToken.None)));
        Assert.Equal("caller", await Field(() => intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, new string('x', 100_000), null, [child]), "anna", CancellationToken.None)));
        Assert.Equal("persons[1].name", await Field(() => intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
            [new PersonConcerned(null, "Okänd\u0000pojke", 10, "0191", CaseCategory.ChildrenAndYouth)]), "anna", CancellationToken.None)));
        Assert.Equal("text", await Field(() => intake.RegisterNoticeAsync(new NoticeRegistration("0191", Maja, "Bevilja inte \u2066bistånd\u2069", null, null), "anna", CancellationToken.None)));
        var caseId = (await CaseAsync(c, "anna", child))[0];
        Assert.Equal("reason", await Field(() => intake.ChangeMunicipalityAsync(caseId, "0123", "Bor i Järfälla \u001B[2J enligt modern", "anna", CancellationToken.None)));
    }

    [Fact]
    public async Task A_reveal_reason_with_a_bidi_override_is_refused_and_nothing_is_opened()
    {
        var c = Build();
        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", Sara, null, null, "Polisen begär besked om skyddat boende"), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<LookupRejectedException>(() =>
            Lookup(c).RevealAsync(r.LookupId, "anna", "Hembesök \u2066beslutat\u2069 av jourchef", CancellationToken.None));

        Assert.Equal("reason", refused.Field);
        Assert.Single(await LookupsIn(c));
    }

    [Fact]
    public async Task A_municipalitys_extract_holds_only_the_look_ups_that_concerned_its_records_and_the_jour_keeps_the_whole()
    {
        var c = Build();
        var lookup = Lookup(c);
        await lookup.LookupAsync(new LookupRequest("anna", Maja, null, null, "Akut, flickan hittad ensam"), CancellationToken.None);   // found in Sigtuna and Järfälla
        await lookup.LookupAsync(new LookupRequest("anna", Sara, null, null, "Akut, hot mot modern"), CancellationToken.None);         // found in Solna and Sundbyberg
        await simulator.SetFaultAsync("lifecare", "ekero", new { ErrorRate = 1.0 });
        await lookup.LookupAsync(new LookupRequest("anna", Ebba, null, null, "Akut, polisen på plats"), CancellationToken.None);       // found in Järfälla; Ekerö failed

        var extracts = c.Resolve<SocialJour.Modules.Lookup.AccessLogExtracts>();
        async Task<IReadOnlyList<string>> PersonsIn(string? municipality) =>
            (await extracts.EntriesAsync(municipality, DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Select(e => e.PersonId).ToList();

        // Solna holds Sara's records: its extract must not list Maja or Ebba, whom Solna knows nothing about.
        Assert.Equal([Sara], await PersonsIn("0184"));
        Assert.Equal([Maja], await PersonsIn("0191"));
        Assert.Equal([Maja, Ebba], await PersonsIn("0123"));

        // Ekerö's system failed during Ebba's look-up: what it may have seen is in its extract; the others are not.
        Assert.Equal([Ebba], await PersonsIn("0125"));

        // Sollentuna answered "no records" every time: nothing of these three people is in its extract.
        Assert.Empty(await PersonsIn("0163"));

        // The jour's own follow-up keeps every entry.
        Assert.Equal([Maja, Sara, Ebba], await PersonsIn(null));
    }

    [Fact]
    public async Task When_the_population_register_is_down_a_protection_only_it_knows_is_unknown_and_the_answer_names_it_as_missing()
    {
        var c = Build();
        await simulator.SetFaultAsync("navet", "navet", new { ErrorRate = 1.0 });

        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", "201205062381", null, null, "Akut, flickan hittad ensam"), CancellationToken.None);

        Assert.Equal(SourceStatus.Found, r.Sources.Single(s => s.MunicipalityCode == "0183").Status);
        Assert.NotEqual(ProtectedIdentity.No, r.ProtectedIdentity);
        Assert.True(r.AddressesHidden);
        Assert.DoesNotContain("Vinkelvägen", JsonSerializer.Serialize(r), StringComparison.Ordinal);
        Assert.False(r.Complete);
        var missing = Assert.Single(r.Missing);
        Assert.Equal(("Folkbokföringen", SourceStatus.Unavailable), (missing.MunicipalityName, missing.Status));
    }

    [Fact]
    public async Task When_the_population_register_times_out_protection_is_unknown_too()
    {
        var c = Build();
        await simulator.SetFaultAsync("navet", "navet", new { Hang = true });

        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", Ebba, null, null, "Akut, polisen på plats"), CancellationToken.None);

        // Every journal system says "not protected", but the register has not said so.
        Assert.Equal(ProtectedIdentity.Unknown, r.ProtectedIdentity);
        Assert.True(r.AddressesHidden);
        Assert.Empty(r.Addresses);
        Assert.False(r.Complete);
        Assert.Contains(r.Missing, m => m.MunicipalityName == "Folkbokföringen" && m.Status == SourceStatus.TimedOut);
    }

    [Fact]
    public async Task Register_checks_for_a_contact_being_registered_cannot_be_used_to_fish_through_the_register()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 21, 1, 30, 0, TimeSpan.FromHours(1)));
        var c = Build(time: time);
        var intake = c.Resolve<IIntakeModule>();
        var numbers = Enumerable.Range(1, IntakeModule.MaxUnboundChecks + 1)
            .Select(i => { var nine = $"800101{i:000}"; return "19" + nine + Core.Identity.IdentityNumber.CheckDigit(nine); }).ToList();
        Task<IdentityCheck> Check(string number) =>
            intake.CheckIdentityAsync(new IdentityCheckRequest(number, Purpose: IdentityCheckRequest.ContactRegistration), "anna", CancellationToken.None);

        foreach (var n in numbers.Take(IntakeModule.MaxUnboundChecks))
        {
            await Check(n);
        }

        await Check(numbers[0]); // checking a number of the form again is fine
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Check(numbers[^1]));
        Assert.Equal("identityNumber", refused.Field);
        Assert.Contains("Registrera kontakten", refused.Message, StringComparison.Ordinal);
        var logged = (await c.Resolve<IAccessLog>().ForPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Where(e => e.Kind == AccessKind.RegisterCheck).ToList();
        Assert.Equal(IntakeModule.MaxUnboundChecks + 1, logged.Count);
        Assert.All(logged, e => Assert.Equal(("anna", IdentityCheckRequest.ContactRegistration), (e.UserId, e.Purpose)));

        // The window passes; another user was never limited by anna's checks.
        Assert.Equal("identityNumber", (await Assert.ThrowsAsync<ValidationException>(() => Check(numbers[^1]))).Field);
        await intake.CheckIdentityAsync(new IdentityCheckRequest(numbers[^1], Purpose: IdentityCheckRequest.ContactRegistration), "erik", CancellationToken.None);
        time.Now = time.Now + IntakeModule.UnboundCheckWindow;
        await Check(numbers[^1]);
    }

    [Fact]
    public async Task Attack_the_register_check_limit_holds_across_a_restart_and_checking_related_parties_in_a_case_counts_too()
    {
        // Issue 23 2c: the limit lived in one process's memory, and numbers added as related parties were checked "in the
        // case" without limit. Now it is counted from the access log and covers every check of a person who is not the
        // case's own or of the same contact.
        var time = new FixedTime(new DateTimeOffset(2026, 11, 21, 1, 30, 0, TimeSpan.FromHours(1)));
        var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, simulator.BaseUrl, simulatorHttps: simulator.HttpsUrl);
        var database = new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, dir.File("data"), null);
        var numbers = Enumerable.Range(1, IntakeModule.MaxUnboundChecks + 1)
            .Select(i => { var nine = $"800202{i:000}"; return "19" + nine + Core.Identity.IdentityNumber.CheckDigit(nine); }).ToList();

        await using (var first = CoreHarness.Build(config, database, time: time, withModules: true, lookup: FastOptions))
        {
            foreach (var n in numbers.Take(IntakeModule.MaxUnboundChecks - 1))
            {
                await first.Resolve<IIntakeModule>().CheckIdentityAsync(new IdentityCheckRequest(n, Purpose: IdentityCheckRequest.ContactRegistration), "anna", CancellationToken.None);
            }
        }

        // A restart (or another host): the count is still there.
        var c = CoreHarness.Build(config, database, time: time, withModules: true, lookup: FastOptions);
        _built.Add((c, dir));
        var intake = c.Resolve<IIntakeModule>();
        var contact = await intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
            [new PersonConcerned(null, "Okänd man", 40, "0191", CaseCategory.SubstanceAbuse)]), "anna", CancellationToken.None);
        var caseId = contact.Cases[0].Id;
        Task<IdentityCheck> InCase(string number) =>
            intake.CheckIdentityAsync(new IdentityCheckRequest(number, JourCaseId: caseId), "anna", CancellationToken.None);

        await intake.AddRelatedPartyAsync(caseId, new RelatedPartyInput(numbers[^2], RelatedPartyRole.Other, "Uppgiven som kontaktperson av polisen"), "anna", CancellationToken.None);
        await InCase(numbers[^2]); // the 40th different number
        await intake.AddRelatedPartyAsync(caseId, new RelatedPartyInput(numbers[^1], RelatedPartyRole.Other, "Uppgiven som granne av polisen"), "anna", CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ValidationException>(() => InCase(numbers[^1]));

        Assert.Equal("identityNumber", refused.Field);
        var audit = await c.Resolve<Core.Audit.IAuditLog>().RecentAsync(20);
        Assert.Contains(audit, e => e.Action == "register-check.limit-reached" && e.Actor == "anna");
        await InCase(numbers[^2]); // a number already checked is not counted again
        time.Now += IntakeModule.UnboundCheckWindow;
        await InCase(numbers[^1]); // the window has passed
    }

    [Fact]
    public async Task Attack_contacts_with_many_persons_checked_in_their_own_cases_are_capped_and_a_burst_alerts_the_unit_manager()
    {
        // Issue 23 2c: "register contacts with 20 persons each, again and again", then check them in their own cases (not
        // limited: a busy night must not stop). The contact is capped, and a burst is an alert in the unit manager's follow-up.
        var time = new FixedTime(new DateTimeOffset(2026, 11, 21, 1, 30, 0, TimeSpan.FromHours(1)));
        var c = Build(time: time);
        var intake = c.Resolve<IIntakeModule>();
        var numbers = Enumerable.Range(1, 61).Select(i => { var nine = $"750404{i:000}"; return "19" + nine + Core.Identity.IdentityNumber.CheckDigit(nine); }).ToList();
        Task<RegisteredContact> Contact(IEnumerable<string> persons) => intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
            persons.Select(n => new PersonConcerned(n, null, null, "0191", CaseCategory.Other)).ToList(), "Samma personer i flera kontakter (testet)"), "anna", CancellationToken.None);

        var tooMany = await Assert.ThrowsAsync<ValidationException>(() => Contact(numbers.Take(21)));
        Assert.Contains("Högst 20 personer per kontakt", tooMany.Message, StringComparison.Ordinal);
        Assert.Empty(await intake.RegisterCheckAlertsAsync(time.Now.AddDays(-1), CancellationToken.None));

        for (var batch = 0; batch < 3; batch++)
        {
            var contact = await Contact(numbers.Skip(batch * 20).Take(20));
            foreach (var (jourCase, number) in contact.Cases.Zip(numbers.Skip(batch * 20)))
            {
                await intake.CheckIdentityAsync(new IdentityCheckRequest(number, JourCaseId: jourCase.Id), "anna", CancellationToken.None); // never refused
            }

            if (batch == 0)
            {
                Assert.Empty(await intake.RegisterCheckAlertsAsync(time.Now.AddDays(-1), CancellationToken.None)); // 20 numbers: no alert
            }
        }

        // 60 different numbers in one quarter of an hour: one alert, counts only, never a number.
        var alert = Assert.Single(await intake.RegisterCheckAlertsAsync(time.Now.AddDays(-1), CancellationToken.None));
        Assert.Equal(("anna", RegisterCheckAlertKind.Burst), (alert.UserId, alert.Kind));
        Assert.Contains("olika nummer", alert.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(numbers, n => alert.Details.Contains(n[2..], StringComparison.Ordinal));

        // The next window alerts again; another user's checks are theirs.
        time.Now += IntakeModule.UnboundCheckWindow;
        foreach (var (jourCase, number) in (await Contact(numbers.Take(20))).Cases.Zip(numbers).Concat((await Contact(numbers.Skip(20).Take(20))).Cases.Zip(numbers.Skip(20))))
        {
            await intake.CheckIdentityAsync(new IdentityCheckRequest(number, JourCaseId: jourCase.Id), "anna", CancellationToken.None);
        }

        Assert.Equal(2, (await intake.RegisterCheckAlertsAsync(time.Now.AddDays(-1), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Attack_related_parties_are_bounded_per_case_and_per_user_and_day()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 21, 1, 30, 0, TimeSpan.FromHours(1)));
        var c = Build(time: time);
        var intake = c.Resolve<IIntakeModule>();
        var numbers = Enumerable.Range(1, 25).Select(i => { var nine = $"700303{i:000}"; return "19" + nine + Core.Identity.IdentityNumber.CheckDigit(nine); }).ToList();
        async Task<string> NewCase() => (await intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
            [new PersonConcerned(null, "Okänd", 30, "0191", CaseCategory.Other)], "Ett nytt ärende per tillägg (testet)"), "anna", CancellationToken.None)).Cases[0].Id;
        Task<CasePersonView> Add(string caseId, string number, string user = "anna") =>
            intake.AddRelatedPartyAsync(caseId, new RelatedPartyInput(number, RelatedPartyRole.OtherRelative, "Anhörig enligt polisen på plats"), user, CancellationToken.None);

        var cases = new[] { await NewCase(), await NewCase(), await NewCase() };
        for (var i = 0; i < RelatedPartyRule.MaxPerCase; i++)
        {
            await Add(cases[0], numbers[i]);
        }

        Assert.Contains("berörda personer", (await Assert.ThrowsAsync<ValidationException>(() => Add(cases[0], numbers[10]))).Message, StringComparison.Ordinal);
        for (var i = 10; i < RelatedPartyRule.MaxPerUserAndDay; i++)
        {
            await Add(cases[1], numbers[i]);
        }

        Assert.Contains("senaste dygnet", (await Assert.ThrowsAsync<ValidationException>(() => Add(cases[2], numbers[20]))).Message, StringComparison.Ordinal);
        await Add(cases[2], numbers[20], user: "erik"); // per user
        time.Now += TimeSpan.FromDays(1);
        await Add(cases[2], numbers[21]);
    }

    [Fact]
    public async Task A_configured_register_whose_plugin_is_missing_has_not_answered_either()
    {
        var c = Build(j => j.Replace("\"Adapter\": \"Navet\"", "\"Adapter\": \"NavetSaknas\"", StringComparison.Ordinal));

        var r = await Lookup(c).LookupAsync(new LookupRequest("anna", Ebba, null, null, "Akut, polisen på plats"), CancellationToken.None);

        Assert.Equal(ProtectedIdentity.Unknown, r.ProtectedIdentity);
        Assert.True(r.AddressesHidden);
        Assert.False(r.Complete);
        var missing = Assert.Single(r.Missing);
        Assert.Equal(("Folkbokföringen", SourceStatus.Disabled), (missing.MunicipalityName, missing.Status));
        Assert.Contains("inte installerad", missing.Detail, StringComparison.Ordinal);
    }

    private IContainer Build(Func<string, string>? edit = null, TimeProvider? time = null)
    {
        var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, simulator.BaseUrl, simulatorHttps: simulator.HttpsUrl, edit: edit);
        var c = CoreHarness.Build(config, new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, dir.File("data"), null),
            time: time, withModules: true, lookup: FastOptions);
        _built.Add((c, dir));
        return c;
    }

    private static IClientLookup Lookup(IContainer c) => c.Resolve<IClientLookup>();

    /// <summary>The access log less the register checks made when the contacts were registered.</summary>
    private static async Task<IReadOnlyList<AccessRecord>> LookupsIn(IContainer c) =>
        (await c.Resolve<IAccessLog>().ForPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Where(e => e.Kind != AccessKind.RegisterCheck).ToList();

    private static async Task<IReadOnlyList<string>> CaseAsync(IContainer c, string user, params PersonConcerned[] persons) =>
        (await c.Resolve<IIntakeModule>().RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, "Polisen", "Test", persons), user, CancellationToken.None))
            .Cases.Select(x => x.Id).ToList();
}
