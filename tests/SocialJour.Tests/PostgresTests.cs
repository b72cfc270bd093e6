using Autofac;
using Npgsql;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests;

/// <summary>The same core on PostgreSQL, where a jour outgrows one machine: one schema per module.</summary>
public sealed class PostgresTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private IContainer Core(TempDir dir) =>
        CoreHarness.Build(DemoConfig.CopyTo(dir), new DatabaseOptions(DatabaseProvider.PostgreSql, "", postgres.ConnectionString), withModules: true);

    private async Task<List<string>> Query(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetValue(0).ToString()!);
        }

        return rows;
    }

    [Fact]
    public async Task The_core_gets_its_own_schema_with_its_tables_and_the_modules_answer()
    {
        using var dir = new TempDir();
        using var container = Core(dir);

        var schemas = await Query("SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('core','intake','assessment','billing','statistics') ORDER BY 1");
        var coreTables = await Query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'core' AND table_name NOT LIKE 'qrtz%' ORDER BY 1");
        var quartzTables = await Query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'core' AND table_name LIKE 'qrtz%' ORDER BY 1");

        Assert.Contains("core", schemas);
        Assert.Equal(["__migrations", "access_log", "adapter_checks", "audit_entries", "chain_checks", "data_protection_keys", "emergency_openings", "jour_case_persons", "jour_cases", "login_attempts", "logout_tokens", "outbox_deliveries", "outbox_messages", "retained_lookups", "sessions", "staff_members", "tree_heads"], coreTables);
        Assert.Equal(["qrtz_blob_triggers", "qrtz_calendars", "qrtz_cron_triggers", "qrtz_execution_history", "qrtz_fired_triggers", "qrtz_job_details", "qrtz_job_status", "qrtz_locks", "qrtz_misfire_history", "qrtz_paused_job_grps", "qrtz_paused_trigger_grps", "qrtz_scheduler_state", "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_triggers"], quartzTables); // ADR 0028, Quartz 4.7.3
        Assert.True(await container.Resolve<IIntakeModule>().IsHealthyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_audit_chain_works_and_detects_an_edit_on_PostgreSQL()
    {
        using var dir = new TempDir();
        using var container = Core(dir);
        var log = container.Resolve<IAuditLog>();
        var before = (await log.VerifyAsync()).EntriesChecked;
        for (var i = 0; i < 3; i++)
        {
            await log.AppendAsync("anna", "lookup", $"J-{i}", "");
        }

        Assert.True((await log.VerifyAsync()).Intact);
        Assert.Equal(before + 3, (await log.VerifyAsync()).EntriesChecked);

        await Query($"UPDATE core.audit_entries SET \"Subject\" = 'J-forged' WHERE \"Sequence\" = {before + 2} RETURNING 1");
        var result = await log.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(before + 2, result.FirstBrokenSequence);
        await Query($"DELETE FROM core.audit_entries WHERE \"Sequence\" > {before} RETURNING 1");
    }

    [Fact]
    public async Task Starting_twice_keeps_the_data()
    {
        using var dir = new TempDir();
        using (var first = Core(dir))
        {
            await first.Resolve<IAuditLog>().AppendAsync("erik", "login", "", "");
        }

        using var second = Core(dir);
        var recent = await second.Resolve<IAuditLog>().RecentAsync(50);

        Assert.Contains(recent, r => r.Actor == "erik");
        await CoreStartup.InitializeDatabasesAsync(second, CancellationToken.None); // idempotent
    }

    [Fact]
    public async Task Two_hosts_appending_to_the_access_log_at_once_keep_one_unbroken_chain()
    {
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        using var a = Core(dirA);
        using var b = Core(dirB);
        var logA = a.Resolve<SocialJour.Core.Lookup.IAccessLog>();
        var logB = b.Resolve<SocialJour.Core.Lookup.IAccessLog>();
        var before = (await logA.VerifyAsync()).EntriesChecked;

        SocialJour.Core.Lookup.AccessDraft Draft(string host, int i) => new(SocialJour.Core.Lookup.AccessKind.Lookup, "anna", "201003152384", "J1", "Skyddsbedömning",
            null, $"{host}-{i}", [new("0191", SocialJour.Adapters.Contract.SourceStatus.Found)]);
        await Task.WhenAll(Enumerable.Range(0, 30).SelectMany(i => new[] { logA.AppendAsync(Draft("a", i)), logB.AppendAsync(Draft("b", i)) }));

        var verification = await logA.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(before + 60, verification.EntriesChecked);
        Assert.Equal(60, (await logB.ForPeriodAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5))).Count(e => e.LookupId.Length > 1 && e.LookupId[1] == '-'));
    }

    [Fact]
    public async Task Two_hosts_deliver_a_report_once_and_a_move_on_one_is_handled_after_the_others_delivery_in_flight()
    {
        var simulator = new SimulatorFixture();
        await simulator.InitializeAsync();
        try
        {
            using var dirA = new TempDir();
            using var dirB = new TempDir();
            using var a = CoreHarness.Build(DemoConfig.CopyTo(dirA, simulator.BaseUrl), new DatabaseOptions(DatabaseProvider.PostgreSql, "", postgres.ConnectionString), withModules: true);
            using var b = CoreHarness.Build(DemoConfig.CopyTo(dirB, simulator.BaseUrl), new DatabaseOptions(DatabaseProvider.PostgreSql, "", postgres.ConnectionString), withModules: true);
            var assessmentA = a.Resolve<SocialJour.Modules.Assessment.Contracts.IAssessmentModule>();
            var assessmentB = b.Resolve<SocialJour.Modules.Assessment.Contracts.IAssessmentModule>();
            var caseId = (await a.Resolve<IIntakeModule>().RegisterContactAsync(new SocialJour.Modules.Intake.Contracts.ContactRegistration(
                SocialJour.Modules.Intake.Contracts.ContactChannel.Police, null, "Polisen", null,
                [new SocialJour.Modules.Intake.Contracts.PersonConcerned("201107222380", null, null, "0139", SocialJour.Modules.Intake.Contracts.CaseCategory.ChildrenAndYouth)]),
                "anna", CancellationToken.None)).Cases[0].Id;
            var text = "Flickan hämtades av polisen och kördes till jourhemmet. " + Guid.NewGuid();
            await simulator.SetFaultAsync("eservice", "upplandsbro", new { LatencyMs = 7000 }); // long enough for the move below on a loaded machine, under the 10 s limit
            await assessmentA.SubmitReportAsync(caseId, text, "anna", CancellationToken.None);

            async Task<int> Attempts() => System.Text.Json.JsonDocument.Parse(await simulator.Control.GetStringAsync("_sim/eservice/upplandsbro/attempts")).RootElement.GetArrayLength();
            var attemptsBefore = await Attempts();

            // Both hosts' delivery jobs run at once: one takes the lease, the other leaves the report alone.
            var deliveryA = assessmentA.DeliverDueReportsAsync(CancellationToken.None);
            var deliveryB = assessmentB.DeliverDueReportsAsync(CancellationToken.None);
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (await Attempts() == attemptsBefore)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10));
                await Task.Delay(50);
            }

            // A move on host B while a POST is in flight: intake's CaseMoved reaches the Assessment module's subscriber on host B,
            // which cannot take the report's lease and is retried by the outbox until the delivery is done.
            await b.Resolve<IIntakeModule>().ChangeMunicipalityAsync(caseId, "0125", "Folkbokförd i Ekerö enligt folkbokföringen", "anna", CancellationToken.None);
            await IntakeEventsForTests.CaseMovedAsync(b, caseId, "0139", "0125", DateTimeOffset.UtcNow);
            Assert.False(deliveryA.IsCompleted && deliveryB.IsCompleted, "the POST should still be in flight");
            Assert.DoesNotContain(await assessmentA.DeviationsAsync(openOnly: true, CancellationToken.None), d => d.CaseId == caseId);

            Assert.Equal(1, await deliveryA + await deliveryB);
            Assert.Single(System.Text.Json.JsonDocument.Parse(await simulator.Control.GetStringAsync("_sim/eservice/upplandsbro")).RootElement.EnumerateArray(),
                e => e.GetProperty("report").GetProperty("text").GetString() == text);

            // After its backoff, a dispatcher on either host handles the move: the report that left becomes a deviation.
            var outboxA = a.Resolve<SocialJour.Core.Events.IOutbox<SocialJour.Modules.Intake.IntakeDbContext>>();
            var retried = System.Diagnostics.Stopwatch.StartNew();
            while (!(await assessmentA.DeviationsAsync(openOnly: true, CancellationToken.None)).Any(d => d.CaseId == caseId))
            {
                Assert.True(retried.Elapsed < TimeSpan.FromSeconds(20), "the move was not retried after the delivery");
                await outboxA.DispatchPendingAsync(CancellationToken.None);
                await Task.Delay(200);
            }

            var deviation = Assert.Single(await assessmentA.DeviationsAsync(openOnly: true, CancellationToken.None), d => d.CaseId == caseId);
            Assert.Equal((SocialJour.Modules.Assessment.Contracts.DeviationCategory.WrongMunicipality, "0139"), (deviation.Category, deviation.MunicipalityCode));
            Assert.Equal(["0139", "0125"], (await assessmentA.ReportsAsync(caseId, CancellationToken.None)).Select(r => r.MunicipalityCode));
        }
        finally
        {
            await simulator.DisposeAsync();
        }
    }
}
