using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Refit;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Procapita;

internal sealed class ProcapitaAdapter : IJournalAdapter, IDisposable
{
    private const int MaxPages = 50;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly AdapterSettings _settings;
    private readonly HttpClient _authHttp;
    private readonly HttpClient _http;
    private readonly IProcapitaApi _api;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public ProcapitaAdapter(AdapterSettings settings, string clientId, string clientSecret, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        _logger = loggerFactory.CreateLogger("SocialJour.Adapters.Procapita");
        var baseAddress = new Uri(settings.BaseUrl!.ToString().TrimEnd('/'));
        _authHttp = new HttpClient(NewPrimary()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var tokens = new BearerTokenHandler(RestService.For<IProcapitaAuthApi>(_authHttp), clientId, clientSecret, time) { InnerHandler = NewPrimary() };
        _http = new HttpClient(tokens) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _api = RestService.For<IProcapitaApi>(_http);
    }

    public Task<AdapterResult<PersonRecord>> FindPersonAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        AdapterCalls.RunAsync(ct => ReadClientAsync(personId, ct), _logger, _settings.MunicipalityCode, _time, cancellationToken);

    public Task<AdapterResult<ClientHistory>> GetClientHistoryAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        AdapterCalls.RunAsync(ct => ReadHistoryAsync(personId, ct), _logger, _settings.MunicipalityCode, _time, cancellationToken);

    private async Task<ClientHistory> ReadHistoryAsync(PersonId personId, CancellationToken cancellationToken)
    {
        var pnr = Pnr(personId);
        var person = ReadClientAsync(personId, cancellationToken);
        var investigations = ReadPagesAsync<PcInvestigation>(pnr, "investigations", cancellationToken);
        var decisions = ReadPagesAsync<PcDecision>(pnr, "decisions", cancellationToken);
        var placements = ReadPagesAsync<PcPlacement>(pnr, "placements", cancellationToken);
        var caseworkers = ReadPagesAsync<PcCaseworker>(pnr, "caseworkers", cancellationToken);
        var warnings = ReadPagesAsync<PcWarning>(pnr, "warnings", cancellationToken);
        await AdapterCalls.AwaitAllAsync(person, investigations, decisions, placements, caseworkers, warnings);

        var mappedCaseworkers = caseworkers.Result.Where(c => c.Name is not null)
            .Select(c => new Caseworker(c.Name!, c.Title, c.Unit, c.Phone, c.Email)).ToList();
        mappedCaseworkers = AdapterCalls.MergeCaseworkers(mappedCaseworkers, investigations.Result.Select(i => i.Handlaggare).Concat(placements.Result.Select(p => p.Handlaggare)));

        var history = new ClientHistory(
            person.Result,
            investigations.Result.Select(i => new OpenCase(i.Id, i.Type ?? "Utredning", Day(i.StartDate), Day(i.EndDate), i.Handlaggare, i.Unit)).ToList(),
            decisions.Result.Select(d => new Decision(d.Id, d.Type ?? "Beslut", d.Reason, LegalBases.FromProvision(d.Lagrum, d.Type, d.Reason),
                Day(d.DecisionDate), Day(d.ValidFrom), Day(d.ValidTo), d.DecidedBy)).ToList(),
            placements.Result.Select(p => new Placement(p.Id, p.Type ?? "Placering", LegalBases.FromProvision(p.Lagrum, p.Type), Day(p.StartDate), Day(p.EndDate), p.Location)).ToList(),
            mappedCaseworkers,
            warnings.Result.Select(w => new Warning(w.Kind ?? "Varning", w.Text ?? "", Day(w.ValidFrom), Day(w.ValidTo))).ToList());
        return history;
    }

    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        AdapterCalls.CheckCanaryAsync(this, _settings.CanaryPersonId, cancellationToken);

    /// <summary>Procapita's form: YYMMDD-NNNN, with '+' from the year the person turns 100.</summary>
    private string Pnr(PersonId id) => id.ToTenDigitsWithSeparator(_time.GetUtcNow().Year);

    private async Task<PersonRecord> ReadClientAsync(PersonId personId, CancellationToken ct)
    {
        var pnr = Pnr(personId);
        using var response = await _api.GetClient(pnr, ct);
        var body = await ReadBodyAsync(response, "klient", ct);
        var client = Deserialize<PcClient>(body, "klient");
        ThrowOnError(client.Error, "klient");
        if (client.PersonalIdentityNumber is null || client.FirstName is null)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Klientposten saknar personnummer eller namn");
        }

        if (client.PersonalIdentityNumber != pnr)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Systemet svarade med en annan person än den som efterfrågades");
        }

