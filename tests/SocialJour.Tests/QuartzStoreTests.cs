using Autofac;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Quartz;
using SocialJour.Core;
using SocialJour.Core.Persistence;

namespace SocialJour.Tests;

/// <summary>
/// Quartz's clustered job store on PostgreSQL (ADR 0028) after the move from Quartz 3.22.6 to 4.7.3: the migrations give
/// exactly the tables Quartz 4.7.3 creates for itself, and a database a 3.x host left behind upgrades in place with its
/// rows and their job data readable by 4.x.
/// </summary>
public sealed class QuartzStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string ClusterMigration = "20261124003326_Cluster";

    private IContainer Core(TempDir dir) =>
        CoreHarness.Build(DemoConfig.CopyTo(dir), new DatabaseOptions(DatabaseProvider.PostgreSql, "", postgres.ConnectionString));

    [Fact]
    public async Task The_migrations_give_the_tables_columns_and_indexes_Quartz_4_creates_for_itself()
    {
        using var dir = new TempDir();
        using var container = Core(dir);
        await ExecuteAsync("DROP SCHEMA IF EXISTS quartz_own CASCADE; CREATE SCHEMA quartz_own");

        // Quartz 4.7.3 provisions its own schema in an empty one: the reference.
        var scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = "Reference");
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(p => p.ConnectionString = postgres.ConnectionString);
                s.ConfigureStore(o => o.TablePrefix = "quartz_own.qrtz_");
                s.ProvisionSchema();
                s.UseExecutionHistory();
            });
        }).BuildScheduler();
        await scheduler.Start();
        await scheduler.Shutdown();

        Assert.Equal(await ColumnsAsync("quartz_own"), await ColumnsAsync("core"));
        Assert.Equal(await IndexesAsync("quartz_own"), await IndexesAsync("core"));
        Assert.Equal(await ConstraintsAsync("quartz_own"), await ConstraintsAsync("core"));
        Assert.Contains("qrtz_paused_job_grps", string.Join(' ', await ColumnsAsync("core")));
    }

    [Fact]
    public async Task A_database_left_by_Quartz_3_upgrades_in_place_and_its_rows_and_job_data_load_in_Quartz_4()
    {
        using var dir = new TempDir();
        using var container = Core(dir);
        var factory = container.Resolve<Func<CoreDbContext>>();

        // Back to the tables of Quartz 3.22.6 (the migration "Cluster"), and a job and a trigger as a 3.x host stored them,
        // with job data as the 3.x serializer of ours wrote it: a JSON object of strings.
        await using (var db = factory())
        {
            await db.GetService<IMigrator>().MigrateAsync(ClusterMigration);
        }

        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'core' AND table_name = 'qrtz_paused_job_grps'"));
        var later = DateTimeOffset.UtcNow.AddDays(30).UtcTicks;
        await ExecuteAsync($$"""
            INSERT INTO core.qrtz_job_details VALUES ('SocialJour', 'legacy', 'DEFAULT', NULL, '{{typeof(LegacyJob).FullName}}, {{typeof(LegacyJob).Assembly.GetName().Name}}',
              true, true, false, false, convert_to('{"kommun":"0180","syfte":"gallring"}', 'UTF8'));
            INSERT INTO core.qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group, next_fire_time, prev_fire_time,
              priority, trigger_state, trigger_type, start_time, misfire_instr, job_data)
              VALUES ('SocialJour', 'legacy-trigger', 'DEFAULT', 'legacy', 'DEFAULT', {{later}}, NULL, 5, 'WAITING', 'SIMPLE', {{later}}, 0,
              convert_to('{"omgång":"1"}', 'UTF8'));
            INSERT INTO core.qrtz_simple_triggers VALUES ('SocialJour', 'legacy-trigger', 'DEFAULT', -1, 60000, 0); -- 3.x wrote an interval in milliseconds
            """);

        // A 4.x node refuses the 3.x tables (the table of paused job groups is missing) ...
        var refused = await Record.ExceptionAsync(async () => await StartAsync());
        Assert.NotNull(refused);
        Assert.Contains("PAUSED_JOB_GRPS", refused.ToString(), StringComparison.OrdinalIgnoreCase);

        // ... and takes them after the migration "QuartzFour", with the 3.x rows and their job data as they were.
        await using (var db = factory())
        {
            await db.Database.MigrateAsync();
        }

        var scheduler = await StartAsync();
        try
        {
            var job = await scheduler.GetJobDetail(new JobKey("legacy"));
            Assert.NotNull(job);
            Assert.Equal(typeof(LegacyJob), job.JobType.Type);
            Assert.True(job.ConcurrentExecutionDisallowed);
            Assert.Equal(("0180", "gallring"), (job.JobDataMap.GetString("kommun"), job.JobDataMap.GetString("syfte")));

            var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(new TriggerKey("legacy-trigger")));
            Assert.Equal("1", trigger.JobDataMap.GetString("omgång"));
            Assert.Equal(TimeSpan.FromMinutes(1), trigger.RepeatInterval);
            Assert.Equal(TriggerState.Normal, await scheduler.GetTriggerState(trigger.Key));

            // What 4.x writes it reads back: job data of strings is the same JSON object as before.
            await scheduler.AddJob(JobBuilder.Create<LegacyJob>().WithIdentity("written-by-4").UsingJobData("kommun", "1480").StoreDurably().Build(), AddJobOptions.Replacing);
            Assert.Equal("{\"kommun\":\"1480\"}", await ScalarAsync("SELECT convert_from(job_data, 'UTF8') FROM core.qrtz_job_details WHERE job_name = 'written-by-4'"));
        }
        finally
        {
            await scheduler.Shutdown();
            await ExecuteAsync("DELETE FROM core.qrtz_simple_triggers; DELETE FROM core.qrtz_triggers; DELETE FROM core.qrtz_job_details; DELETE FROM core.qrtz_scheduler_state");
        }
    }

    /// <summary>A scheduler configured as the host's (Cluster.AddCluster), not started until asked; standby so nothing fires.</summary>
    private async Task<IScheduler> StartAsync()
    {
        var scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "SocialJour";
                s.GenerateInstanceId = true;
            });
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(p => p.ConnectionString = postgres.ConnectionString);
                s.ConfigureStore(o => o.TablePrefix = "core.qrtz_");
                s.UseClustering();
            });
        }).BuildScheduler();
        try
        {
            await scheduler.StartDelayed(TimeSpan.FromHours(1)); // validates the schema now, fires nothing during the test
            return scheduler;
        }
        catch
        {
            await scheduler.Shutdown();
            throw;
        }
    }

    private async Task<List<string>> ColumnsAsync(string schema) => await RowsAsync($"""
        SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
               || ' ' || is_nullable || ' ' || coalesce(column_default, '')
        FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name LIKE 'qrtz%' ORDER BY 1
        """);

    private async Task<List<string>> IndexesAsync(string schema) => await RowsAsync($"""
        SELECT indexname || ' ' || replace(indexdef, '{schema}.', '') FROM pg_indexes
        WHERE schemaname = '{schema}' AND tablename LIKE 'qrtz%' ORDER BY 1
        """);

    private async Task<List<string>> ConstraintsAsync(string schema)
    {
        var rows = await RowsAsync($"""
            SELECT c.conrelid::regclass::text || ' ' || c.contype::text || ' ' || pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE n.nspname = '{schema}' AND c.conrelid::regclass::text LIKE '%qrtz%'
            """);
        return rows.Select(r => r.Replace(schema + ".", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    private async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A job of the kind a 3.x host stored; never run here.</summary>
[DisallowConcurrentExecution]
public sealed class LegacyJob : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
