namespace SocialJour.Adapters.Contract;

/// <summary>
/// Read-only access to one municipality's journal system. One instance per municipality,
/// created by the plugin's <see cref="IJournalAdapterFactory"/> with that municipality's settings.
/// </summary>
public interface IJournalAdapter
{
    /// <summary>Finds a person by personal identity number (12 digits, no separator).</summary>
    Task<AdapterResult<PersonRecord>> FindPersonAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken);

    /// <summary>Fetches the short, high-value client-history summary for a person.</summary>
    Task<AdapterResult<ClientHistory>> GetClientHistoryAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Proves that the login works and that the credentials grant data: the configured canary person
    /// must be found. An empty successful answer for the canary is reported as <see cref="SourceStatus.NoAccess"/>.
    /// </summary>
    Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken);
}

/// <summary>Implemented once per plugin; discovered by the host when the plugin is loaded.</summary>
public interface IJournalAdapterFactory
{
    /// <summary>The adapter name municipalities use in configuration, e.g. "Lifecare".</summary>
    string AdapterName { get; }

    /// <summary>
    /// Validates a municipality's settings when configuration loads. Returns one problem per bad field;
    /// the host prefixes the municipality. Secrets are validated as references, never echoed.
    /// </summary>
    IReadOnlyList<SettingProblem> ValidateSettings(AdapterSettings settings, ISecretResolver secrets);

    IJournalAdapter Create(AdapterContext context);
}

/// <summary>A problem with one adapter setting.</summary>
public sealed record SettingProblem(string Field, string Message);
