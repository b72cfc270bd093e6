using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Refit;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Lifecare;

internal sealed class LifecareAdapter : IJournalAdapter, IDisposable
{
    private const int MaxPages = 50;
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = false };
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
    private readonly AdapterSettings _settings;
    private readonly int _pageSize;
    private readonly HttpClient _http;
    private readonly ILifecareFamilyCareApi _api;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public LifecareAdapter(AdapterSettings settings, string domain, string key, int pageSize, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _settings = settings;
        _pageSize = pageSize;
        _time = time;
        _logger = loggerFactory.CreateLogger("SocialJour.Adapters.Lifecare");
        var primary = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) };
        _http = new HttpClient(new KeyQueryHandler(domain, key) { InnerHandler = primary })
        {
            // Refit appends "/apifc/v1/..." to the base path.
            BaseAddress = new Uri(settings.BaseUrl!.ToString().TrimEnd('/')),
            Timeout = TimeSpan.FromSeconds(60),
        };
        _api = RestService.For<ILifecareFamilyCareApi>(_http);
    }

    public Task<AdapterResult<PersonRecord>> FindPersonAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        AdapterCalls.RunAsync(async ct => MapPerson(await ReadPersonAsync(personId, ct), personId), _logger, _settings.MunicipalityCode, _time, cancellationToken);

    public Task<AdapterResult<ClientHistory>> GetClientHistoryAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        AdapterCalls.RunAsync(ct => ReadHistoryAsync(personId, ct), _logger, _settings.MunicipalityCode, _time, cancellationToken);

    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        AdapterCalls.CheckCanaryAsync(this, _settings.CanaryPersonId, cancellationToken);

    private async Task<ClientHistory> ReadHistoryAsync(PersonId personId, CancellationToken cancellationToken)
    {
        var id = personId.TwelveDigits;
        var personTask = ReadPersonAsync(personId, cancellationToken);
        var investigationsTask = ReadPagesAsync<LcInvestigation>("utredningar", (n, ct) => _api.GetInvestigations(id, _pageSize, n, ct), cancellationToken);
        var decisionsTask = ReadPagesAsync<LcDecision>("beslut", (n, ct) => _api.GetDecisions(id, _pageSize, n, ct), cancellationToken);
        var servicesTask = ReadPagesAsync<LcService>("insatser", (n, ct) => _api.GetServices(id, _pageSize, n, ct), cancellationToken);
        var contactsTask = ReadArrayAsync<LcContact>("kontakter", ct => _api.GetContacts(id, ct), cancellationToken);
        await AdapterCalls.AwaitAllAsync(personTask, investigationsTask, decisionsTask, servicesTask, contactsTask);

        var person = MapPerson(personTask.Result, personId);
        return LifecareMapping.ToHistory(person, personTask.Result.Warnings, investigationsTask.Result, decisionsTask.Result, servicesTask.Result, contactsTask.Result, ToDate);
    }

    private async Task<LcPerson> ReadPersonAsync(PersonId personId, CancellationToken ct)
    {
        using var response = await _api.GetPerson(personId.TwelveDigits, ct);
        var body = await ReadBodyAsync(response, "person", notFoundMeansNone: true, ct);
        var person = Deserialize<LcPerson>(body, "person");
        if (person.PersonId is null || person.Name is null)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Personposten saknar PersonId eller Name");
        }

        if (person.PersonId != personId.TwelveDigits)
        {
            // A different person than asked for is worse than no answer (the sibling mix-up).
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Systemet svarade med en annan person än den som efterfrågades");
        }

        return person;
    }

    private async Task<List<T>> ReadPagesAsync<T>(string what, Func<int, CancellationToken, Task<HttpResponseMessage>> fetch, CancellationToken ct)
    {
        var all = new List<T>();
        for (var page = 1; page <= MaxPages; page++)
        {
            using var response = await fetch(page, ct);
            var body = await ReadBodyAsync(response, what, notFoundMeansNone: false, ct);
            var envelope = Deserialize<LcPage<T>>(body, what);
            if (envelope.Result is null)
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {what} saknar Result");
            }

            all.AddRange(envelope.Result);
            if (page >= envelope.TotalNumberOfPages)
            {
                return all;
            }
        }

        throw new SourceFailureException(SourceStatus.InvalidResponse, $"Fler än {MaxPages} sidor {what}: svaret avbröts");
    }

    private async Task<List<T>> ReadArrayAsync<T>(string what, Func<CancellationToken, Task<HttpResponseMessage>> fetch, CancellationToken ct)
    {
        using var response = await fetch(ct);
        var body = await ReadBodyAsync(response, what, notFoundMeansNone: false, ct);
        return Deserialize<List<T>>(body, what);
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, string what, bool notFoundMeansNone, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                // Lifecare answers 200 with an empty body when the key lacks the person licence.
                throw new SourceFailureException(SourceStatus.NoAccess, $"Tomt svar för {what}: nyckeln saknar troligen behörighet (licens) för personuppgifter");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is not null && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {what} var {mediaType}, inte JSON");
            }

            return body;
        }

        _logger.LogWarning("Lifecare {Municipality} answered {Status} for {What}", _settings.MunicipalityCode, status, what);
        throw AdapterCalls.HttpFailure(status, what, AdapterCalls.ProblemDetail(response, body), "Inloggningen nekades", notFoundMeansNone);
    }

    private static T Deserialize<T>(string body, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json) ?? throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {what} var null");
        }
        catch (JsonException)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {what} gick inte att tolka (ogiltig JSON)");
        }
    }

    private static PersonRecord MapPerson(LcPerson p, PersonId id)
    {
        var protection = p.ProtectedIdentity switch
        {
            true => ProtectedIdentity.Yes,
            false => ProtectedIdentity.No,
            null => ProtectedIdentity.Unknown,
        };
        var address = p.StreetAddress is null && p.PostalCode is null && p.PostalAddress is null ? null : new PostalAddress(p.StreetAddress, p.PostalCode, p.PostalAddress);
        return new PersonRecord(id.TwelveDigits, p.Name!, protection, address);
    }

    /// <summary>Lifecare dates are UTC instants; the day they mean is the Swedish calendar day.</summary>
    private static DateOnly? ToDate(DateTimeOffset? value) =>
        value is { } v ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(v, Stockholm).DateTime) : null;

    public void Dispose() => _http.Dispose();

}
