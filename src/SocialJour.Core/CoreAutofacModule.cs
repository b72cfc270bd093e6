using Autofac;
using Microsoft.Extensions.Logging;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Core.Health;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;
using SocialJour.Core.Plugins;

namespace SocialJour.Core;

/// <summary>Where the core finds its configuration, plugins and data.</summary>
public sealed record CoreOptions(string ConfigurationPath, string PluginsDirectory, DatabaseOptions Database, bool WatchConfiguration = true, LookupOptions? Lookup = null)
{
    /// <summary>The tree-head signing key and publication folder (ADR 0013); null: heads can be neither signed nor checked.</summary>
    public TransparencyOptions? Transparency { get; init; }

    /// <summary>
    /// The key that encrypts kept look-up answers, the same on every host (ADR 0017); null: a key of this process only, so
    /// answers kept here cannot be opened on another host (tools, single-process tests). The host requires it.
    /// </summary>
    public RetainedLookupKey? RetainedLookupKey { get; init; }

    /// <summary>
    /// The access-log retention rule (ADR 0029) for tools that verify the log outside a host (the CLI); a host registers
    /// the one it reads from its settings. Null: the host's, or none.
    /// </summary>
    public Operations.AccessLogRetentionOptions? Retention { get; init; }
}

/// <summary>Registers the core: registry, plugins, journal sources, health monitor, audit log, core database.</summary>
public sealed class CoreAutofacModule(CoreOptions options) : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterInstance(options);
        builder.RegisterInstance(options.Database);
        builder.Register(c => new PluginCatalog(options.PluginsDirectory, c.Resolve<ILifetimeScope>(), c.Resolve<ILogger<PluginCatalog>>()))
            .As<IPluginCatalog>().SingleInstance();
        builder.Register(c =>
            {
                var catalog = c.Resolve<IPluginCatalog>();
                // A missing plugin directory (no plugins at all) already disables every source loudly; names are checked only against installed plugins.
                var installed = catalog.InstalledNames.Count == 0 ? null : new InstalledAdapters(catalog.IsInstalled, catalog.JournalSystemNames);
                return new JourConfigurationLoader(catalog.Find, c.Resolve<TimeProvider>(), catalog.FindPopulationRegister, c.Resolve<IEnumerable<IJourConfigurationSection>>(), installed);
            }).AsSelf().SingleInstance();
        builder.Register(c => new MunicipalityRegistry(options.ConfigurationPath, c.Resolve<JourConfigurationLoader>(),
                c.Resolve<ILogger<MunicipalityRegistry>>(), c.Resolve<TimeProvider>(), options.WatchConfiguration))
            .As<IMunicipalityRegistry>().SingleInstance();
        builder.Register(c => new Calendar.JourClock(c.Resolve<TimeProvider>(), c.Resolve<IMunicipalityRegistry>())).AsSelf().SingleInstance();
        builder.RegisterType<JournalSources>().As<IJournalSources>().SingleInstance();
        builder.RegisterType<AdapterHealthMonitor>().As<IAdapterHealthMonitor>().SingleInstance();
        builder.RegisterType<AuditLog>().As<IAuditLog>().SingleInstance();
        builder.RegisterInstance(options.Lookup ?? LookupOptions.Default);
        builder.RegisterType<AccessLog>().As<IAccessLog>().SingleInstance();
        builder.RegisterInstance(options.RetainedLookupKey ?? RetainedLookupKey.Random());
        if (options.Retention is { } retention)
        {
            builder.RegisterInstance(retention);
        }

        // The look-up's storage building blocks; the look-up itself and its rules are the Lookup module's (ADR 0032).
        builder.RegisterType<RetainedLookups>().As<IRetainedLookups>().As<IRetainedLookupCleanup>().SingleInstance();
        builder.RegisterType<EmergencyOpenings>().As<IEmergencyOpenings>().SingleInstance();
        builder.RegisterType<JourCaseRegister>().As<IJourCaseRegister>().SingleInstance();
        builder.RegisterType<ChainVerifier>().As<IChainVerifier>().SingleInstance();
        builder.Register(c => new TransparencyLog(c.Resolve<Func<CoreDbContext>>(), c.Resolve<TimeProvider>(), c.Resolve<IMunicipalityRegistry>(),
            c.Resolve<ILogger<TransparencyLog>>(), options.Transparency, c.ResolveOptional<Operations.AccessLogRetentionOptions>())).As<ITransparencyLog>().SingleInstance();
        builder.RegisterType<PopulationRegisterService>().As<IPopulationRegisterLookup>().SingleInstance();
        builder.RegisterType<Sessions.SessionStore>().As<Sessions.ISessionStore>().SingleInstance();
        builder.RegisterType<Sessions.StaffDirectory>().As<Sessions.IStaffDirectory>().SingleInstance();
        builder.RegisterInstance(Sessions.LoginLockoutOptions.Default).IfNotRegistered(typeof(Sessions.LoginLockoutOptions));
        builder.RegisterInstance(Sessions.SessionIdleOptions.Default).IfNotRegistered(typeof(Sessions.SessionIdleOptions));
        builder.RegisterType<Sessions.LoginAttempts>().As<Sessions.ILoginAttempts>().SingleInstance();
        builder.RegisterModuleDatabase<CoreDbContext>("core");
        Operations.OperationsRegistration.Register(builder); // heartbeats, access-log retention (ADR 0029)

        // The core's own outbox (LookupLogged, EmergencyOpeningRecorded) and the background dispatcher of every module's outbox (ADR 0019).
        builder.RegisterOutbox<CoreDbContext>("core");
        builder.RegisterInstance(OutboxOptions.Default).IfNotRegistered(typeof(OutboxOptions));
        builder.RegisterType<OutboxBackgroundDispatcher>().As<Microsoft.Extensions.Hosting.IHostedService>().SingleInstance();
    }
}

/// <summary>Helpers the host and the CLI use to prepare the core.</summary>
public static class CoreStartup
{
    /// <summary>Migrates every module's database (adopting one from before migrations, ADR 0018); the host's default.</summary>
    public static Task InitializeDatabasesAsync(ILifetimeScope scope, CancellationToken cancellationToken) =>
        InitializeDatabasesAsync(scope, migrate: true, cancellationToken);

    /// <summary>
    /// With <paramref name="migrate"/>: applies every module's pending migrations. Without (SocialJour:Database:MigrateAtStartup
    /// false, the DBA set-up): changes nothing and refuses, naming the module, when a migration is pending or a table is missing.
    /// Failures are <see cref="DatabaseSchemaException"/>s with a Swedish message.
    /// </summary>
    public static async Task InitializeDatabasesAsync(ILifetimeScope scope, bool migrate, CancellationToken cancellationToken)
    {
        // Each module has its own database; doing them in parallel roughly halves the start-up cost.
        await Task.WhenAll(scope.Resolve<IEnumerable<IModuleDatabase>>().Select(db => Task.Run(
            () => migrate ? db.MigrateAsync(cancellationToken) : db.VerifyAsync(cancellationToken), cancellationToken)));
    }

    /// <summary>Applies every module's pending migrations, one module after the other, and says what each got (socialjour migrate).</summary>
    public static async Task<IReadOnlyList<MigrationReport>> MigrateDatabasesAsync(ILifetimeScope scope, CancellationToken cancellationToken)
    {
        var reports = new List<MigrationReport>();
        foreach (var db in scope.Resolve<IEnumerable<IModuleDatabase>>())
        {
            reports.Add(await db.MigrateAsync(cancellationToken));
        }

        return reports;
    }
}
