using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Persistence;

namespace SocialJour.Tests;

/// <summary>The real core container (real plugins, real SQLite), as the host builds it.</summary>
internal static class CoreHarness
{
    public static IContainer Build(string configPath, string dataDirectory, string? pluginsDirectory = null, TimeProvider? time = null, bool watch = false, ILoggerProvider? logs = null) =>
        Build(configPath, new DatabaseOptions(DatabaseProvider.Sqlite, dataDirectory, null), pluginsDirectory, time, watch, logs);

    /// <summary>The core and the four modules on the given database.</summary>
    public static IContainer Build(string configPath, DatabaseOptions database, string? pluginsDirectory = null, TimeProvider? time = null, bool watch = false, ILoggerProvider? logs = null, bool withModules = false, SocialJour.Core.Lookup.LookupOptions? lookup = null, SocialJour.Core.Audit.TransparencyOptions? transparency = null, Action<ContainerBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddSingleton(time ?? TimeProvider.System);
        var builder = new ContainerBuilder();
        builder.Populate(services);
        builder.RegisterModule(new CoreAutofacModule(new CoreOptions(configPath, pluginsDirectory ?? TestPaths.Plugins, database, watch, lookup)
        {
            Transparency = transparency ?? new SocialJour.Core.Audit.TransparencyOptions(File.ReadAllText(TestPaths.DemoSigningKey), null),
            // The demo key, as every host of one jour shares one: a second container on the same data can open kept answers.
            RetainedLookupKey = SocialJour.Core.Lookup.RetainedLookupKey.FromBase64(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "config", "demo", "secrets", "retained-lookups.key")), "test"),
        }));
        // The look-up was the core's until ADR 0032: every container that had it still has it.
        builder.RegisterModule(new SocialJour.Modules.Lookup.LookupAutofacModule());
        if (withModules)
        {
            builder.RegisterModule(new SocialJour.Modules.Intake.IntakeAutofacModule());
            builder.RegisterModule(new SocialJour.Modules.Assessment.AssessmentAutofacModule());
            builder.RegisterModule(new SocialJour.Modules.Billing.BillingAutofacModule());
            builder.RegisterModule(new SocialJour.Modules.Statistics.StatisticsAutofacModule());

            // Tests read the register's answer in the registration's answer: wait for it however busy the machine is (the
            // production budget, 1 s, is tested on its own in PopulationRegisterTests).
            builder.RegisterInstance(TestPaths.PatientRegisterWait);
        }

        configure?.Invoke(builder); // a test's own registrations, e.g. a subscriber
        var container = builder.Build();
        CoreStartup.InitializeDatabasesAsync(container, CancellationToken.None).GetAwaiter().GetResult();
        return container;
    }
}

/// <summary>Captures everything logged, so tests can prove what never reaches a log.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._lines)
            {
                owner._lines.Add($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
