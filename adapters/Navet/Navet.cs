using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Refit;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Navet;

/// <summary>The population register's read interface: one GET per person, API key in a header.</summary>
internal interface INavetApi
{
    [Get("/api/v1/personer/{pnr}")]
    Task<HttpResponseMessage> GetPerson(string pnr, [Header("X-Navet-Key")] string key, CancellationToken cancellationToken);
}

internal sealed record NavetPerson(
    [property: JsonPropertyName("personnummer")] string? PersonId,
    [property: JsonPropertyName("fornamn")] string? FirstName,
    [property: JsonPropertyName("efternamn")] string? LastName,
    [property: JsonPropertyName("fodelsedatum")] string? BirthDate,
    [property: JsonPropertyName("folkbokforingskommun")] string? MunicipalityCode,
    [property: JsonPropertyName("skyddadFolkbokforing")] bool? Protected,
    [property: JsonPropertyName("avliden")] bool? Deceased);

internal sealed class NavetRegisterFactory : IPopulationRegisterFactory
{
    public string AdapterName => "Navet";

    public IReadOnlyList<SettingProblem> ValidateSettings(AdapterSettings settings, ISecretResolver secrets)
    {
        if (settings.Get("ApiKey") is not { Length: > 0 } key)
        {
            return [new("ApiKey", "saknas: referens till API-nyckeln (env:NAMN eller file:sökväg)")];
        }

        return secrets.Check(key) is { } message ? [new SettingProblem("ApiKey", message)] : [];
    }

    public IPopulationRegister Create(AdapterContext context) =>
        new NavetRegister(context.Settings, context.Secrets.Resolve(context.Settings.Get("ApiKey") ?? throw new InvalidOperationException("ApiKey saknas")),
            context.LoggerFactory.CreateLogger<NavetRegister>(), context.TimeProvider);
}

internal sealed class NavetRegister : IPopulationRegister, IDisposable
{
    private readonly AdapterSettings _settings;
    private readonly string _key;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly INavetApi _api;

    public NavetRegister(AdapterSettings settings, string key, ILogger logger, TimeProvider time)
    {
        _settings = settings;
        _key = key;
        _logger = logger;
        _time = time;
        _http = new HttpClient { BaseAddress = new Uri(settings.BaseUrl!.ToString().TrimEnd('/')), Timeout = TimeSpan.FromSeconds(30) };
        _api = RestService.For<INavetApi>(_http);
    }

    public Task<AdapterResult<RegisteredPerson>> FindAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        AdapterCalls.RunAsync(ct => ReadAsync(personId, ct), _logger, _settings.MunicipalityCode, _time, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<RegisteredPerson> ReadAsync(PersonId personId, CancellationToken ct)
    {
        using var response = await _api.GetPerson(personId.TwelveDigits, _key, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw AdapterCalls.HttpFailure((int)response.StatusCode, "person", "", "Folkbokföringen nekade åtkomst", notFoundMeansNone: true);
        }

        NavetPerson? p;
        try
        {
            p = JsonSerializer.Deserialize<NavetPerson>(body);
        }
        catch (JsonException)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Folkbokföringen svarade med något som inte är JSON");
        }

        if (p?.PersonId != personId.TwelveDigits || string.IsNullOrWhiteSpace(p.FirstName))
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Folkbokföringen svarade utan personnummer eller namn, eller med en annan person");
        }

        DateOnly? born = DateOnly.TryParseExact(p.BirthDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var b) ? b : null;
        var protection = p.Protected switch { true => ProtectedIdentity.Yes, false => ProtectedIdentity.No, null => ProtectedIdentity.Unknown };
        return new RegisteredPerson(p.PersonId, $"{p.FirstName} {p.LastName}".Trim(), born, p.MunicipalityCode, protection, p.Deceased == true);
    }
}
