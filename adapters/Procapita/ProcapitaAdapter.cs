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

    public async Task<AdapterResult<PersonRecord>> FindPersonAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var person = await ReadClientAsync(personId, cancellationToken);
            return AdapterResult<PersonRecord>.Found(person, _time.GetElapsedTime(started));
        }
        catch (Exception e) when (Classify(e, cancellationToken) is { } failure)
        {
            return AdapterResult<PersonRecord>.Failed(failure.Status, failure.Detail, _time.GetElapsedTime(started));
        }
    }

    public async Task<AdapterResult<ClientHistory>> GetClientHistoryAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var pnr = Pnr(personId);
            var person = ReadClientAsync(personId, cancellationToken);
            var investigations = ReadPagesAsync<PcInvestigation>(pnr, "investigations", cancellationToken);
            var decisions = ReadPagesAsync<PcDecision>(pnr, "decisions", cancellationToken);
            var placements = ReadPagesAsync<PcPlacement>(pnr, "placements", cancellationToken);
            var caseworkers = ReadPagesAsync<PcCaseworker>(pnr, "caseworkers", cancellationToken);
            var warnings = ReadPagesAsync<PcWarning>(pnr, "warnings", cancellationToken);
            await Task.WhenAll(person, investigations, decisions, placements, caseworkers, warnings);

            var mappedCaseworkers = caseworkers.Result.Where(c => c.Name is not null)
                .Select(c => new Caseworker(c.Name!, c.Title, c.Unit, c.Phone, c.Email)).ToList();
            foreach (var name in investigations.Result.Select(i => i.Handlaggare).Concat(placements.Result.Select(p => p.Handlaggare)).OfType<string>().Distinct())
            {
                if (mappedCaseworkers.All(c => c.Name != name))
                {
                    mappedCaseworkers.Add(new Caseworker(name, null, null, null, null));
                }
            }

            var history = new ClientHistory(
                person.Result,
                investigations.Result.Select(i => new OpenCase(i.Id, i.Type ?? "Utredning", Day(i.StartDate), Day(i.EndDate), i.Handlaggare, i.Unit)).ToList(),
                decisions.Result.Select(d => new Decision(d.Id, d.Type ?? "Beslut", d.Reason, LegalBases.FromProvision(d.Lagrum, d.Type, d.Reason),
                    Day(d.DecisionDate), Day(d.ValidFrom), Day(d.ValidTo), d.DecidedBy)).ToList(),
                placements.Result.Select(p => new Placement(p.Id, p.Type ?? "Placering", LegalBases.FromProvision(p.Lagrum, p.Type), Day(p.StartDate), Day(p.EndDate), p.Location)).ToList(),
                mappedCaseworkers,
                warnings.Result.Select(w => new Warning(w.Kind ?? "Varning", w.Text ?? "", Day(w.ValidFrom), Day(w.ValidTo))).ToList());
            return AdapterResult<ClientHistory>.Found(history, _time.GetElapsedTime(started));
        }
        catch (Exception e) when (Classify(e, cancellationToken) is { } failure)
        {
            return AdapterResult<ClientHistory>.Failed(failure.Status, failure.Detail, _time.GetElapsedTime(started));
        }
    }

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (_settings.CanaryPersonId is null)
        {
            return new AdapterHealth(SourceStatus.Disabled, TimeSpan.Zero, "Ingen testperson (CanaryPersonId) är konfigurerad");
        }

        var result = await FindPersonAsync(new PersonId(_settings.CanaryPersonId), LookupContext.HealthCheck, cancellationToken);
        return result.Status switch
        {
            SourceStatus.Found => new AdapterHealth(SourceStatus.Found, result.Latency, null),
            SourceStatus.NotFound => new AdapterHealth(SourceStatus.NoAccess, result.Latency,
                "Inloggningen fungerar men testpersonen hittas inte: behörigheten ger inga uppgifter"),
            _ => new AdapterHealth(result.Status, result.Latency, result.Detail),
        };
    }

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
            throw new SourceException(SourceStatus.InvalidResponse, "Klientposten saknar personnummer eller namn");
        }

        if (client.PersonalIdentityNumber != pnr)
        {
            throw new SourceException(SourceStatus.InvalidResponse, "Systemet svarade med en annan person än den som efterfrågades");
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

    private async Task<List<T>> ReadPagesAsync<T>(string pnr, string resource, CancellationToken ct)
    {
        var all = new List<T>();
        var page = 1;
        for (var i = 0; i < MaxPages; i++)
        {
            using var response = await _api.GetList(pnr, resource, page, ct);
            var body = await ReadBodyAsync(response, resource, ct);
            if (body.TrimStart().StartsWith('{'))
            {
                // An object where a list belongs is Procapita's error element.
                ThrowOnError(Deserialize<PcErrorEnvelope>(body, resource).Error, resource);
                throw new SourceException(SourceStatus.InvalidResponse, $"Svaret för {resource} var inte en lista");
            }

            all.AddRange(Deserialize<List<T>>(body, resource));
            if (NextPage(response, page) is not { } next)
            {
                return all;
            }

            page = next;
        }

        throw new SourceException(SourceStatus.InvalidResponse, $"Fler än {MaxPages} sidor {resource}: svaret avbröts");
    }

    /// <summary>Follows rel="next" only to the same resource on the same server (the bearer token goes nowhere else).</summary>
    private static int? NextPage(HttpResponseMessage response, int current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in values.SelectMany(v => v.Split(',')))
        {
            var segments = part.Split(';');
            if (segments.Length < 2 || !segments.Skip(1).Any(s => s.Trim() == "rel=\"next\""))
            {
                continue;
            }

            var url = segments[0].Trim().TrimStart('<').TrimEnd('>');
            var request = response.RequestMessage?.RequestUri;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var next) || request is null
                || next.GetLeftPart(UriPartial.Path) != request.GetLeftPart(UriPartial.Path))
            {
                throw new SourceException(SourceStatus.InvalidResponse, "Nästa sida pekar på en annan adress");
            }

            var query = System.Web.HttpUtility.ParseQueryString(next.Query);
            if (!int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page <= current)
            {
                throw new SourceException(SourceStatus.InvalidResponse, "Nästa sida saknar giltigt sidnummer");
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
                throw new SourceException(SourceStatus.InvalidResponse, $"Svaret för {what} var inte JSON");
            }

            return body;
        }

        _logger.LogWarning("Procapita {Municipality} answered {Status} for {What}", _settings.MunicipalityCode, status, what);
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new SourceException(SourceStatus.NoAccess, $"Åtkomst nekades (HTTP {status}) även med en ny token"),
            HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => new SourceException(SourceStatus.TimedOut, $"Systemet svarade inte i tid (HTTP {status})"),
            _ when status >= 500 => new SourceException(SourceStatus.Unavailable, $"Systemet svarade med fel (HTTP {status}) för {what}"),
            _ => new SourceException(SourceStatus.InvalidResponse, $"Oväntat svar HTTP {status} för {what}"),
        };
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
            "CLIENT_NOT_FOUND" => new SourceException(SourceStatus.NotFound, "Personen finns inte i systemet"),
            "NOT_AUTHORIZED" or "ACCESS_DENIED" => new SourceException(SourceStatus.NoAccess, $"Behörighet saknas ({error.Code})"),
            "SERVICE_UNAVAILABLE" or "INTERNAL_ERROR" => new SourceException(SourceStatus.Unavailable, $"Systemet svarade med fel ({error.Code}) för {what}"),
            _ => new SourceException(SourceStatus.InvalidResponse, $"Okänt fel '{error.Code}' för {what}"),
        };
    }

    private static T Deserialize<T>(string body, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json) ?? throw new SourceException(SourceStatus.InvalidResponse, $"Svaret för {what} var null");
        }
        catch (JsonException)
        {
            throw new SourceException(SourceStatus.InvalidResponse, $"Svaret för {what} gick inte att tolka (ogiltig JSON)");
        }
    }

    /// <summary>Procapita writes local wall-clock times without zone: the date is the day as written.</summary>
    private static DateOnly? Day(DateTime? value) => value is { } v ? DateOnly.FromDateTime(v) : null;

    private (SourceStatus Status, string Detail)? Classify(Exception e, CancellationToken caller)
    {
        if (caller.IsCancellationRequested)
        {
            return null;
        }

        var chain = new List<Exception>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            chain.Add(x);
        }

        if (chain.OfType<SourceException>().FirstOrDefault() is { } source)
        {
            return (source.Status, source.Message);
        }

        if (chain.OfType<TokenRefusedException>().FirstOrDefault() is { } refused)
        {
            return refused.Status is 401 or 400 or 403
                ? (SourceStatus.NoAccess, $"Klientuppgifterna nekades av token-tjänsten (HTTP {refused.Status})")
                : refused.Status >= 500 ? (SourceStatus.Unavailable, $"Token-tjänsten svarade med fel (HTTP {refused.Status})")
                : (SourceStatus.InvalidResponse, "Token-tjänsten svarade utan token");
        }

        if (chain.OfType<HttpRequestException>().FirstOrDefault() is { } request)
        {
            _logger.LogWarning("Procapita {Municipality} unreachable: {Error}", _settings.MunicipalityCode, request.HttpRequestError);
            return (SourceStatus.Unavailable, $"Systemet kan inte nås ({request.HttpRequestError})");
        }

        return chain.Any(x => x is OperationCanceledException or TimeoutException) ? (SourceStatus.TimedOut, "Systemet svarade inte i tid") : null;
    }

    private static SocketsHttpHandler NewPrimary() => new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) };

    public void Dispose()
    {
        _http.Dispose();
        _authHttp.Dispose();
    }

    private sealed class SourceException(SourceStatus status, string message) : Exception(message)
    {
        public SourceStatus Status { get; } = status;
    }
}
