using Microsoft.Extensions.Logging;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Configuration;
using SocialJour.Core.Plugins;

namespace SocialJour.Core.Lookup;

/// <summary>The population register's answer about one person, or why there is none.</summary>
public sealed record RegisterAnswer(SourceStatus Status, RegisteredPerson? Person, string? Detail);

/// <summary>
/// The jour's population register (configured under <c>PopulationRegister</c>, a plugin like the journal systems):
/// confirms name and age and gives the home municipality. Never blocks: a register that is down answers with its status.
/// </summary>
public interface IPopulationRegisterLookup
{
    Task<RegisterAnswer> FindAsync(string personId, string userId, CancellationToken cancellationToken);
}

internal sealed class PopulationRegisterService(
    IMunicipalityRegistry registry,
    IPluginCatalog catalog,
    LookupOptions options,
    ILoggerFactory loggers,
    TimeProvider time) : IPopulationRegisterLookup, IDisposable
{
    private readonly Lock _gate = new();
    private (string Fingerprint, IPopulationRegister? Register, string? Why)? _current;

    public async Task<RegisterAnswer> FindAsync(string personId, string userId, CancellationToken cancellationToken)
    {
        var (register, why) = Current();
        if (register is null)
        {
            return new RegisterAnswer(SourceStatus.Disabled, null, why);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.SourceTimeout);
        try
        {
            var result = await register.FindAsync(new PersonId(personId), new LookupContext(userId, null, "Identitetskontroll vid registrering"), timeout.Token).WaitAsync(timeout.Token);
            return new RegisterAnswer(result.Status, result.Value, result.Detail);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RegisterAnswer(SourceStatus.TimedOut, null, $"Folkbokföringen svarade inte inom {options.SourceTimeout.TotalSeconds:0.#} s");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            (_current?.Register as IDisposable)?.Dispose();
        }
    }

    private (IPopulationRegister? Register, string? Why) Current()
    {
        var configuration = registry.Current;
        var settings = configuration.PopulationRegister;
        var fingerprint = settings?.Fingerprint ?? "";
        lock (_gate)
        {
            if (_current is { } c && c.Fingerprint == fingerprint)
            {
                return (c.Register, c.Why);
            }

            (_current?.Register as IDisposable)?.Dispose();
            _current = (fingerprint, null, null);
            if (settings is null)
            {
                _current = (fingerprint, null, "Ingen folkbokföringskälla är konfigurerad (PopulationRegister): identiteter kontrolleras inte");
            }
            else if (catalog.FindPopulationRegister(settings.Adapter) is not { } factory)
            {
                _current = (fingerprint, null, $"Folkbokföringsadaptern {settings.Adapter} är inte installerad");
            }
            else
            {
                var secrets = new SecretResolver(Path.GetDirectoryName(configuration.SourcePath) ?? ".");
                var context = new AdapterContext(new AdapterSettings(configuration.Jour.HostMunicipalityCode, "Folkbokföringen", settings.BaseUrl, settings.Settings, settings.CanaryPersonId),
                    secrets, loggers, time);
                _current = (fingerprint, factory.Create(context), null);
            }

            return (_current.Value.Register, _current.Value.Why);
        }
    }
}
