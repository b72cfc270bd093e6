using System.Text.Json.Nodes;
using Autofac;
using Microsoft.Data.Sqlite;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;
using SocialJour.Core.Persistence;
using SocialJour.Core.Sessions;
using SocialJour.Modules.Billing.Contracts;
using SocialJour.Tests.Billing;

namespace SocialJour.Tests.Security;

/// <summary>
/// Someone with write access to the databases changes what lies beside the logs (issue 23 3b, 3c): a locked billing
/// version's amounts, the review columns of emergency openings, staff display names; and deletes a billing approval's
/// audit entry before the hourly publication. Each went undetected; each is now bound to the tamper-evident logs.
/// </summary>
public sealed class LogBindingAttackTests : IDisposable
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(new DateTimeOffset(2022, 1, 20, 9, 0, 0, Winter));
    private readonly IContainer _container;

    public LogBindingAttackTests() =>
        _container = CoreHarness.Build(DemoConfig.CopyTo(_dir), new DatabaseOptions(DatabaseProvider.Sqlite, Data, null), time: _time, withModules: true,
            transparency: new TransparencyOptions(File.ReadAllText(TestPaths.DemoSigningKey), Published));

    private string Data => _dir.File("data");

    private string Published => _dir.File("published");

    private IBillingModule Billing => _container.Resolve<IBillingModule>();

    public void Dispose()
    {
        _container.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_locked_versions_per_payer_amounts_changed_in_the_table_with_the_total_unchanged_are_refused_when_read()
    {
        await BudgetWithTimeAsync();
        var approved = await Billing.ApproveAsync(2021, BillingPeriodKind.Budget, "erik", CancellationToken.None);
        Assert.Equal(approved.Payers, (await Billing.SplitAsync(2021, BillingPeriodKind.Budget, null, CancellationToken.None)).Payers);

        // The attacker moves 100 000 kr from one payer to another in the stored version: the total (all the old audit entry
        // recorded) stays the same.
        var split = JsonNode.Parse(Scalar("billing.db", "SELECT Split FROM settlements WHERE Version = 1"))!;
        var payers = split["payers"]!.AsArray();
        payers[0]!["toInvoice"] = payers[0]!["toInvoice"]!.GetValue<decimal>() + 100_000m;
        payers[1]!["toInvoice"] = payers[1]!["toInvoice"]!.GetValue<decimal>() - 100_000m;
        Sql("billing.db", "UPDATE settlements SET Split = $split WHERE Version = 1", ("$split", split.ToJsonString()));

        var read = await Assert.ThrowsAsync<ValidationException>(() => Billing.SplitAsync(2021, BillingPeriodKind.Budget, null, CancellationToken.None));
        Assert.Contains("stämmer inte med det som godkändes", read.Message, StringComparison.Ordinal);
        Assert.True(read.Conflict); // 409 over HTTP: the request is fine, the stored data contradicts the log
        await Assert.ThrowsAsync<ValidationException>(() => Billing.SplitAsync(2021, BillingPeriodKind.Budget, 1, CancellationToken.None));
        var invoice = await Assert.ThrowsAsync<ValidationException>(() => Billing.InvoiceBasisAsync(2021, BillingPeriodKind.Budget, approved.Payers[0].MunicipalityCode, approved.Payers[0].Committee, CancellationToken.None));
        Assert.Contains("fakturera inte från den här versionen", invoice.Message, StringComparison.Ordinal);

        // A version inserted into the table without an approval in the audit log is refused too.
        Sql("billing.db", "UPDATE settlements SET Version = 2 WHERE Version = 1");
        var forged = await Assert.ThrowsAsync<ValidationException>(() => Billing.SplitAsync(2021, BillingPeriodKind.Budget, null, CancellationToken.None));
        Assert.Contains("ingen godkännandepost", forged.Message, StringComparison.Ordinal);
        Assert.True(forged.Conflict);
    }

    [Fact]
    public async Task Deleting_a_billing_approvals_audit_entry_is_detected_at_once_against_the_head_published_at_the_approval()
    {
        await BudgetWithTimeAsync();
        await Billing.ApproveAsync(2021, BillingPeriodKind.Budget, "erik", CancellationToken.None);
        var size = await _container.Resolve<ITransparencyLog>().SizeAsync(TransparencyLogs.Audit, CancellationToken.None);
        Assert.Equal("billing.approved", Assert.Single(await _container.Resolve<IAuditLog>().RecentAsync(1)).Action); // the newest: no gap betrays its removal

        // Published at the approval, not at the next hourly publication: every member municipality holds it.
        var held = SignedTreeHead.Parse(File.ReadAllText(Path.Combine(Published, "0191", "audit-tree-head.json")), out _)!;
        Assert.Equal(size, held.TreeSize);

        // The attacker deletes the approval's entry (the newest) and every head the database holds.
        Sql("core.db", "DELETE FROM audit_entries WHERE Action = 'billing.approved'; DELETE FROM tree_heads; DELETE FROM chain_checks;");

        var audit = (await _container.Resolve<IChainVerifier>().VerifyAllAsync(CancellationToken.None)).Single(c => c.Chain == TransparencyLogs.Audit);
        Assert.False(audit.Intact);
        Assert.Contains($"loggen har {size - 1} poster", audit.Problem, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TransparencyException>(() => _container.Resolve<ITransparencyLog>().SignHeadAsync(TransparencyLogs.Audit, CancellationToken.None));
    }

    [Fact]
    public async Task A_staff_display_name_changed_in_the_table_is_not_shown_the_audit_logs_login_entry_names_the_user()
    {
        var staff = _container.Resolve<IStaffDirectory>();
        await staff.RecordSignInAsync("anna", "Anna Berg");
        await _container.Resolve<IAuditLog>().AppendAsync("anna", "login", "", "Socialsekreterare; Anna Berg; OpenID Connect");

        Sql("core.db", "UPDATE staff_members SET DisplayName = 'Erik Ek' WHERE UserId = 'anna'");

        Assert.Equal("Anna Berg", (await staff.DisplayNamesAsync(["anna"]))["anna"]);

        // A later sign-in under a new name (a name change) is shown from then on.
        var renamedAt = _time.Now.AddDays(30);
        _time.Now = renamedAt;
        await _container.Resolve<IAuditLog>().AppendAsync("anna", "login", "", "Socialsekreterare; Anna Lind; OpenID Connect");
        Assert.Equal("Anna Lind", (await staff.DisplayNamesAsync(["anna"]))["anna"]);

        // An extract shows the name as it was when the entry was written (issue 23 3b), not today's.
        var names = await staff.NamesOverTimeAsync(["anna", "okänd"]);
        Assert.Equal("Anna Berg", names.At("anna", renamedAt.AddMinutes(-1)));
        Assert.Equal("Anna Lind", names.At("anna", renamedAt));
        Assert.Equal("Anna Berg", names.At("anna", DateTimeOffset.MinValue)); // before the first sign-in the log names: that name
        Assert.Null(names.At("okänd", renamedAt));
    }

    private async Task BudgetWithTimeAsync()
    {
        await Billing.EnterCostAsync(2021, new CostEntryInput(CostKind.Budget, 9_723_000m, null), "erik", CancellationToken.None);
        await BillingTestBed.TimeAsync(_container, "J1", "0191", 60, new DateTimeOffset(2021, 2, 3, 20, 0, 0, Winter));
        await BillingTestBed.TimeAsync(_container, "J3", "0123", 120, new DateTimeOffset(2021, 3, 3, 22, 0, 0, Winter));
    }

    private string Scalar(string file, string sql)
    {
        using var connection = Open(file);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return (string)cmd.ExecuteScalar()!;
    }

    private void Sql(string file, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open(file);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        cmd.ExecuteNonQuery();
    }

    private SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(Data, file)};Pooling=False");
        connection.Open();
        return connection;
    }
}

