namespace SocialJour.Adapters.Contract;

/// <summary>What the population register (folkbokföringen) says about a person.</summary>
public sealed record RegisteredPerson(
    string PersonId,
    string Name,
    DateOnly? BirthDate,
    string? MunicipalityCode,
    ProtectedIdentity ProtectedIdentity,
    bool Deceased);

/// <summary>
/// Read-only access to the population register (e.g. Skatteverket's Navet): confirms name and age and gives the
/// home municipality (folkbokföringskommun). One instance per jour, created by the plugin's factory.
/// </summary>
public interface IPopulationRegister
{
    Task<AdapterResult<RegisteredPerson>> FindAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken);
}

/// <summary>Implemented once per population-register plugin; discovered like <see cref="IJournalAdapterFactory"/>.</summary>
public interface IPopulationRegisterFactory
{
    string AdapterName { get; }

    IReadOnlyList<SettingProblem> ValidateSettings(AdapterSettings settings, ISecretResolver secrets);

    IPopulationRegister Create(AdapterContext context);
}
