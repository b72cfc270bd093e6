using System.Collections.Specialized;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using Quartz;
using Quartz.Spi;
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
    /// <summary>The Quartz tables (created by the core's PostgreSQL migration "Cluster") are in the core schema.</summary>
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
            q.SchedulerName = SchedulerName;
            q.SchedulerId = "AUTO"; // host name + a time stamp: unique per process
            q.UsePersistentStore(s =>
            {
                s.UseProperties = true; // job data as strings only (none of our jobs carries any)
                s.PerformSchemaValidation = true;
                s.UsePostgres(p =>
                {
                    p.ConnectionString = core.Database.ConnectionString!;
                    p.TablePrefix = QuartzTablePrefix;
                });
                // A host that has not checked in for ~15 s is dead: another host recovers its jobs and triggers.
                s.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(5);
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(10);
                });
                s.UseSerializer<QuartzStringDataSerializer>();
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

/// <summary>
/// Quartz's job store needs a serializer for job data. Quartz 3.22.6's System.Text.Json serializer package is not
/// available in that version, and binary serialization is gone from .NET 10; our jobs carry no data, so this stores job
/// data as a JSON object of strings (Quartz's "properties" mode) and refuses anything else (calendars, objects).
/// </summary>
internal sealed class QuartzStringDataSerializer : IObjectSerializer
{
    public void Initialize()
    {
    }

    public byte[] Serialize<T>(T obj)
        where T : class
    {
        var map = obj switch
        {
            NameValueCollection nvc => nvc.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => nvc[k]),
            IDictionary<string, object?> d => d.ToDictionary(p => p.Key, p => p.Value is null or string ? (string?)p.Value
                : throw new NotSupportedException($"Quartz job data '{p.Key}' must be a string, not {p.Value.GetType().Name}")),
            _ => throw new NotSupportedException($"Quartz would store a {obj.GetType().Name}; only string job data is supported"),
        };
        return JsonSerializer.SerializeToUtf8Bytes(map);
    }

    public T? DeSerialize<T>(byte[] data)
        where T : class
    {
        var map = JsonSerializer.Deserialize<Dictionary<string, string?>>(data) ?? [];
        if (typeof(T).IsAssignableFrom(typeof(NameValueCollection)))
        {
            var nvc = new NameValueCollection();
            foreach (var (k, v) in map)
            {
                nvc[k] = v;
            }

            return (T)(object)nvc;
        }

        if (typeof(T).IsAssignableFrom(typeof(JobDataMap)))
        {
            return (T)(object)new JobDataMap((IDictionary<string, object>)map.ToDictionary(p => p.Key, p => (object)p.Value!));
        }

        if (typeof(T).IsAssignableFrom(typeof(Dictionary<string, object?>)))
        {
            return (T)(object)map.ToDictionary(p => p.Key, p => (object?)p.Value);
        }

        throw new NotSupportedException($"Quartz asked for a {typeof(T).Name}; only string job data is supported");
    }
}
