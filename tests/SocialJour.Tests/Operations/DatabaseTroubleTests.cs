using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SocialJour.Core.Persistence;
using SocialJour.Host.Api;

namespace SocialJour.Tests.Operations;

/// <summary>
/// Database trouble (ADR 0034) told from a bug, with the providers' real exceptions: an unreachable PostgreSQL and a busy SQLite
/// file are "unavailable", a full SQLite database is "disk full"; and the host's guard retries a GET but never a POST, and
/// answers in Swedish with 503 and Retry-After, or 507 for a full disk.
/// </summary>
public sealed class DatabaseTroubleTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_PostgreSQL_that_does_not_answer_is_unavailable_also_inside_EFs_update_exception()
    {
        var refused = await ConnectToClosedPortAsync();
        Assert.Equal(DatabaseTroubleKind.Unavailable, DatabaseTrouble.Classify(refused));
        Assert.Equal(DatabaseTroubleKind.Unavailable, DatabaseTrouble.Classify(new DbUpdateException("An error occurred while saving the entity changes.", refused)));
    }

    [Theory]
    [InlineData("57P01", DatabaseTroubleKind.Unavailable)] // admin_shutdown: pg_ctl stop/restart -m fast
    [InlineData("57P03", DatabaseTroubleKind.Unavailable)] // cannot_connect_now: starting up or shutting down
    [InlineData("53300", DatabaseTroubleKind.Unavailable)] // too_many_connections
    [InlineData("40001", DatabaseTroubleKind.Unavailable)] // serialization_failure
    [InlineData("08006", DatabaseTroubleKind.Unavailable)] // connection_failure
    [InlineData("53100", DatabaseTroubleKind.DiskFull)] // disk_full
    [InlineData("23505", null)] // unique_violation: a bug or a conflict, not trouble
    [InlineData("42P01", null)] // undefined_table
    public void PostgreSQL_error_codes_are_classified(string sqlState, DatabaseTroubleKind? expected)
    {
        var error = new PostgresException("meddelande", "FATAL", "FATAL", sqlState);
        Assert.Equal(expected, DatabaseTrouble.Classify(error));
        Assert.Equal(expected, DatabaseTrouble.Classify(new DbUpdateException("saving", error)));
    }

    [Fact]
    public void A_full_SQLite_database_is_disk_full()
    {
        var full = FillSqlite();
        Assert.Equal(13, full.SqliteErrorCode);
        Assert.Equal(DatabaseTroubleKind.DiskFull, DatabaseTrouble.Classify(full));
        Assert.Equal(DatabaseTroubleKind.DiskFull, DatabaseTrouble.Classify(new IOException("No space left on device", 28)));
    }

    [Fact]
    public void A_locked_SQLite_database_is_unavailable()
    {
        var path = _dir.File("locked.db");
        using var holder = new SqliteConnection($"Data Source={path};Pooling=false");
        holder.Open();
        Execute(holder, "PRAGMA journal_mode=DELETE; CREATE TABLE t (x INTEGER); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);");
        using var other = new SqliteConnection($"Data Source={path};Pooling=false;Default Timeout=1");
        other.Open();
        var busy = Assert.Throws<SqliteException>(() => Execute(other, "INSERT INTO t VALUES (2)"));
        Assert.Equal(DatabaseTroubleKind.Unavailable, DatabaseTrouble.Classify(busy));
    }

    [Fact]
    public void Bugs_and_invalid_input_are_not_database_trouble()
    {
        Assert.Null(DatabaseTrouble.Classify(new InvalidOperationException("Sequence contains no elements")));
        Assert.Null(DatabaseTrouble.Classify(new NullReferenceException()));
        Assert.Null(DatabaseTrouble.Classify(new TimeoutException("a journal system did not answer"))); // not under the database
        Assert.Null(DatabaseTrouble.Classify(new SocialJour.Core.ValidationException("falt", "Ogiltigt")));
    }

    [Fact]
    public async Task The_guard_runs_a_GET_again_when_the_database_was_away_and_answers_in_Swedish_when_it_stays_away()
    {
        var refused = await ConnectToClosedPortAsync();
        var calls = 0;
        var (status, _, _) = await RunGuardAsync("GET", "/api/cases", _ => ++calls == 1 ? throw refused : Task.CompletedTask);
        Assert.Equal(200, status);
        Assert.Equal(2, calls);

        calls = 0;
        var (down, headers, body) = await RunGuardAsync("GET", "/api/cases", _ =>
        {
            calls++;
            throw refused;
        });
        Assert.Equal(503, down);
        Assert.Equal(1 + DatabaseTroubleGuard.Pauses.Length, calls);
        Assert.Equal("5", headers.RetryAfter.ToString());
        Assert.Equal(DatabaseTroubleAnswer.UnavailableDetail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_guard_never_runs_a_POST_again_and_a_full_disk_is_said_to_be_full()
    {
        var refused = await ConnectToClosedPortAsync();
        var calls = 0;
        var (status, headers, body) = await RunGuardAsync("POST", "/api/contacts", _ =>
        {
            calls++;
            throw refused;
        });
        Assert.Equal(503, status);
        Assert.Equal(1, calls);
        Assert.Equal("5", headers.RetryAfter.ToString());
        Assert.Contains("Inget har sparats", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var full = FillSqlite();
        var (diskStatus, diskHeaders, diskBody) = await RunGuardAsync("POST", "/api/contacts", _ => throw new DbUpdateException("saving", full));
        Assert.Equal(507, diskStatus);
        Assert.Equal(0, diskHeaders.RetryAfter.Count);
        var problem = JsonDocument.Parse(diskBody).RootElement;
        Assert.Equal(DatabaseTroubleAnswer.DiskFullTitle, problem.GetProperty("title").GetString());
        Assert.Contains("fullt på disken", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("oväntat", diskBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_gets_a_Swedish_HTML_page_and_a_bug_is_left_to_the_exception_handler()
    {
        var refused = await ConnectToClosedPortAsync();
        var (status, headers, body) = await RunGuardAsync("POST", "/Arenden/Ny", _ => throw refused, accept: "text/html,application/xhtml+xml");
        Assert.Equal(503, status);
        Assert.StartsWith("text/html", headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"sv\">", body, StringComparison.Ordinal);
        Assert.Contains(DatabaseTroubleAnswer.UnavailableTitle, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);

        await Assert.ThrowsAsync<InvalidOperationException>(() => RunGuardAsync("GET", "/", _ => throw new InvalidOperationException("a bug")));
    }

    private static async Task<(int Status, IHeaderDictionary Headers, string Body)> RunGuardAsync(string method, string path, RequestDelegate inner, string? accept = null)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Path = path;
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        var body = new MemoryStream();
        context.Response.Body = body;
        var guard = new DatabaseTroubleGuard(inner, services.GetRequiredService<IServiceScopeFactory>(), NullLogger<DatabaseTroubleGuard>.Instance);
        await guard.InvokeAsync(context);
        return (context.Response.StatusCode, context.Response.Headers, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>The real exception Npgsql throws when nothing listens on the port.</summary>
    private static async Task<NpgsqlException> ConnectToClosedPortAsync()
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={HostProcesses.FreePort()};Username=x;Password=x;Database=x;Timeout=3;Pooling=false");
        return await Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync());
    }

    /// <summary>The real SQLITE_FULL: a database allowed only a few pages, filled beyond them.</summary>
    private SqliteException FillSqlite()
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File(Guid.NewGuid().ToString("N") + ".db")};Pooling=false");
        connection.Open();
        Execute(connection, "CREATE TABLE t (x BLOB); PRAGMA max_page_count = 8;");
        return Assert.Throws<SqliteException>(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                Execute(connection, "INSERT INTO t VALUES (randomblob(4000))");
            }
        });
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
