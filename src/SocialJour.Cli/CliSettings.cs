using SocialJour.Core;
using SocialJour.Core.Persistence;

namespace SocialJour.Cli;

/// <summary>
/// Where the command line finds the configuration, the plugins and the database: a flag, else the environment variable
/// the host reads for the same setting (SocialJour__…, as the systemd unit's environment file sets them, HostSettings in
/// the host), else the demo default. So on a server 'socialjour audit-verify' with the host's environment checks the
/// host's own database, SQLite or PostgreSQL. The PostgreSQL connection string is read only from the environment, never
/// from the command line, where every user of the machine sees it (ps). Relative paths are relative to the working folder.
/// </summary>
internal static class CliSettings
{
    public const string ConfigurationVariable = "SocialJour__ConfigurationPath";
    public const string PluginsVariable = "SocialJour__PluginsDirectory";
    public const string ProviderVariable = "SocialJour__Database__Provider";
    public const string DataDirectoryVariable = "SocialJour__Database__DataDirectory";
    public const string ConnectionStringVariable = "SocialJour__Database__ConnectionString";
    public const string PublicationVariable = "SocialJour__Transparency__PublicationDirectory";
    public const string DefaultConfiguration = "config/demo/jour.json";
    public const string DefaultPlugins = "artifacts/plugins";
    public const string DefaultData = "data";

    /// <summary>The core's options, or null with the reason in Swedish (exit 2).</summary>
    public static CoreOptions? Resolve(IReadOnlyDictionary<string, string> options, out string problem)
    {
        problem = "";
        string Setting(string flag, string variable, string fallback) =>
            options.TryGetValue(flag, out var v) ? v
            : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } e ? e
            : fallback;

        var providerName = Setting("--provider", ProviderVariable, "Sqlite");
        var source = options.ContainsKey("--provider") ? "--provider" : Environment.GetEnvironmentVariable(ProviderVariable) is { Length: > 0 } ? ProviderVariable : "--provider";
        DatabaseOptions database;
        switch (providerName.Trim().ToUpperInvariant())
        {
            case "SQLITE":
                database = new DatabaseOptions(DatabaseProvider.Sqlite, Path.GetFullPath(Setting("--data", DataDirectoryVariable, DefaultData)), null);
                break;
            case "POSTGRESQL":
                var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    problem = $"{source} PostgreSQL kräver anslutningen i miljövariabeln {ConnectionStringVariable}.";
                    return null;
                }

                database = new DatabaseOptions(DatabaseProvider.PostgreSql, "", connectionString);
                break;
            default:
                problem = $"{source} ska vara Sqlite eller PostgreSQL, inte '{providerName}'.";
                return null;
        }

        // The hosts' retention rule (ADR 0029): verifying the access log needs it, since a deletion holds only against the
        // rule in force and the archive in its folder (issue 23 3a).
        if (RetentionRule(null, null, out var retentionProblem) is not { } retention)
        {
            problem = retentionProblem;
            return null;
        }

        return new CoreOptions(
            Path.GetFullPath(Setting("--config", ConfigurationVariable, DefaultConfiguration)),
            Path.GetFullPath(Setting("--plugins", PluginsVariable, DefaultPlugins)),
            database,
            WatchConfiguration: false)
        {
            Retention = retention,
        };
    }

    /// <summary>
    /// The retention rule from <paramref name="years"/> and <paramref name="archive"/> (flags), else the hosts' settings
    /// (<see cref="Retention.YearsVariable"/>, <see cref="Retention.ArchiveVariable"/>); null with the reason (naming the
    /// setting) when a value is bad.
    /// </summary>
    public static Core.Operations.AccessLogRetentionOptions? RetentionRule(string? years, string? archive, out string problem)
    {
        problem = "";
        years ??= Environment.GetEnvironmentVariable(Retention.YearsVariable);
        archive ??= Environment.GetEnvironmentVariable(Retention.ArchiveVariable);
        try
        {
            var rule = Core.Operations.AccessLogRetentionOptions.Parse(years, archive);
            return rule.ArchiveDirectory is { } folder ? rule with { ArchiveDirectory = Path.GetFullPath(folder) } : rule;
        }
        catch (ValidationException e)
        {
            problem = e.Message
                .Replace(Core.Operations.AccessLogRetentionOptions.YearsSetting, Retention.YearsVariable, StringComparison.Ordinal)
                .Replace(Core.Operations.AccessLogRetentionOptions.ArchiveSetting, Retention.ArchiveVariable, StringComparison.Ordinal);
            return null;
        }
    }
    /// <summary>The folder signed tree heads are published to: --published, the host's setting, or (SQLite) "published" in the data folder.</summary>
    public static string? PublicationFolder(CoreOptions core, IReadOnlyDictionary<string, string> options) =>
        options.TryGetValue("--published", out var flag) ? Path.GetFullPath(flag)
        : Environment.GetEnvironmentVariable(PublicationVariable) is { Length: > 0 } e ? Path.GetFullPath(e)
        : core.Database.Provider == DatabaseProvider.Sqlite ? Path.Combine(core.Database.DataDirectory, "published")
        : null;
}