        var protection = client.ProtectedIdentity switch
        {
            true => ProtectedIdentity.Yes,
            false => ProtectedIdentity.No,
            null => ProtectedIdentity.Unknown,
        };
        var address = client.Address is { } a ? new PostalAddress(a.Street, a.PostalCode, a.City) : null;
        return new PersonRecord(personId.TwelveDigits, $"{client.FirstName} {client.LastName}".Trim(), protection, address);
    }

    /// <summary>At most this many pages of one resource are asked for at once.</summary>
    private const int ParallelPages = 4;

    /// <summary>
    /// Every page of a list. The first page's Link header names the next page and, where the server gives it, the last: then
    /// the remaining pages are fetched in parallel (at most <see cref="ParallelPages"/> at a time), so a long history costs about
    /// one request's time instead of one per page; otherwise rel="next" is followed page by page.
    /// </summary>
    private async Task<List<T>> ReadPagesAsync<T>(string pnr, string resource, CancellationToken ct)
    {
        var (first, next, last) = await ReadPageAsync<T>(pnr, resource, 1, ct);
        if (next is null)
        {
            return first;
        }

        if (last is { } lastPage && next == 2)
        {
            if (lastPage > MaxPages)
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, $"Fler än {MaxPages} sidor {resource}: svaret avbröts");
            }

            using var gate = new SemaphoreSlim(ParallelPages);
            var rest = await Task.WhenAll(Enumerable.Range(2, lastPage - 1).Select(async page =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    return (await ReadPageAsync<T>(pnr, resource, page, ct)).Items;
                }
                finally
                {
                    gate.Release();
                }
            }));
            return [.. first, .. rest.SelectMany(items => items)];
        }

        var all = first;
        for (var i = 1; i < MaxPages; i++)
        {
            var (items, following, _) = await ReadPageAsync<T>(pnr, resource, next.Value, ct);
            all.AddRange(items);
            if (following is null)
            {
                return all;
            }

            next = following;
        }

        throw new SourceFailureException(SourceStatus.InvalidResponse, $"Fler än {MaxPages} sidor {resource}: svaret avbröts");
    }

    private async Task<(List<T> Items, int? Next, int? Last)> ReadPageAsync<T>(string pnr, string resource, int page, CancellationToken ct)
    {
        using var response = await _api.GetList(pnr, resource, page, ct);
        var body = await ReadBodyAsync(response, resource, ct);
        if (body.TrimStart().StartsWith('{'))
        {
            // An object where a list belongs is Procapita's error element.
            ThrowOnError(Deserialize<PcErrorEnvelope>(body, resource).Error, resource);
            throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {resource} var inte en lista");
        }

        return (Deserialize<List<T>>(body, resource), LinkedPage(response, "next", page), LinkedPage(response, "last", page));
    }

    /// <summary>
    /// The page a Link relation names (rel="next" or rel="last"), followed only to the same resource on the same server (the
    /// bearer token goes nowhere else) and only forward; null when the header has no such relation.
    /// </summary>
    private static int? LinkedPage(HttpResponseMessage response, string relation, int current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in values.SelectMany(v => v.Split(',')))
        {
            var segments = part.Split(';');
            if (segments.Length < 2 || !segments.Skip(1).Any(s => s.Trim() == $"rel=\"{relation}\""))
            {
                continue;
            }

            var url = segments[0].Trim().TrimStart('<').TrimEnd('>');
            var request = response.RequestMessage?.RequestUri;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var linked) || request is null
                || linked.GetLeftPart(UriPartial.Path) != request.GetLeftPart(UriPartial.Path))
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, relation == "next" ? "Nästa sida pekar på en annan adress" : "Sista sidan pekar på en annan adress");
            }

            var query = System.Web.HttpUtility.ParseQueryString(linked.Query);
            if (!int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page <= current)
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, relation == "next" ? "Nästa sida saknar giltigt sidnummer" : "Sista sidan saknar giltigt sidnummer");
            }

            return page;
        }

        return null;
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (string.IsNullOrWhiteSpace(body) || (mediaType is not null && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)))
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {what} var inte JSON");
            }

            return body;
        }

        _logger.LogWarning("Procapita {Municipality} answered {Status} for {What}", _settings.MunicipalityCode, status, what);
        throw AdapterCalls.HttpFailure(status, what, "", "Åtkomst nekades även med en ny token");
    }

    /// <summary>Procapita reports errors as 200 with <c>{"error": {"code", "message"}}</c>.</summary>
    private static void ThrowOnError(PcError? error, string what)
    {
        if (error is null)
        {
            return;
        }

        throw error.Code switch
        {
            "CLIENT_NOT_FOUND" => new SourceFailureException(SourceStatus.NotFound, "Personen finns inte i systemet"),
            "NOT_AUTHORIZED" or "ACCESS_DENIED" => new SourceFailureException(SourceStatus.NoAccess, $"Behörighet saknas ({error.Code})"),
            "SERVICE_UNAVAILABLE" or "INTERNAL_ERROR" => new SourceFailureException(SourceStatus.Unavailable, $"Systemet svarade med fel ({error.Code}) för {what}"),
            _ => new SourceFailureException(SourceStatus.InvalidResponse, $"Okänt fel '{error.Code}' för {what}"),
        };
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

    /// <summary>Procapita writes local wall-clock times without zone: the date is the day as written.</summary>
    private static DateOnly? Day(DateTime? value) => value is { } v ? DateOnly.FromDateTime(v) : null;


    private static SocketsHttpHandler NewPrimary() => new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) };

    public void Dispose()
    {
        _http.Dispose();
        _authHttp.Dispose();
    }

}
