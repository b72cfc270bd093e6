using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Autofac;
using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests;

/// <summary>Protection assessments, decisions and their rules, against the real look-up and simulator.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class AssessmentTests(SimulatorFixture simulator) : IAsyncLifetime, IDisposable
{
    private const string Maja = "201003152384"; // LVU placement (Sigtuna)
    private const string Ebba = "201107222380"; // SoL placement (Järfälla)
    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(new DateTimeOffset(2026, 11, 27, 23, 40, 0, TimeSpan.FromHours(1))); // a Friday night
    private IContainer? _container;

    private IAssessmentModule Assessment => _container!.Resolve<IAssessmentModule>();

    public Task InitializeAsync()
    {
        _container = CoreHarness.Build(DemoConfig.CopyTo(_dir, simulator.BaseUrl, simulatorHttps: simulator.HttpsUrl),
            new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, _dir.File("data"), null), time: _time, withModules: true);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => simulator.ClearFaultsAsync();

    public void Dispose()
    {
        _container?.Dispose();
        _dir.Dispose();
    }

    private async Task<string> CaseFor(string person, string municipality, CaseCategory category = CaseCategory.ChildrenAndYouth) =>
        (await _container!.Resolve<IIntakeModule>().RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, "Polisen", null,
            [new PersonConcerned(person, null, null, municipality, category)]), "anna", CancellationToken.None)).Cases[0].Id;

    private Task<LookupResult> LookUp(string person, string caseId) =>
        _container!.Resolve<IClientLookup>().LookupAsync(new LookupRequest("anna", person, caseId, "Inför begäran om handräckning", null), CancellationToken.None);

    [Fact]
    public async Task Police_assistance_for_a_child_placed_under_SoL_stops_with_the_placements_legal_basis()
    {
        var caseId = await CaseFor(Ebba, "0123");
        var lookup = await LookUp(Ebba, caseId);

        var stop = await Assert.ThrowsAsync<ValidationException>(() => Assessment.DecideAsync(caseId,
            new DecisionInput(DecisionKind.PoliceAssistanceLvu, "Polisen ombeds hämta flickan", null, lookup.LookupId), "anna", CancellationToken.None));

        Assert.StartsWith("STOPP: personen är placerad enligt SoL (frivilligt)", stop.Message, StringComparison.Ordinal);
        Assert.Contains("Järfälla", stop.Message, StringComparison.Ordinal);
        Assert.Empty((await Assessment.MeasuresAsync(caseId, CancellationToken.None)).Decisions);
    }

    [Fact]
    public async Task Police_assistance_for_a_child_placed_under_LVU_is_recorded_with_the_legal_basis_that_was_shown()
    {
        var caseId = await CaseFor(Maja, "0191");
        var lookup = await LookUp(Maja, caseId);

        var decision = await Assessment.DecideAsync(caseId, new DecisionInput(DecisionKind.PoliceAssistanceLvu, "Handräckning för att återföra flickan till HVB", null, lookup.LookupId), "anna", CancellationToken.None);

        Assert.Contains("enligt LVU i Sigtuna", decision.LegalBasisShown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Police_assistance_uses_the_users_look_up_from_the_case_however_the_case_was_reached_and_no_one_elses()
    {
        var caseId = await CaseFor(Maja, "0191");
        var lookup = await LookUp(Maja, caseId);
        Assert.True(lookup.Complete, string.Join(", ", lookup.Missing.Select(m => $"{m.MunicipalityName}: {m.Status} {m.Detail}")));

        // No look-up named (the case was reached from the case list, not from the answer): the user's own from the case is used.
        var decision = await Assessment.DecideAsync(caseId, new DecisionInput(DecisionKind.PoliceAssistanceLvu, "Handräckning för att återföra flickan till HVB", null, null), "anna", CancellationToken.None);
        Assert.Contains("enligt LVU i Sigtuna", decision.LegalBasisShown, StringComparison.Ordinal);

        // A colleague has made no look-up: anna's is not theirs.
        Assert.Contains("gör först ett uppslag", (await Assert.ThrowsAsync<ValidationException>(() => Assessment.DecideAsync(caseId,
            new DecisionInput(DecisionKind.PoliceAssistanceLvu, "Handräckning igen", null, null), "erik", CancellationToken.None))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Police_assistance_without_a_look_up_or_with_someone_elses_is_refused()
    {
        var caseId = await CaseFor(Maja, "0191");
        var other = await CaseFor(Ebba, "0123");
        var ebbaLookup = await LookUp(Ebba, other);

        Assert.Contains("gör först ett uppslag", (await Assert.ThrowsAsync<ValidationException>(() => Assessment.DecideAsync(caseId,
            new DecisionInput(DecisionKind.PoliceAssistanceLvu, "Handräckning", null, null), "anna", CancellationToken.None))).Message, StringComparison.Ordinal);
        Assert.Contains("inte ärendets person", (await Assert.ThrowsAsync<ValidationException>(() => Assessment.DecideAsync(caseId,
            new DecisionInput(DecisionKind.PoliceAssistanceLvu, "Handräckning", null, ebbaLookup.LookupId), "anna", CancellationToken.None))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incomplete_look_up_cannot_confirm_care_under_LVU()
    {
        var caseId = await CaseFor(Ebba, "0123");
        await simulator.SetFaultAsync("lifecare", "jarfalla", new { ErrorRate = 1.0 });
        var lookup = await LookUp(Ebba, caseId);

        var stop = await Assert.ThrowsAsync<ValidationException>(() => Assessment.DecideAsync(caseId,
            new DecisionInput(DecisionKind.PoliceAssistanceLvu, "Handräckning", null, lookup.LookupId), "anna", CancellationToken.None));

        Assert.Contains("ofullständigt (Järfälla saknas)", stop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_LVU_6_order_records_who_decided_and_its_court_week_and_then_makes_police_assistance_lawful()
    {
        var caseId = await CaseFor(Ebba, "0123");

        Assert.Equal("decidedBy", (await Assert.ThrowsAsync<ValidationException>(() => Assessment.DecideAsync(caseId,
            new DecisionInput(DecisionKind.LvuEmergencyCareOrder, "Omedelbart omhändertagande", " ", null), "anna", CancellationToken.None))).Field);
        var order = await Assessment.DecideAsync(caseId, new DecisionInput(DecisionKind.LvuEmergencyCareOrder, "Omedelbart omhändertagande", "Karin Ek", null,
            DecisionMakerReachedAt: _time.Now.AddMinutes(-10)), "anna", CancellationToken.None);

        Assert.Equal(("Karin Ek (Ordförande i socialnämnden)", _time.Now.AddDays(7), (DateTimeOffset?)_time.Now.AddMinutes(-10)), (order.DecidedBy, order.CourtDeadline, order.DecisionMakerReachedAt));
        var police = await Assessment.DecideAsync(caseId, new DecisionInput(DecisionKind.PoliceAssistanceLvu, "Handräckning", null, null), "anna", CancellationToken.None);
        Assert.Contains("6 § LVU", police.LegalBasisShown, StringComparison.Ordinal);

        Assert.Empty(await Assessment.CourtSubmissionsDueAsync(_time.Now.AddDays(6), CancellationToken.None));
        Assert.Single(await Assessment.CourtSubmissionsDueAsync(_time.Now.AddDays(7), CancellationToken.None));
        await Assessment.MarkSubmittedToCourtAsync(order.Id, "erik", CancellationToken.None);
        Assert.Empty(await Assessment.CourtSubmissionsDueAsync(_time.Now.AddDays(8), CancellationToken.None));
        await Assert.ThrowsAsync<ValidationException>(() => Assessment.MarkSubmittedToCourtAsync(police.Id, "erik", CancellationToken.None));
    }

    [Fact]
    public async Task A_child_case_cannot_be_closed_until_its_protection_assessment_is_documented()
    {
        var intake = _container!.Resolve<IIntakeModule>();
        var child = await CaseFor(Maja, "0191");
        var adult = await CaseFor("197806142399", "0114", CaseCategory.SubstanceAbuse);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => intake.CloseCaseAsync(child, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None));
        Assert.Contains("skyddsbedömningen", refused.Message, StringComparison.Ordinal);
        Assert.Equal("reasoning", (await Assert.ThrowsAsync<ValidationException>(() =>
            Assessment.AssessProtectionAsync(child, new ProtectionAssessmentInput(ProtectionOutcome.NoImmediateNeed, "ok"), "anna", CancellationToken.None))).Field);
        Assert.Equal("caseId", (await Assert.ThrowsAsync<ValidationException>(() =>
            Assessment.AssessProtectionAsync(adult, new ProtectionAssessmentInput(ProtectionOutcome.NoImmediateNeed, "Vuxen, ingen bedömning"), "anna", CancellationToken.None))).Field);

        var assessment = await Assessment.AssessProtectionAsync(child, new ProtectionAssessmentInput(ProtectionOutcome.ImmediateNeed, "Ensam ute i kylan, placerad på HVB sedan mars"), "anna", CancellationToken.None);
        await intake.CloseCaseAsync(child, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None);
        await intake.CloseCaseAsync(adult, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None);

        Assert.Equal(("anna", _time.Now), (assessment.AssessedBy, assessment.AssessedAt));
    }

    [Fact]
    public async Task Time_spent_is_summed_per_social_worker_in_a_case()
    {
        var caseId = await CaseFor(Maja, "0191");

        await Assessment.RecordTimeAsync(caseId, new TimeEntryInput(45, "Samtal"), "anna", CancellationToken.None);
        await Assessment.RecordTimeAsync(caseId, new TimeEntryInput(30, null), "anna", CancellationToken.None);
        await Assessment.RecordTimeAsync(caseId, new TimeEntryInput(90, "Hembesök"), "erik", CancellationToken.None);
        Assert.Equal("minutes", (await Assert.ThrowsAsync<ValidationException>(() => Assessment.RecordTimeAsync(caseId, new TimeEntryInput(0, null), "anna", CancellationToken.None))).Field);

        Assert.Equal([("anna", 75), ("erik", 90)], (await Assessment.TimeSpentAsync(caseId, CancellationToken.None)).Select(t => (t.UserId, t.Minutes)));
        // Each entry keeps its note (shown on the case page), oldest first.
        Assert.Equal([("anna", 45, "Samtal"), ("anna", 30, null), ("erik", 90, "Hembesök")],
            (await Assessment.TimeEntriesAsync(caseId, CancellationToken.None)).Select(t => (t.UserId, t.Minutes, t.Note)));
    }

    [Fact]
    public async Task A_deviation_is_registered_categorised_followed_up_and_only_then_closed()
    {
        var caseId = await CaseFor(Maja, "0191");
        var d = await Assessment.ReportDeviationAsync(new DeviationInput(DeviationCategory.WrongMunicipality, "Rapporten gick till Järfälla i stället för Sigtuna", null, caseId, "0191"), "anna", CancellationToken.None);

        Assert.Equal("followUp", (await Assert.ThrowsAsync<ValidationException>(() => Assessment.CloseDeviationAsync(d.Id, "erik", CancellationToken.None))).Field);
        await Assessment.FollowUpDeviationAsync(d.Id, "Rutinen för mottagare ändrad; Järfälla har raderat rapporten", "erik", CancellationToken.None);
        var closed = await Assessment.CloseDeviationAsync(d.Id, "erik", CancellationToken.None);

        Assert.Equal((true, "erik", caseId), (closed.Closed, closed.ClosedBy, closed.CaseId));
        Assert.Empty(await Assessment.DeviationsAsync(openOnly: true, CancellationToken.None));
        Assert.Equal("category", (await Assert.ThrowsAsync<ValidationException>(() =>
            Assessment.ReportDeviationAsync(new DeviationInput(null, "Något hände i natt", null, null, null), "anna", CancellationToken.None))).Field);
        Assert.Equal("caseId", (await Assert.ThrowsAsync<ValidationException>(() =>
            Assessment.ReportDeviationAsync(new DeviationInput(DeviationCategory.Technical, "Telefonin låg nere i 20 minuter", null, "J9999", null), "anna", CancellationToken.None))).Field);
    }

    [Fact]
    public async Task A_report_goes_to_the_case_municipalitys_e_service_with_a_receipt_due_08_00_the_next_weekday()
    {
        var caseId = await CaseFor(Ebba, "0123");
        var text = "Flickan hämtades av polisen vid Jakobsbergs station och kördes till familjehemmet. " + Guid.NewGuid();
        var report = await Assessment.SubmitReportAsync(caseId, text, "anna", CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(1)), report.DueAt); // Friday night → Monday 08:00
        Assert.Equal(1, await Assessment.DeliverDueReportsAsync(CancellationToken.None));

        var delivered = Assert.Single(await Assessment.ReportsAsync(caseId, CancellationToken.None));
        Assert.Equal((ReportStatus.Delivered, "e-tjänst"), (delivered.Status, delivered.Channel));
        Assert.StartsWith("ES-jarfalla-", delivered.Receipt, StringComparison.Ordinal);
        Assert.Contains(text, await simulator.Control.GetStringAsync("_sim/eservice/jarfalla"), StringComparison.Ordinal);
        Assert.DoesNotContain(text, await simulator.Control.GetStringAsync("_sim/eservice/sigtuna"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_names_the_person_is_prefilled_from_the_case_kept_as_a_draft_sent_once_and_its_copy_stays_on_the_case()
    {
        var caseId = await CaseFor(Ebba, "0123");
        await Assessment.AssessProtectionAsync(caseId, new ProtectionAssessmentInput(ProtectionOutcome.NoImmediateNeed, "Flickan är trygg hos familjehemmet i natt."), "anna", CancellationToken.None);
        await Assessment.RecordActionAsync(caseId, new ActionInput(ActionKind.SupportTalk, "Samtal med familjehemmet"), "anna", CancellationToken.None);

        // Nothing written yet: the text is prefilled from the case, in the jour's time.
        var prefilled = await Assessment.ReportDraftAsync(caseId, CancellationToken.None);
        Assert.False(prefilled.Saved);
        Assert.Contains("Kontakt: inkom 2026-11-27 23:40 via polisen", prefilled.Text, StringComparison.Ordinal);
        Assert.Contains("Skyddsbedömning: inget omedelbart skyddsbehov – Flickan är trygg hos familjehemmet i natt.", prefilled.Text, StringComparison.Ordinal);
        Assert.Contains("Insats: stödsamtal – Samtal med familjehemmet", prefilled.Text, StringComparison.Ordinal);

        // Kept on the server while it is written (any form, any host).
        var marker = Guid.NewGuid().ToString();
        var text = prefilled.Text.Replace("Bedömning: ", "Bedömning: Ingen fara i natt; familjehemmet behöver stöd. " + marker, StringComparison.Ordinal);
        await Assessment.SaveReportDraftAsync(caseId, text, "anna", CancellationToken.None);
        var saved = await Assessment.ReportDraftAsync(caseId, CancellationToken.None);
        Assert.Equal((true, text, "anna"), (saved.Saved, saved.Text, saved.SavedBy));

        // The preview is the document as sent: it names the person.
        var preview = await Assessment.PreviewReportAsync(caseId, text, "anna", CancellationToken.None);
        Assert.Contains("Gäller: 20110722-2380", preview.Document, StringComparison.Ordinal);
        Assert.Contains("Skriven: 2026-11-27 23:40 av anna", preview.Document, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", preview.Document, StringComparison.Ordinal);
        Assert.Equal(preview.ProtectedPerson, preview.Document.Contains("SKYDDADE PERSONUPPGIFTER", StringComparison.Ordinal));

        // Sent once: the same submission key again returns the same report; the draft is gone.
        var first = await Assessment.SubmitReportAsync(caseId, text, "anna", CancellationToken.None, "k-1");
        var second = await Assessment.SubmitReportAsync(caseId, text, "anna", CancellationToken.None, "k-1");
        Assert.Equal(first.Id, second.Id);
        Assert.Single(await Assessment.ReportsAsync(caseId, CancellationToken.None));
        Assert.False((await Assessment.ReportDraftAsync(caseId, CancellationToken.None)).Saved);

        // The municipality receives the person, the name and the whole document; the copy on the case is what left.
        Assert.Equal(1, await Assessment.DeliverDueReportsAsync(CancellationToken.None));
        var received = Assert.Single(JsonDocument.Parse(await simulator.Control.GetStringAsync("_sim/eservice/jarfalla")).RootElement.EnumerateArray(),
            r => r.GetProperty("report").GetProperty("text").GetString()!.Contains(marker, StringComparison.Ordinal)).GetProperty("report");
        Assert.Equal("201107222380", received.GetProperty("identityNumber").GetString());
        Assert.Contains("Gäller: 20110722-2380", received.GetProperty("document").GetString(), StringComparison.Ordinal);
        var copy = Assert.Single(await Assessment.ReportsAsync(caseId, CancellationToken.None));
        Assert.Equal(ReportStatus.Delivered, copy.Status);
        Assert.StartsWith(preview.Document.Split("\r\n\r\n")[0].Split("Skriven:")[0], copy.Document, StringComparison.Ordinal);
        Assert.Contains(marker, copy.Document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submission_key_that_is_not_a_simple_token_is_refused()
    {
        var caseId = await CaseFor(Ebba, "0123");

        var refusal = await Assert.ThrowsAsync<ValidationException>(() => Assessment.SubmitReportAsync(caseId, "Flickan hämtades av polisen och kördes hem.", "anna", CancellationToken.None, "<script>"));

        Assert.Equal("submissionKey", refusal.Field);
        Assert.Empty(await Assessment.ReportsAsync(caseId, CancellationToken.None));
    }

    [Fact]
    public async Task When_the_e_service_keeps_failing_the_report_is_retried_then_dropped_as_a_file_for_that_municipality_only()
    {
        var caseId = await CaseFor(Ebba, "0123");
        await simulator.SetFaultAsync("eservice", "jarfalla", new { ErrorRate = 1.0 });
        await Assessment.SubmitReportAsync(caseId, "Flickan hämtades av polisen och kördes till familjehemmet.", "anna", CancellationToken.None);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, await Assessment.DeliverDueReportsAsync(CancellationToken.None));
            _time.Now = _time.Now.AddMinutes(3);
        }

        Assert.Equal(1, await Assessment.DeliverDueReportsAsync(CancellationToken.None));
        var report = Assert.Single(await Assessment.ReportsAsync(caseId, CancellationToken.None));
        Assert.Equal((ReportStatus.Delivered, "filkatalog (reservkanal)", 4), (report.Status, report.Channel, report.Attempts));
        var drop = Path.Combine(_dir.Path, "report-drop");
        var file = Assert.Single(Directory.GetFiles(drop, "*", SearchOption.AllDirectories));
        Assert.Equal(Path.Combine(drop, "0123"), Path.GetDirectoryName(file));
        Assert.Contains("Till: Järfälla (0123)", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_is_never_delivered_to_another_municipality_even_when_the_case_is_moved_after_it_was_written()
    {
        var caseId = await CaseFor(Ebba, "0123");
        var text = "Flickan hämtades av polisen och kördes till familjehemmet. " + Guid.NewGuid();
        await Assessment.SubmitReportAsync(caseId, text, "anna", CancellationToken.None);
        await _container!.Resolve<IIntakeModule>().ChangeMunicipalityAsync(caseId, "0191", "Folkbokförd i Sigtuna enligt polisen", "anna", CancellationToken.None);

        // Before intake's CaseMoved reaches the module, the delivery asks intake for the case's municipality and sends nothing.
        Assert.Equal(0, await Assessment.DeliverDueReportsAsync(CancellationToken.None));
        await IntakeEventsForTests.CaseMovedAsync(_container!, caseId, "0123", "0191", _time.GetUtcNow());
        Assert.Equal(0, await Assessment.DeliverDueReportsAsync(CancellationToken.None));

        var report = Assert.Single(await Assessment.ReportsAsync(caseId, CancellationToken.None));
        Assert.Equal(ReportStatus.Failed, report.Status);
        Assert.Contains("hör nu till kommun 0191", report.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(text, await simulator.Control.GetStringAsync("_sim/eservice/sigtuna"), StringComparison.Ordinal);
        Assert.DoesNotContain(text, await simulator.Control.GetStringAsync("_sim/eservice/jarfalla"), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "report-drop")));
        Assert.Single(await Assessment.UndeliveredReportsAsync(report.DueAt, CancellationToken.None));
        Assert.Contains(await _container!.Resolve<Core.Audit.IAuditLog>().RecentAsync(50), e => e.Action == "report.case-moved" && e.Subject == caseId && e.Details == "0123 -> 0191: 1 rapport(er)");
    }

    private async Task<JsonElement[]> Inbox(string tenant) =>
        JsonDocument.Parse(await simulator.Control.GetStringAsync($"_sim/eservice/{tenant}")).RootElement.EnumerateArray().ToArray();

    private static async Task WaitFor(Func<Task<bool>> condition, TimeSpan within)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < within, $"not within {within.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_case_move_waits_for_the_delivery_in_flight_and_a_report_that_left_becomes_a_wrong_municipality_deviation_and_goes_to_the_new_municipality()
    {
        var intake = _container!.Resolve<IIntakeModule>();
        var caseId = await CaseFor(Ebba, "0139");
        var text = "Flickan hämtades av polisen och kördes till jourhemmet. " + Guid.NewGuid();
        await simulator.SetFaultAsync("eservice", "upplandsbro", new { LatencyMs = 4000 }); // the delivery POST is slow
        await Assessment.SubmitReportAsync(caseId, text, "anna", CancellationToken.None);
        var attemptsBefore = JsonDocument.Parse(await simulator.Control.GetStringAsync("_sim/eservice/upplandsbro/attempts")).RootElement.GetArrayLength();

        var delivery = Assessment.DeliverDueReportsAsync(CancellationToken.None);
        await WaitFor(async () => JsonDocument.Parse(await simulator.Control.GetStringAsync("_sim/eservice/upplandsbro/attempts")).RootElement.GetArrayLength() > attemptsBefore, TimeSpan.FromSeconds(10));
        await intake.ChangeMunicipalityAsync(caseId, "0125", "Folkbokförd i Ekerö enligt folkbokföringen", "anna", CancellationToken.None);
        await IntakeEventsForTests.CaseMovedAsync(_container!, caseId, "0139", "0125", _time.GetUtcNow());

        // The move did not interleave with the delivery: while the report is on its way, the event waits for a retry …
        Assert.False(delivery.IsCompleted, "the POST should still be in flight");
        Assert.DoesNotContain(await Assessment.DeviationsAsync(openOnly: true, CancellationToken.None), d => d.CaseId == caseId);
        Assert.Equal(1, await delivery);
        Assert.Contains(await Inbox("upplandsbro"), e => e.GetProperty("report").GetProperty("text").GetString() == text);

        // … and when it is retried (after its backoff), it records the report that reached Upplands-Bro as a deviation about
        // Upplands-Bro in the case (now Ekerö's), and queues the report for Ekerö.
        _time.Now += TimeSpan.FromSeconds(10);
        await _container!.Resolve<Core.Events.IOutbox<IntakeDbContext>>().DispatchPendingAsync(CancellationToken.None);
        var deviation = Assert.Single(await Assessment.DeviationsAsync(openOnly: true, CancellationToken.None), d => d.CaseId == caseId);
        Assert.Equal((DeviationCategory.WrongMunicipality, "0139"), (deviation.Category, deviation.MunicipalityCode));
        Assert.Contains("Upplands-Bro (0139)", deviation.Description, StringComparison.Ordinal);
        Assert.Contains("flyttades därefter till Ekerö (0125)", deviation.Description, StringComparison.Ordinal);
        Assert.Equal(1, await Assessment.DeliverDueReportsAsync(CancellationToken.None));
        var reports = await Assessment.ReportsAsync(caseId, CancellationToken.None);
        Assert.Equal([("0139", ReportStatus.Delivered), ("0125", ReportStatus.Delivered)], reports.Select(r => (r.MunicipalityCode, r.Status)));
        Assert.Contains(await Inbox("ekero"), e => e.GetProperty("report").GetProperty("text").GetString() == text);

        // The same event once more (delivered at least once) changes nothing.
        await _container!.Resolve<ReportCaseMoved>().HandleAsync(new CaseMoved(caseId, "0139", "0125", false, _time.GetUtcNow()), new Core.Events.IntegrationEventContext("again", "intake", _time.GetUtcNow()), CancellationToken.None);
        Assert.Single(await Assessment.DeviationsAsync(openOnly: true, CancellationToken.None), d => d.CaseId == caseId);
        Assert.Equal(2, (await Assessment.ReportsAsync(caseId, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_notice_about_the_mother_stops_the_childs_decision_and_action_until_read_and_a_restricted_kind_needs_a_logged_reason()
    {
        const string Mother = "198511302385";
        var intake = _container!.Resolve<IIntakeModule>();
        var contact = await intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, "Polisen", "Våld i hemmet",
            [new PersonConcerned(Mother, "Mamma", null, "0191", CaseCategory.DomesticViolence), new PersonConcerned(Ebba, "Ebba", null, "0191", CaseCategory.ChildrenAndYouth)]),
            "anna", CancellationToken.None);
        var (motherCase, childCase) = (contact.Cases[0].Id, contact.Cases[1].Id);
        var notice = await intake.RegisterNoticeAsync(new NoticeRegistration("0191", Mother, "Inget ekonomiskt bistånd till mamman", null, null, NoticeRestriction.FinancialAid),
            "erik", CancellationToken.None);

        // The child's case shows the notice about the mother, naming her, and stops an action until it is read.
        var onChild = Assert.Single(await intake.CaseNoticesAsync(childCase, CancellationToken.None));
        Assert.Equal((notice.Id, motherCase), (onChild.Id, onChild.ConcernsCaseId));
        Assert.Contains("Mamma", onChild.ConcernsLabel, StringComparison.Ordinal);
        var stop = await Assert.ThrowsAsync<ValidationException>(() => Assessment.RecordActionAsync(childCase, new ActionInput(ActionKind.SupportTalk, null), "anna", CancellationToken.None));
        Assert.True(stop.Conflict);
        Assert.Contains("Inget ekonomiskt bistånd till mamman", stop.Message, StringComparison.Ordinal);

        // Read in the action's form: the action is recorded and the notice acknowledged for the child's case (not the mother's).
        await Assessment.RecordActionAsync(childCase, new ActionInput(ActionKind.SupportTalk, null, [notice.Id]), "anna", CancellationToken.None);
        Assert.True(Assert.Single(await intake.CaseNoticesAsync(childCase, CancellationToken.None)).Acknowledged);
        Assert.False(Assert.Single(await intake.CaseNoticesAsync(motherCase, CancellationToken.None)).Acknowledged);

        // On the mother's case: a SoL decision on financial aid waits for the notice, then for a reason, which is stored and logged.
        var sol = new DecisionInput(DecisionKind.SoL, "Ekonomiskt bistånd 800 kr till mamman", null, null, ActionKind.FinancialAid);
        Assert.True((await Assert.ThrowsAsync<ValidationException>(() => Assessment.DecideAsync(motherCase, sol, "anna", CancellationToken.None))).Conflict);
        Assert.Equal("noticeReason", (await Assert.ThrowsAsync<ValidationException>(() => Assessment.DecideAsync(motherCase, sol with { AcknowledgedNotices = [notice.Id] }, "anna", CancellationToken.None))).Field);
        var decision = await Assessment.DecideAsync(motherCase, sol with { AcknowledgedNotices = [notice.Id], NoticeReason = "Barnen saknar mat i natt, handläggaren nås inte" }, "anna", CancellationToken.None);
        Assert.Equal("Barnen saknar mat i natt, handläggaren nås inte", decision.NoticeReason);
        Assert.Contains(await _container!.Resolve<Core.Audit.IAuditLog>().RecentAsync(50), e => e.Action == "decision.against-notice" && e.Subject == motherCase
            && e.Details.Contains("notice " + notice.Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

        // A decision of another kind needs no reason once the notice is read.
        await Assessment.DecideAsync(motherCase, new DecisionInput(DecisionKind.SoL, "Akut boende på skyddat boende", null, null, ActionKind.EmergencyShelter), "anna", CancellationToken.None);
        Assert.Equal(2, (await Assessment.MeasuresAsync(motherCase, CancellationToken.None)).Decisions.Count);
    }

    [Fact]
    public async Task A_look_up_shows_the_municipalities_notices_about_the_person()
    {
        var caseId = await CaseFor(Maja, "0191");
        await _container!.Resolve<IIntakeModule>().RegisterNoticeAsync(new NoticeRegistration("0191", Maja, "Kontakta socialchefen innan placering", null, null, NoticeRestriction.Placement),
            "erik", CancellationToken.None);

        var result = await LookUp(Maja, caseId);

        var shown = Assert.Single(result.Notices);
        Assert.Equal(("0191", "Kontakta socialchefen innan placering", "Placement"), (shown.MunicipalityCode, shown.Text, shown.Restricts));
    }

    [Fact]
    public async Task A_recorded_decision_and_time_entry_publish_their_events_with_their_audit_entries()
    {
        var caseId = await CaseFor(Ebba, "0123");
        var decision = await Assessment.DecideAsync(caseId, new DecisionInput(DecisionKind.SoL, "Nödprövat ekonomiskt bistånd till mat", null, null, ActionKind.FinancialAid), "anna", CancellationToken.None);
        await Assessment.RecordTimeAsync(caseId, new TimeEntryInput(45, null), "anna", CancellationToken.None);

        // Each change's event and audit entry were saved in its transaction (one instant) and dispatched after the commit.
        await using var db = _container!.Resolve<Func<AssessmentDbContext>>()();
        var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Set<Core.Events.OutboxMessage>());
        var recorded = Assert.Single(rows, m => m.EventType == typeof(DecisionRecorded).FullName);
        Assert.Contains($"\"decisionId\":{decision.Id}", recorded.Payload, StringComparison.Ordinal);
        var audited = Assert.Single(rows, m => m.AuditAction == "decision" && m.AuditSubject == caseId);
        Assert.Equal(recorded.OccurredAt, audited.OccurredAt);
        var time = Assert.Single(rows, m => m.EventType == typeof(TimeRecorded).FullName);
        Assert.Contains("\"municipalityCode\":\"0123\"", time.Payload, StringComparison.Ordinal);
        Assert.Contains("\"minutes\":45", time.Payload, StringComparison.Ordinal);
        Assert.All(rows, m => Assert.NotNull(m.ProcessedAt));
        Assert.Contains(await _container!.Resolve<Core.Audit.IAuditLog>().RecentAsync(50), e => e.Action == "decision" && e.Subject == caseId && e.Details == "SoL");
    }

    [Fact]
    public async Task A_failing_subscriber_does_not_block_the_report_delivery()
    {
        using var dir = new TempDir();
        using var container = CoreHarness.Build(DemoConfig.CopyTo(dir, simulator.BaseUrl, simulatorHttps: simulator.HttpsUrl),
            new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, dir.File("data"), null), time: _time, withModules: true,
            configure: b =>
            {
                Core.Events.SubscriptionRegistration.Subscribe<ReportSubmitted, FailingSubscriber>(b);
                Core.Events.SubscriptionRegistration.Subscribe<ReportDelivered, FailingSubscriber>(b);
            });
        var assessment = container.Resolve<IAssessmentModule>();
        var caseId = (await container.Resolve<IIntakeModule>().RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, "Polisen", null,
            [new PersonConcerned(Ebba, null, null, "0123", CaseCategory.ChildrenAndYouth)]), "anna", CancellationToken.None)).Cases[0].Id;
        var text = "Flickan återförd till familjehemmet. " + Guid.NewGuid();

        var written = await assessment.SubmitReportAsync(caseId, text, "anna", CancellationToken.None);
        Assert.Equal(1, await assessment.DeliverDueReportsAsync(CancellationToken.None));

        Assert.Equal(ReportStatus.Delivered, Assert.Single(await assessment.ReportsAsync(caseId, CancellationToken.None)).Status);
        Assert.Contains(await Inbox("jarfalla"), e => e.GetProperty("report").GetProperty("text").GetString() == text);
        var audit = await container.Resolve<Core.Audit.IAuditLog>().RecentAsync(50);
        Assert.Contains(audit, e => e.Action == "report.written" && e.Subject == caseId);
        Assert.Contains(audit, e => e.Action == "report.delivered" && e.Subject == caseId);

        // The failing subscriber's events wait for their retry; nothing else waited for them.
        await using var db = container.Resolve<Func<AssessmentDbContext>>()();
        var waiting = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Set<Core.Events.OutboxMessage>()));
        Assert.Equal([typeof(ReportSubmitted).FullName, typeof(ReportDelivered).FullName],
            waiting.Where(m => m.ProcessedAt is null).OrderBy(m => m.OccurredAt).Select(m => m.EventType));
        Assert.All(waiting.Where(m => m.ProcessedAt is null), m => Assert.Contains(nameof(FailingSubscriber), m.LastError, StringComparison.Ordinal));
        Assert.Contains($"\"reportId\":{written.Id}", waiting.Single(m => m.EventType == typeof(ReportDelivered).FullName).Payload, StringComparison.Ordinal);
    }

    internal sealed class FailingSubscriber : Core.Events.IIntegrationEventHandler<ReportSubmitted>, Core.Events.IIntegrationEventHandler<ReportDelivered>
    {
        public Task HandleAsync(ReportSubmitted evt, Core.Events.IntegrationEventContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the subscriber is down");

        public Task HandleAsync(ReportDelivered evt, Core.Events.IntegrationEventContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the subscriber is down");
    }

    [Fact]
    public async Task A_report_delivered_again_after_a_crash_is_recognised_by_the_e_service_as_a_duplicate()
    {
        var caseId = await CaseFor(Ebba, "0123");
        var text = "Flickan återförd till familjehemmet av polisen. " + Guid.NewGuid();
        await Assessment.SubmitReportAsync(caseId, text, "anna", CancellationToken.None);
        Assert.Equal(1, await Assessment.DeliverDueReportsAsync(CancellationToken.None));
        var first = Assert.Single(await Assessment.ReportsAsync(caseId, CancellationToken.None));

        // The crash (kill -9): the e-service has the report, but the outcome was never saved, so the outbox sends it again.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir.File("data"), "assessment.db")};Pooling=False"))
        {
            connection.Open();
            using var undo = connection.CreateCommand();
            undo.CommandText = $"UPDATE reports SET Status = 'Queued', Attempts = 0, Receipt = NULL, DeliveredAt = NULL, Channel = NULL WHERE Id = {first.Id}";
            Assert.Equal(1, undo.ExecuteNonQuery());
        }

        Assert.Equal(1, await Assessment.DeliverDueReportsAsync(CancellationToken.None));

        var again = Assert.Single(await Assessment.ReportsAsync(caseId, CancellationToken.None));
        Assert.Equal(first.Receipt + " (redan mottagen: dubblett)", again.Receipt);
        var received = (await Inbox("jarfalla")).Where(e => e.GetProperty("report").GetProperty("text").GetString() == text).ToList();
        Assert.Equal([false, true], received.Select(e => e.GetProperty("duplicate").GetBoolean()));
        Assert.Single(received.Select(e => e.GetProperty("receipt").GetString()).Distinct());
        var key = received[0].GetProperty("idempotencyKey").GetString();
        Assert.StartsWith($"socialjour-{caseId}-{first.Id}-", key, StringComparison.Ordinal);
        Assert.Equal((first.Id, key), (received[1].GetProperty("report").GetProperty("reportId").GetInt64(), received[1].GetProperty("report").GetProperty("idempotencyKey").GetString()));
    }

    [Fact]
    public async Task A_hanging_e_service_fails_its_attempt_at_the_channel_time_limit_and_never_delays_another_municipalitys_report()
    {
        var hanging = await CaseFor(Ebba, "0123");
        var healthy = await CaseFor(Maja, "0191");
        var text = "Flickan hämtades vid Märsta station och kördes hem. " + Guid.NewGuid();
        await simulator.SetFaultAsync("eservice", "jarfalla", new { Hang = true });
        await Assessment.SubmitReportAsync(hanging, "Pojken hämtades av polisen och kördes till jourhemmet.", "anna", CancellationToken.None); // queued first
        await Assessment.SubmitReportAsync(healthy, text, "anna", CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var round = Assessment.DeliverDueReportsAsync(CancellationToken.None);
        await WaitFor(async () => (await Inbox("sigtuna")).Any(e => e.GetProperty("report").GetProperty("text").GetString() == text), TimeSpan.FromSeconds(20));
        var healthyAfter = clock.Elapsed;
        Assert.Equal(1, await round);
        var roundTook = clock.Elapsed;

        Assert.True(healthyAfter < TimeSpan.FromSeconds(3), $"Sigtuna's report waited {healthyAfter.TotalSeconds:0.0} s behind Järfälla's hanging e-service");
        Assert.InRange(roundTook, TimeSpan.FromSeconds(9.5), TimeSpan.FromSeconds(14)); // the e-service's limit is 10 s
        var stuck = Assert.Single(await Assessment.ReportsAsync(hanging, CancellationToken.None));
        Assert.Equal((ReportStatus.Queued, 1, "EService: inget svar inom 10 s"), (stuck.Status, stuck.Attempts, stuck.LastError));
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_1_minute_after_the_failure_then_2_minutes_after_the_next()
    {
        var caseId = await CaseFor(Ebba, "0123");
        await simulator.SetFaultAsync("eservice", "jarfalla", new { ErrorRate = 1.0 });
        await Assessment.SubmitReportAsync(caseId, "Flickan hämtades av polisen och kördes till familjehemmet.", "anna", CancellationToken.None);
        var start = _time.Now;

        async Task<int> AttemptsAt(TimeSpan after)
        {
            _time.Now = start + after;
            await Assessment.DeliverDueReportsAsync(CancellationToken.None);
            return Assert.Single(await Assessment.ReportsAsync(caseId, CancellationToken.None)).Attempts;
        }

        Assert.Equal(1, await AttemptsAt(TimeSpan.Zero));
        Assert.Equal(1, await AttemptsAt(TimeSpan.FromSeconds(59)));
        Assert.Equal(2, await AttemptsAt(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, await AttemptsAt(TimeSpan.FromSeconds(60 + 119)));
        Assert.Equal(3, await AttemptsAt(TimeSpan.FromSeconds(60 + 120)));
    }

    [Theory]
    [InlineData("2026-12-23T23:10:00+01:00", "2026-12-28T08:00:00+01:00")] // the night before Christmas Eve: Thu 24, Fri 25 and the weekend closed
    [InlineData("2027-03-27T23:30:00+01:00", "2027-03-30T08:00:00+02:00")] // the night clocks go forward, Easter Saturday: Easter Monday is a holiday
    [InlineData("2027-10-30T02:30:00+02:00", "2027-11-01T08:00:00+01:00")] // the night clocks go back
    public async Task The_report_deadline_follows_the_calendar_at_chosen_instants(string opened, string due)
    {
        _time.Now = DateTimeOffset.Parse(opened, CultureInfo.InvariantCulture);
        var caseId = await CaseFor(Maja, "0191");

        var report = await Assessment.SubmitReportAsync(caseId, "Flickan var ute ensam, återförd till HVB av jouren.", "anna", CancellationToken.None);

        Assert.Equal(DateTimeOffset.Parse(due, CultureInfo.InvariantCulture), report.DueAt);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_report_by_secure_e_mail_needs_STARTTLS_to_a_server_the_configured_CA_vouches_for(bool rightCa)
    {
        using var dir = new TempDir();
        var caFile = "secrets/combine-ca.pem";
        if (!rightCa)
        {
            using var key = System.Security.Cryptography.RSA.Create(2048);
            var other = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Annan CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256,
                System.Security.Cryptography.RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            Directory.CreateDirectory(dir.File("secrets"));
            File.WriteAllText(dir.File("secrets/other-ca.pem"), other.ExportCertificatePem());
            caFile = "secrets/other-ca.pem";
        }

        var mail = $"\"Primary\": {{ \"Kind\": \"SecureEmail\", \"Host\": \"127.0.0.1\", \"Port\": {simulator.SmtpPort}, \"From\": \"jouren@example.se\", \"To\": \"ifo@jarfalla.example\", \"ServerCa\": \"{caFile}\" }}";
        var config = DemoConfig.CopyTo(dir, simulator.BaseUrl, simulatorHttps: simulator.HttpsUrl,
            edit: j => j.Replace($"\"Primary\": {{ \"Kind\": \"EService\", \"Url\": \"{simulator.BaseUrl}eservice/jarfalla/reports\" }}", mail, StringComparison.Ordinal));
        Assert.Contains("ifo@jarfalla.example", File.ReadAllText(config), StringComparison.Ordinal);
        using var c = CoreHarness.Build(config, new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, dir.File("data"), null), time: _time, withModules: true);
        var caseId = (await c.Resolve<IIntakeModule>().RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
            [new PersonConcerned(Ebba, null, null, "0123", CaseCategory.ChildrenAndYouth)]), "anna", CancellationToken.None)).Cases[0].Id;
        var assessment = c.Resolve<IAssessmentModule>();
        var text = "Flickan återförd till familjehemmet. " + Guid.NewGuid();
        await assessment.SubmitReportAsync(caseId, text, "anna", CancellationToken.None);

        await assessment.DeliverDueReportsAsync(CancellationToken.None);

        var report = Assert.Single(await assessment.ReportsAsync(caseId, CancellationToken.None));
        var received = await simulator.Control.GetStringAsync("_sim/smtp");
        if (rightCa)
        {
            Assert.Equal((ReportStatus.Delivered, "säker e-post"), (report.Status, report.Channel));
            Assert.StartsWith("E-POST ", report.Receipt, StringComparison.Ordinal);
            Assert.Contains(text, received, StringComparison.Ordinal);
            Assert.Contains("ifo@jarfalla.example", received, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(ReportStatus.Queued, report.Status);
            Assert.Contains("SecureEmail", report.LastError, StringComparison.Ordinal);
            Assert.DoesNotContain(text, received, StringComparison.Ordinal);
        }
    }
}