/// <summary>Emergency openings marked reviewed in the table (8 open became 1): the follow-up is derived from the logs (issue 23 3b).</summary>
[Collection(SimulatorCollection.Name)]
public sealed class EmergencyOpeningBindingAttackTests(SimulatorFixture simulator) : IDisposable
{
    private const string Maja = "201003152384";
    private const string Ebba = "201107222380";

    /// <summary>Deadlines far beyond any machine's speed: the test is about the follow-up, not about how fast a loaded machine writes.</summary>
    private static readonly LookupOptions Unhurried = LookupOptions.Default with
    {
        SourceTimeout = TimeSpan.FromSeconds(30), OverallDeadline = TimeSpan.FromSeconds(60), AccessLogWriteMinimum = TimeSpan.FromSeconds(30),
    };

    private readonly TempDir _dir = new();
    private IContainer? _container;

    public void Dispose()
    {
        _container?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Openings_marked_reviewed_in_the_table_stay_in_the_follow_up_queue_until_a_review_is_in_the_audit_log()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 21, 1, 30, 0, TimeSpan.FromHours(1)));
        var data = _dir.File("data");
        _container = CoreHarness.Build(DemoConfig.CopyTo(_dir, simulator.BaseUrl, simulatorHttps: simulator.HttpsUrl), new DatabaseOptions(DatabaseProvider.Sqlite, data, null),
            time: time, withModules: true, lookup: Unhurried);
        var lookup = _container.Resolve<IClientLookup>();
        var maja = (await lookup.LookupAsync(new LookupRequest("anna", Maja, null, null, "Polisen har hittat flickan ensam ute"), CancellationToken.None)).EmergencyOpening!;
        time.Now = time.Now.AddMinutes(5);
        var ebba = (await lookup.LookupAsync(new LookupRequest("anna", Ebba, null, null, "Akut placering i natt, ingen handläggare nås"), CancellationToken.None)).EmergencyOpening!;
        time.Now = time.Now.AddMinutes(5);
        await lookup.LookupAsync(new LookupRequest("anna", Maja, null, null, null, maja.Id), CancellationToken.None); // a second look-up under Maja's opening
        Assert.Equal(2, (await lookup.EmergencyOpeningsAsync(unreviewedOnly: true, CancellationToken.None)).Count);

        // The attacker marks both reviewed in the table.
        Sql(data, "UPDATE emergency_openings SET ReviewedBy = 'erik', ReviewedAt = 1795226400000, ReviewNote = 'Befogat'");
        var queue = await lookup.EmergencyOpeningsAsync(unreviewedOnly: true, CancellationToken.None);
        Assert.Equal(new[] { maja.Id, ebba.Id }, queue.Select(o => o.Id));
        Assert.All(queue, o => Assert.Null(o.ReviewedBy));

        // A real review (an audit entry naming Maja's two look-ups) takes Maja's opening out of the queue, and the table's
        // flag does not stop it.
        await lookup.ReviewEmergencyOpeningAsync(maja.Id, "erik", "Befogat", CancellationToken.None);
        Assert.Equal(ebba.Id, Assert.Single(await lookup.EmergencyOpeningsAsync(unreviewedOnly: true, CancellationToken.None)).Id);
        var reviewed = (await _container.Resolve<IAuditLog>().RecentAsync(20)).Where(e => e.Action == "emergency-opening.reviewed");
        Assert.StartsWith("poster ", Assert.Single(reviewed).Details, StringComparison.Ordinal);

        // Deleting Ebba's row does not empty the queue either: her look-up is in the access log.
        Sql(data, $"DELETE FROM emergency_openings WHERE Id = '{ebba.Id}'");
        var orphan = Assert.Single(await lookup.EmergencyOpeningsAsync(unreviewedOnly: true, CancellationToken.None));
        Assert.Equal(("anna", Ebba), (orphan.UserId, orphan.PersonId));
        Assert.StartsWith("atkomstlogg-", orphan.Id, StringComparison.Ordinal);
    }

    private static void Sql(string data, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "core.db")};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
