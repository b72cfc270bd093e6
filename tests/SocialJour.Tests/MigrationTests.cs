using Microsoft.Data.Sqlite;
using Npgsql;

namespace SocialJour.Tests;

/// <summary>EF migrations per module (ADR 0018): a fresh database, one from before migrations, one missing a table; start-up failures.</summary>
public sealed class MigrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly string[] Modules = ["core", "intake", "assessment", "billing", "statistics"];

    private static List<string> Sqlite(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetValue(0).ToString()!);
        }

        return rows;
    }

    [Fact]
    public void A_fresh_SQLite_folder_gets_every_modules_migrations_and_its_history()
    {
        using var dir = new TempDir();
        using (CoreHarness.Build(DemoConfig.CopyTo(dir), new SocialJour.Core.Persistence.DatabaseOptions(SocialJour.Core.Persistence.DatabaseProvider.Sqlite, dir.File("data"), null), withModules: true))
        {
        }

        foreach (var m in Modules)
        {
            var history = Sqlite(Path.Combine(dir.File("data"), m + ".db"), $"SELECT MigrationId FROM __migrations_{m}");
            Assert.Contains(history, id => id.EndsWith("_Initial", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_SQLite_database_from_before_migrations_is_adopted_and_keeps_its_data()
    {
        using var dir = new TempDir();
        var data = dir.File("data");
        var config = DemoConfig.CopyTo(dir);
        using (var c = CoreHarness.Build(config, data))
        {
            await Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Audit.IAuditLog>(c).AppendAsync("erik", "login", "", "");
        }

        // What EnsureCreated of the version before migrations left (session 3's schema): no history, none of the tables and
        // columns the later migrations add.
        var core = Path.Combine(data, "core.db");
        Sqlite(core, "DROP TABLE __migrations_core");
        Sqlite(core, "DROP INDEX IF EXISTS IX_audit_entries_SourceKey");
        Sqlite(core, "DROP INDEX IF EXISTS IX_audit_entries_Action_Subject"); // FollowUpIndexes
        Sqlite(core, "DROP INDEX IF EXISTS IX_access_log_Kind_Sequence");
        Sqlite(core, "ALTER TABLE tree_heads DROP COLUMN RedactedUpTo"); // TreeHeadRedactionBoundary
        Sqlite(core, "ALTER TABLE audit_entries DROP COLUMN SourceKey");
        foreach (var table in new[] { "outbox_deliveries", "outbox_messages", "jour_case_persons", "jour_cases", "data_protection_keys", "logout_tokens", "staff_members" })
        {
            Sqlite(core, $"DROP TABLE {table}");
        }

        foreach (var column in new[] { "ProviderSession", "ProviderSubject" })
        {
            Sqlite(core, $"DROP INDEX IF EXISTS IX_sessions_{column}");
            Sqlite(core, $"ALTER TABLE sessions DROP COLUMN {column}");
        }

        using (var c = CoreHarness.Build(config, data))
        {
            var recent = await Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Audit.IAuditLog>(c).RecentAsync(10);
            Assert.Contains(recent, r => r.Actor == "erik");
        }

        // The first migration recorded as the baseline, the later ones applied on top.
        var history = Sqlite(core, "SELECT MigrationId FROM __migrations_core");
        Assert.EndsWith("_Initial", history[0], StringComparison.Ordinal);
        Assert.Contains(history, id => id.EndsWith("_Seams", StringComparison.Ordinal));
    }

    [Fact]
    public void A_SQLite_database_from_before_migrations_missing_a_table_is_refused_naming_module_and_table()
    {
        using var dir = new TempDir();
        var data = dir.File("data");
        var config = DemoConfig.CopyTo(dir);
        var database = new SocialJour.Core.Persistence.DatabaseOptions(SocialJour.Core.Persistence.DatabaseProvider.Sqlite, data, null);
        using (CoreHarness.Build(config, database, withModules: true))
        {
        }

        // An intake file older still: no history, and a table the first migration has is missing.
        var intake = Path.Combine(data, "intake.db");
        Sqlite(intake, "DROP TABLE __migrations_intake");
        Sqlite(intake, "DROP TABLE related_parties");

        var e = Assert.ThrowsAny<Exception>(() => CoreHarness.Build(config, database, withModules: true).Dispose());
        var refusal = Assert.IsType<SocialJour.Core.Persistence.DatabaseSchemaException>(e.GetBaseException());
        Assert.Contains("intake", refusal.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("related_parties", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Protection_assessments_from_before_the_outbox_are_published_once_so_intake_learns_them()
    {
        using var dir = new TempDir();
        var data = dir.File("data");
        var config = DemoConfig.CopyTo(dir);
        var database = new SocialJour.Core.Persistence.DatabaseOptions(SocialJour.Core.Persistence.DatabaseProvider.Sqlite, data, null);
        using (CoreHarness.Build(config, database, withModules: true))
        {
        }

        // The assessment file as the version before migrations left it, with one documented protection assessment.
        var assessment = Path.Combine(data, "assessment.db");
        foreach (var sql in new[]
        {
            "DROP TABLE __migrations_assessment", "DROP TABLE outbox_deliveries", "DROP TABLE outbox_messages",
            "DROP TABLE idempotent_requests", // IdempotencyKeys
            "ALTER TABLE decisions DROP COLUMN Grants", "ALTER TABLE decisions DROP COLUMN NoticeReason", "ALTER TABLE actions DROP COLUMN NoticeReason", // NoticeStop
            "ALTER TABLE decisions DROP COLUMN DecisionMakerReachedAt", // DecisionMakerReached
            "DROP INDEX IX_reports_CaseId_SubmissionKey", "DROP TABLE report_drafts", // ReportDrafts
            "ALTER TABLE reports DROP COLUMN Document", "ALTER TABLE reports DROP COLUMN PersonId", "ALTER TABLE reports DROP COLUMN PersonName",
            "ALTER TABLE reports DROP COLUMN ProtectedPerson", "ALTER TABLE reports DROP COLUMN SubmissionKey",
            "INSERT INTO protection_assessments (CaseId, Outcome, Reasoning, AssessedBy, AssessedAt) VALUES ('J7', 'NoImmediateNeed', 'Barnet är tryggt hos mormor.', 'anna', 1790000000123)",
        })
        {
            Sqlite(assessment, sql);
        }

        var received = new System.Collections.Concurrent.ConcurrentQueue<SocialJour.Modules.Assessment.Contracts.ProtectionAssessmentDocumented>();
        using (var c = CoreHarness.Build(config, database, withModules: true, configure: b =>
        {
            Autofac.RegistrationExtensions.RegisterInstance(b, received);
            SocialJour.Core.Events.SubscriptionRegistration.Subscribe<SocialJour.Modules.Assessment.Contracts.ProtectionAssessmentDocumented, EarlierAssessments>(b);
        }))
        {
            foreach (var outbox in Autofac.ResolutionExtensions.Resolve<IEnumerable<SocialJour.Core.Events.IOutbox>>(c))
            {
                await outbox.DispatchPendingAsync(CancellationToken.None);
            }
        }

        var evt = Assert.Single(received);
        Assert.Equal("J7", evt.CaseId);
        Assert.Equal(SocialJour.Modules.Assessment.Contracts.ProtectionOutcome.NoImmediateNeed, evt.Outcome);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1790000000123), evt.At);
    }

    internal sealed class EarlierAssessments(System.Collections.Concurrent.ConcurrentQueue<SocialJour.Modules.Assessment.Contracts.ProtectionAssessmentDocumented> received)
        : SocialJour.Core.Events.IIntegrationEventHandler<SocialJour.Modules.Assessment.Contracts.ProtectionAssessmentDocumented>
    {
        public Task HandleAsync(SocialJour.Modules.Assessment.Contracts.ProtectionAssessmentDocumented evt, SocialJour.Core.Events.IntegrationEventContext context, CancellationToken cancellationToken)
        {
            received.Enqueue(evt);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_PostgreSQL_schema_from_before_migrations_missing_a_table_is_refused_naming_module_and_table()
    {
        using var dir = new TempDir();
        var cs = postgres.ConnectionString;
        using (CoreHarness.Build(DemoConfig.CopyTo(dir), new SocialJour.Core.Persistence.DatabaseOptions(SocialJour.Core.Persistence.DatabaseProvider.PostgreSql, "", cs), withModules: true))
        {
        }

        await using (var connection = new NpgsqlConnection(cs))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand("DROP TABLE intake.__migrations; DROP TABLE intake.notices", connection);
            await cmd.ExecuteNonQueryAsync();
        }

        var e = Assert.Throws<SocialJour.Core.Persistence.DatabaseSchemaException>(() => CoreHarness.Build(DemoConfig.CopyTo(dir),
            new SocialJour.Core.Persistence.DatabaseOptions(SocialJour.Core.Persistence.DatabaseProvider.PostgreSql, "", cs), withModules: true));

        Assert.Contains("Modulen intake", e.Message, StringComparison.Ordinal);
        Assert.Contains("notices", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_against_a_missing_PostgreSQL_database_exits_2_with_a_Swedish_message()
    {
        using var dir = new TempDir();
        var (code, output) = await CommandLineTests.Run(CommandLineTests.HostDll, ["--urls", "http://127.0.0.1:0"], Path.Combine(TestPaths.RepoRoot, "src", "SocialJour.Host"), new Dictionary<string, string>
        {
            ["SocialJour__ConfigurationPath"] = DemoConfig.CopyTo(dir),
            ["SocialJour__Database__Provider"] = "PostgreSQL",
            ["SocialJour__Database__ConnectionString"] = postgres.ConnectionString.Replace("Database=socialjour", "Database=finns_inte", StringComparison.Ordinal) + ";Password=hemligt-xyz",
        });

        Assert.Equal(2, code);
        Assert.Contains("PostgreSQL-databasen finns_inte", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hemligt-xyz", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_with_a_wrong_PostgreSQL_password_exits_2_with_a_Swedish_message_and_no_password()
    {
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE ROLE jour_pw LOGIN PASSWORD 'ratt-losen-1'", connection);
            await create.ExecuteNonQueryAsync();
        }

        await postgres.RequirePasswordForAsync("jour_pw");
        using var dir = new TempDir();
        var (code, output) = await CommandLineTests.Run(CommandLineTests.HostDll, ["--urls", "http://127.0.0.1:0"], Path.Combine(TestPaths.RepoRoot, "src", "SocialJour.Host"), new Dictionary<string, string>
        {
            ["SocialJour__ConfigurationPath"] = DemoConfig.CopyTo(dir),
            ["SocialJour__Database__Provider"] = "PostgreSQL",
            ["SocialJour__Database__ConnectionString"] = postgres.ConnectionString.Replace("Username=postgres", "Username=jour_pw", StringComparison.Ordinal) + ";Password=fel-losen-2",
        });

        Assert.Equal(2, code);
        Assert.Contains("nekade inloggning för användaren jour_pw", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fel-losen-2", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Socialjour_migrate_reports_per_module_and_then_finds_nothing_to_do()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir);
        string[] args = ["migrate", "--config", config, "--plugins", TestPaths.Plugins, "--data", dir.File("data")];

        var (first, firstOut) = await CommandLineTests.Run(CommandLineTests.Cli, args, TestPaths.RepoRoot);
        var (second, secondOut) = await CommandLineTests.Run(CommandLineTests.Cli, args, TestPaths.RepoRoot);

        Assert.True(first == 0, firstOut);
        Assert.Matches(@"intake: körde \d+ migrering\(ar\):", firstOut);
        Assert.Equal(0, second);
        Assert.Contains("Databaserna var redan aktuella.", secondOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_runtime_role_does_the_hosts_work_but_cannot_update_or_delete_the_logs_and_only_the_owner_deletes_by_the_retention_rule()
    {
        using var dir = new TempDir();
        await Exec(postgres.ConnectionString, "CREATE ROLE socialjour_owner LOGIN; CREATE ROLE socialjour_runtime LOGIN");
        await Exec(postgres.ConnectionString, "CREATE DATABASE socialjour_dba OWNER socialjour_owner");
        var owner = postgres.ConnectionString.Replace("Username=postgres;Database=socialjour", "Username=socialjour_owner;Database=socialjour_dba", StringComparison.Ordinal);
        var runtime = owner.Replace("socialjour_owner", "socialjour_runtime", StringComparison.Ordinal);
        var config = DemoConfig.CopyTo(dir);

        // The runtime role cannot create the schemas: a clear refusal, not a stack trace.
        var denied = Assert.Throws<SocialJour.Core.Persistence.DatabaseSchemaException>(() => CoreHarness.Build(config, Pg(runtime), withModules: true));
        Assert.Contains("saknar behörighet", denied.Message, StringComparison.Ordinal);

        // The host process itself, started by the runtime role with migrations pending and MigrateAtStartup on: exit 2, one Swedish line.
        var (hostCode, hostOutput) = await CommandLineTests.Run(CommandLineTests.HostDll, ["--urls", "http://127.0.0.1:0"], Path.Combine(TestPaths.RepoRoot, "src", "SocialJour.Host"), new Dictionary<string, string>
        {
            ["SocialJour__ConfigurationPath"] = config,
            ["SocialJour__Database__Provider"] = "PostgreSQL",
            ["SocialJour__Database__MigrateAtStartup"] = "true",
            ["SocialJour__Database__ConnectionString"] = runtime,
        });
        Assert.Equal(2, hostCode);
        Assert.Contains("saknar behörighet", hostOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", hostOutput, StringComparison.Ordinal);

        var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli, ["migrate", "--provider", "PostgreSQL", "--config", config, "--plugins", TestPaths.Plugins], TestPaths.RepoRoot,
            new Dictionary<string, string> { ["SocialJour__Database__ConnectionString"] = owner });
        Assert.True(code == 0, output);
        // An earlier version of the script let the runtime role blank the access log's content: running it again takes that away.
        await Exec(owner, "GRANT UPDATE (\"PersonId\", \"Purpose\") ON core.access_log TO socialjour_runtime");
        await Exec(owner, await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "docs", "sql", "runtime-role.sql")));

        using (var c = CoreHarness.Build(config, Pg(runtime), withModules: true))
        {
            await Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Audit.IAuditLog>(c).AppendAsync("anna", "login", "", "");
            await Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Lookup.IAccessLog>(c).AppendAsync(new(SocialJour.Core.Lookup.AccessKind.EmergencyLookup, "anna", "201003152384", null, "Nödöppning", "Akut", "x1", [new("0191", SocialJour.Adapters.Contract.SourceStatus.Found)]));
            Assert.True((await Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Audit.IAuditLog>(c).VerifyAsync()).Intact);

            // The heartbeat (operations schema) as the runtime role (ADR 0029).
            await Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Operations.IHostHeartbeats>(c).BeatAsync(new("vard-1", new string('a', 64), "1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), CancellationToken.None);

            // Billing as the runtime role: time through the events, a cost, an approval (a locked version).
            var billing = Autofac.ResolutionExtensions.Resolve<SocialJour.Modules.Billing.Contracts.IBillingModule>(c);
            await Billing.BillingTestBed.TimeAsync(c, "J1", "0191", 60, new DateTimeOffset(2021, 2, 3, 20, 0, 0, TimeSpan.FromHours(1)));
            await billing.EnterCostAsync(2021, new(SocialJour.Modules.Billing.Contracts.CostKind.Budget, 9_723_000m, null), "erik", CancellationToken.None);
            Assert.Equal(1, (await billing.ApproveAsync(2021, SocialJour.Modules.Billing.Contracts.BillingPeriodKind.Budget, "erik", CancellationToken.None)).Version);
        }

        // The host process as the runtime role on the DBA-prepared database: it starts (Quartz's clustered store, the Data
        // Protection key ring, the heartbeat), is ready, signs anna in and registers a contact, and nothing is refused.
        var port = HostProcesses.FreePort();
        var hostLog = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using (var host = HostProcesses.Start(port, new Dictionary<string, string>
        {
            ["HOME"] = Directory.CreateDirectory(Path.Combine(dir.Path, "home")).FullName,
            ["SocialJour__ConfigurationPath"] = config,
            ["SocialJour__PluginsDirectory"] = TestPaths.Plugins,
            ["SocialJour__Database__Provider"] = "PostgreSQL",
            ["SocialJour__Database__ConnectionString"] = runtime,
            ["SocialJour__Database__MigrateAtStartup"] = "false",
            ["SocialJour__Transparency__PublicationDirectory"] = Path.Combine(dir.Path, "published"),
        }, hostLog.Enqueue))
        {
            try
            {
                using var client = await HostProcesses.LoggedInClientAsync(port, "/health/live", TimeSpan.FromSeconds(90));
                using var contact = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/contacts", new
                {
                    channel = "Police",
                    duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
                    situation = "Körroll",
                    persons = new object[] { new { identityNumber = "201003152384", municipalityCode = "0191", category = "ChildrenAndYouth" } },
                });
                Assert.True(contact.StatusCode == System.Net.HttpStatusCode.Created, await contact.Content.ReadAsStringAsync());
                using var ready = await client.GetAsync("/health/ready");
                Assert.NotEqual(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }
            finally
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }
        }

        Assert.DoesNotContain(hostLog, l => l.Contains("42501", StringComparison.Ordinal) || l.Contains("permission denied", StringComparison.OrdinalIgnoreCase));

        var update = await Assert.ThrowsAsync<PostgresException>(() => Exec(runtime, "UPDATE core.audit_entries SET \"Actor\" = 'x'"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => Exec(runtime, "DELETE FROM core.access_log"));
        var locked = await Assert.ThrowsAsync<PostgresException>(() => Exec(runtime, "UPDATE billing.settlements SET \"Split\" = '{}'"));
        var content = await Assert.ThrowsAsync<PostgresException>(() => Exec(runtime, "UPDATE core.access_log SET \"PersonId\" = '' WHERE false"));
        var leaf = await Assert.ThrowsAsync<PostgresException>(() => Exec(runtime, "UPDATE core.access_log SET \"LeafHash\" = 'x', \"At\" = 0"));
        Assert.Equal(("42501", "42501", "42501", "42501", "42501"), (update.SqlState, delete.SqlState, locked.SqlState, content.SqlState, leaf.SqlState));

        // Access-log retention (ADR 0029), six years on: the runtime role is refused before anything is archived or recorded;
        // the owner role archives, records and blanks.
        var later = new FixedTime(DateTimeOffset.UtcNow.AddYears(6));
        SocialJour.Core.Operations.RetentionPlan? due = null;
        var archive = Path.Combine(dir.Path, "arkiv");
        var signing = new SocialJour.Core.Audit.TransparencyOptions(await File.ReadAllTextAsync(TestPaths.DemoSigningKey), null);
        using (var c = CoreHarness.Build(config, Pg(runtime), time: later, transparency: signing))
        {
            var retention = Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Operations.IAccessLogRetention>(c);
            Assert.False(await retention.MayDeleteAsync(CancellationToken.None));
            var refused = await Assert.ThrowsAsync<SocialJour.Core.Operations.RetentionNotPermittedException>(() => retention.ApplyAsync(5, archive, "system:gallring", CancellationToken.None));
            Assert.Contains("ägarrollens anslutning", refused.Message, StringComparison.Ordinal);
            Assert.True(refused.Plan.Count >= 1);
            due = refused.Plan;
            Assert.False(Directory.Exists(archive));
            Assert.DoesNotContain(await Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Audit.IAuditLog>(c).RecentAsync(10), a => a.Action == "access-log.retention");
        }

        using (var c = CoreHarness.Build(config, Pg(owner), time: later, transparency: signing,
                   configure: b => Autofac.RegistrationExtensions.RegisterInstance(b, new SocialJour.Core.Operations.AccessLogRetentionOptions(5, archive))))
        {
            var retention = Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Operations.IAccessLogRetention>(c);
            Assert.True(await retention.MayDeleteAsync(CancellationToken.None));
            var result = await retention.ApplyAsync(5, archive, "it:owner", CancellationToken.None);
            Assert.Equal((1L, due!.Last), (result.Plan.First, result.Plan.Last));
            Assert.True(File.Exists(result.ArchivePath));
            Assert.Contains(await Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Audit.IAuditLog>(c).RecentAsync(10), a => a.Action == "access-log.retention" && a.Subject == $"1-{due.Last}");
            Assert.All(await Autofac.ResolutionExtensions.Resolve<SocialJour.Core.Audit.IChainVerifier>(c).VerifyAllAsync(CancellationToken.None), v => Assert.True(v.Intact, v.Problem));
        }
    }

    private static SocialJour.Core.Persistence.DatabaseOptions Pg(string cs) => new(SocialJour.Core.Persistence.DatabaseProvider.PostgreSql, "", cs);

    private static async Task Exec(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
