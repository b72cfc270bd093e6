using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Refit;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Combine;

internal sealed class CombineAdapter : IJournalAdapter, IDisposable
{
    private const int Limit = 100;
    private const int MaxPages = 50;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
    private readonly AdapterSettings _settings;
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2 _ca;
    private readonly HttpClient _http;
    private readonly ICombineApi _api;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public CombineAdapter(AdapterSettings settings, X509Certificate2 certificate, X509Certificate2 ca, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _settings = settings;
        _certificate = certificate;
        _ca = ca;
        _time = time;
        _logger = loggerFactory.CreateLogger("SocialJour.Adapters.Combine");
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [certificate],
                // Always present our certificate, whatever list of issuers the server names.
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
                RemoteCertificateValidationCallback = (_, server, _, errors) => TrustedServer(server, errors),
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri(settings.BaseUrl!.ToString().TrimEnd('/')), Timeout = TimeSpan.FromSeconds(60) };
        _api = RestService.For<ICombineApi>(_http);
    }

    public Task<AdapterResult<PersonRecord>> FindPersonAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        AdapterCalls.RunAsync(ct => ReadPersonAsync(personId, ct), _logger, _settings.MunicipalityCode, _time, cancellationToken);

    public Task<AdapterResult<ClientHistory>> GetClientHistoryAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        AdapterCalls.RunAsync(ct => ReadHistoryAsync(personId, ct), _logger, _settings.MunicipalityCode, _time, cancellationToken);

    private async Task<ClientHistory> ReadHistoryAsync(PersonId personId, CancellationToken cancellationToken)
    {
        var pnr = personId.TwelveDigits;
        var person = ReadPersonAsync(personId, cancellationToken);
        var investigations = ReadPagesAsync<CbInvestigation>(pnr, "investigations", cancellationToken);
        var decisions = ReadPagesAsync<CbDecision>(pnr, "decisions", cancellationToken);
        var placements = ReadPagesAsync<CbPlacement>(pnr, "placements", cancellationToken);
        var caseworkers = ReadPagesAsync<CbCaseworker>(pnr, "caseworkers", cancellationToken);
        var warnings = ReadPagesAsync<CbWarning>(pnr, "warnings", cancellationToken);
        await AdapterCalls.AwaitAllAsync(person, investigations, decisions, placements, caseworkers, warnings);

        var mappedCaseworkers = caseworkers.Result.Where(c => c.Name is not null).Select(c => new Caseworker(c.Name!, c.Title, c.Unit, c.Phone, c.Email)).ToList();
        mappedCaseworkers = AdapterCalls.MergeCaseworkers(mappedCaseworkers, investigations.Result.Select(i => i.Caseworker).Concat(placements.Result.Select(p => p.Caseworker)));

        var history = new ClientHistory(
            person.Result,
            investigations.Result.Select(i => new OpenCase(i.Id, i.Type ?? "Utredning", Day(i.From), Day(i.To), i.Caseworker, i.Unit)).ToList(),
            decisions.Result.Select(d => new Decision(d.Id, d.Type ?? "Beslut", d.Reason, LegalBases.FromProvision(d.Provision, d.Type, d.Reason), Day(d.DecidedAt), Day(d.From), Day(d.To), d.DecidedBy)).ToList(),
            placements.Result.Select(p => new Placement(p.Id, p.Type ?? "Placering", LegalBases.FromProvision(p.Provision, p.Type), Day(p.From), Day(p.To), p.Location)).ToList(),
            mappedCaseworkers,
            warnings.Result.Select(w => new Warning(w.Kind ?? "Varning", w.Text ?? "", Day(w.From), Day(w.To))).ToList());
        return history;
    }

    public async Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (_certificate.NotAfter < _time.GetUtcNow().UtcDateTime)
        {
            return new AdapterHealth(SourceStatus.NoAccess, TimeSpan.Zero, $"Klientcertifikatet gick ut {_certificate.NotAfter:yyyy-MM-dd}");
        }

        return await AdapterCalls.CheckCanaryAsync(this, _settings.CanaryPersonId, cancellationToken);
    }

    /// <summary>The server is trusted only if it chains to the configured CA and its name matches.</summary>
    private bool TrustedServer(X509Certificate? server, SslPolicyErrors errors)
    {
        if (server is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(server);
        return chain.Build(certificate);
    }

    private async Task<PersonRecord> ReadPersonAsync(PersonId personId, CancellationToken ct)
    {
        using var response = await _api.GetPerson(personId.TwelveDigits, ct);
        var envelope = Deserialize<CbEnvelope<CbPerson>>(await ReadBodyAsync(response, "person", notFoundMeansNone: true, ct), "person");
        if (envelope.Data is not { } p)
        {
            // An empty envelope: the certificate is not licensed for this person's data, or the person is unknown.
            throw new SourceFailureException(SourceStatus.NotFound, "Systemet svarade utan personuppgifter");
        }

        if (p.PersonalNumber is null || p.FullName is null)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Personposten saknar personnummer eller namn");
        }

        if (p.PersonalNumber != personId.TwelveDigits)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Systemet svarade med en annan person än den som efterfrågades");
        }

        var protection = p.ProtectedIdentity switch { "YES" => ProtectedIdentity.Yes, "NO" => ProtectedIdentity.No, _ => ProtectedIdentity.Unknown };
        var address = p.Address is { } a ? new PostalAddress(a.Street, a.PostalCode, a.City) : null;
        return new PersonRecord(personId.TwelveDigits, p.FullName, protection, address);
    }

    private async Task<List<T>> ReadPagesAsync<T>(string pnr, string resource, CancellationToken ct)
    {
        var all = new List<T>();
        var offset = 0;
        for (var i = 0; i < MaxPages; i++)
        {
            using var response = await _api.GetList(pnr, resource, offset, Limit, ct);
            var envelope = Deserialize<CbEnvelope<List<T>>>(await ReadBodyAsync(response, resource, notFoundMeansNone: false, ct), resource);
            if (envelope.Data is null || envelope.Meta is null)
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {resource} saknar data eller meta");
            }

            all.AddRange(envelope.Data);
            offset += envelope.Data.Count;
            if (offset >= envelope.Meta.Total)
            {
                return all;
            }

            if (envelope.Data.Count == 0)
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {resource} tog slut före total ({offset} av {envelope.Meta.Total})");
            }
        }

        throw new SourceFailureException(SourceStatus.InvalidResponse, $"Fler än {MaxPages} sidor {resource}: svaret avbröts");
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, string what, bool notFoundMeansNone, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            return string.IsNullOrWhiteSpace(body) || (mediaType is not null && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
                ? throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {what} var inte JSON")
                : body;
        }

        _logger.LogWarning("Combine {Municipality} answered {Status} for {What}", _settings.MunicipalityCode, status, what);
        throw AdapterCalls.HttpFailure(status, what, AdapterCalls.ProblemDetail(response, body), "Klientcertifikatet godtogs inte", notFoundMeansNone);
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

    /// <summary>Combine writes instants with an offset; the day they mean is the Swedish calendar day.</summary>
    private static DateOnly? Day(DateTimeOffset? value) => value is { } v ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(v, Stockholm).DateTime) : null;


    public void Dispose()
    {
        _http.Dispose();
        _certificate.Dispose();
        _ca.Dispose();
    }

}
