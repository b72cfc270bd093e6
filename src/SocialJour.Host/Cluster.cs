using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using Quartz;
using SocialJour.Core;
using SocialJour.Core.Persistence;
using SocialJour.Core.Security;

namespace SocialJour.Host;

/// <summary>
/// What lets several hosts run one jour on one PostgreSQL database (ADR 0028): the Data Protection key ring in the core
/// database (a cookie or antiforgery token from host A is valid on host B), and on PostgreSQL Quartz's persistent job store
/// in clustered mode (each scheduled job runs once across the hosts, and a dead host's jobs are taken over by another).
/// SQLite is one host: Quartz keeps its in-memory store there.
/// </summary>
internal static class Cluster
{
    /// <summary>The Quartz tables (created by the core's PostgreSQL migrations "Cluster" and "QuartzFour") are in the core schema.</summary>
    public const string QuartzTablePrefix = "core.qrtz_";

    /// <summary>One name for the scheduler on every host: hosts with the same name in the same tables form the cluster.</summary>
    public const string SchedulerName = "SocialJour";

    /// <summary>The advisory lock that lets one host at a time create the first key of the key ring.</summary>
    private const long KeyRingLock = 0x536F_634A_0010;

    public static void AddCluster(this WebApplicationBuilder builder, CoreOptions core)
    {
        builder.Services.AddDataProtection().PersistKeysToCoreDatabase();
        builder.Services.AddSingleton<IHostedService>(sp => new KeyRingStart(sp.GetRequiredService<IDataProtectionProvider>(), core.Database));
        if (core.Database.Provider != DatabaseProvider.PostgreSql)
        {
            return;
        }

        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                s.GenerateInstanceId = true; // host name + a time stamp: unique per process
            });
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(p => p.ConnectionString = core.Database.ConnectionString!);
                s.ConfigureStore(o =>
                {
                    o.TablePrefix = QuartzTablePrefix;
                    // The tables are the migrations' (QuartzTables): the store checks them at start and creates nothing.
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                });
                // A host that has not checked in for ~15 s is dead: another host recovers its jobs and triggers.
                s.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(5);
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(10);
                });
                // Job data (none of our jobs carries any) goes through Quartz's own System.Text.Json serializer, the
                // default: a map of strings is the same JSON object the 3.x serializer of ours wrote (ADR 0028).
            });
        });
    }

    /// <summary>
    /// Before the host serves: loads the key ring, or creates its first key, holding a PostgreSQL advisory lock, so two hosts
    /// started at once on an empty database do not each create a key of their own (each would then refuse the other's
    /// cookies until its next key-ring refresh). With the lock the second host finds the first one's key.
    /// </summary>
    private sealed class KeyRingStart(IDataProtectionProvider provider, DatabaseOptions database) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (database.Provider != DatabaseProvider.PostgreSql)
            {
                _ = provider.CreateProtector("SocialJour.KeyRingStart").Protect([1]);
                return;
            }

            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({KeyRingLock})", connection))
            {
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            try
            {
                _ = provider.CreateProtector("SocialJour.KeyRingStart").Protect([1]);
            }
            finally
            {
                await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({KeyRingLock})", connection);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
