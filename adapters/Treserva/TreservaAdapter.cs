using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Refit;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Treserva;

internal sealed class TreservaAdapter : IJournalAdapter, IDisposable
{
    private const int PageSize = 100;
    private const int MaxPages = 50;
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private readonly AdapterSettings _settings;
    private readonly SocketsHttpHandler _primary;
    private readonly HttpClient _loginHttp;
    private readonly HttpClient _http;
    private readonly ITreservaApi _api;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public TreservaAdapter(AdapterSettings settings, string userName, string password, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        _logger = loggerFactory.CreateLogger("SocialJour.Adapters.Treserva");
        var baseAddress = new Uri(settings.BaseUrl!.ToString().TrimEnd('/'));

        // One connection pool and one cookie jar for the login and the services: the session is the cookie.
        _primary = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false, // a redirect to the login page means the session expired
        };
        _loginHttp = new HttpClient(_primary, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var session = new SessionHandler(RestService.For<ITreservaLoginApi>(_loginHttp), userName, password) { InnerHandler = _primary };
        _http = new HttpClient(session, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _api = RestService.For<ITreservaApi>(_http);
    }

    public Task<AdapterResult<PersonRecord>> FindPersonAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        AdapterCalls.RunAsync(ct => ReadClientAsync(personId, ct), _logger, _settings.MunicipalityCode, _time, cancellationToken);

    public Task<AdapterResult<ClientHistory>> GetClientHistoryAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        AdapterCalls.RunAsync(ct => ReadHistoryAsync(personId, ct), _logger, _settings.MunicipalityCode, _time, cancellationToken);

    private async Task<ClientHistory> ReadHistoryAsync(PersonId personId, CancellationToken cancellationToken)
    {
        var pnr = personId.TwelveDigits;
        var person = ReadClientAsync(personId, cancellationToken);
        var investigations = ReadPagesAsync(pnr, "utredningar", "Utredning", cancellationToken);
        var decisions = ReadPagesAsync(pnr, "beslut", "Beslut", cancellationToken);
        var placements = ReadPagesAsync(pnr, "placeringar", "Placering", cancellationToken);
        var caseworkers = ReadPagesAsync(pnr, "handlaggare", "Handlaggare", cancellationToken);
        var warnings = ReadPagesAsync(pnr, "varningar", "Varning", cancellationToken);
        await AdapterCalls.AwaitAllAsync(person, investigations, decisions, placements, caseworkers, warnings);

        var mappedCaseworkers = caseworkers.Result.Where(c => Text(c, "Namn") is not null)
            .Select(c => new Caseworker(Text(c, "Namn")!, Text(c, "Titel"), Text(c, "Enhet"), Text(c, "Telefon"), Text(c, "Epost"))).ToList();
        mappedCaseworkers = AdapterCalls.MergeCaseworkers(mappedCaseworkers, investigations.Result.Concat(placements.Result).Select(x => Text(x, "Handlaggare")));

        var history = new ClientHistory(
            person.Result,
            investigations.Result.Select(i => new OpenCase(Required(i, "Id"), Text(i, "Typ") ?? "Utredning", Day(i, "Fran"), Day(i, "Till"), Text(i, "Handlaggare"), Text(i, "Enhet"))).ToList(),
            decisions.Result.Select(d => new Decision(Required(d, "Id"), Text(d, "Typ") ?? "Beslut", Text(d, "Motivering"), LegalBases.FromProvision(Text(d, "Lagrum"), Text(d, "Typ")),
                Day(d, "Beslutsdatum"), Day(d, "Fran"), Day(d, "Till"), Text(d, "Beslutsfattare"))).ToList(),
            placements.Result.Select(p => new Placement(Required(p, "Id"), Text(p, "Typ") ?? "Placering", LegalBases.FromProvision(Text(p, "Lagrum"), Text(p, "Typ")), Day(p, "Fran"), Day(p, "Till"), Text(p, "Plats"))).ToList(),
            mappedCaseworkers,
            warnings.Result.Select(w => new Warning(Text(w, "Slag") ?? "Varning", Text(w, "Text") ?? "", Day(w, "Fran"), Day(w, "Till"))).ToList());
        return history;
    }

    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        AdapterCalls.CheckCanaryAsync(this, _settings.CanaryPersonId, cancellationToken);

    private async Task<PersonRecord> ReadClientAsync(PersonId personId, CancellationToken ct)
    {
        using var response = await _api.GetClient(personId.TwelveDigits, ct);
        var body = await ReadBodyAsync(response, "klient", ct);
        var client = body.Element("Klient") ?? throw new SourceFailureException(SourceStatus.InvalidResponse, "Svaret saknar Klient");
        if (Text(client, "Personnummer") is not { } pnr || Text(client, "Namn") is not { } name)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Klientposten saknar personnummer eller namn");
        }

        if (pnr != personId.TwelveDigits)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Systemet svarade med en annan person än den som efterfrågades");
        }

        var protection = Text(client, "SkyddadIdentitet") switch
        {
            "J" => ProtectedIdentity.Yes,
            "N" => ProtectedIdentity.No,
            _ => ProtectedIdentity.Unknown,
        };
        var address = client.Element("Adress") is { } a ? new PostalAddress(Text(a, "Gata"), Text(a, "Postnummer"), Text(a, "Ort")) : null;
        return new PersonRecord(personId.TwelveDigits, name, protection, address);
    }

    private async Task<List<XElement>> ReadPagesAsync(string pnr, string resource, string element, CancellationToken ct)
    {
        var all = new List<XElement>();
        var offset = 0;
        for (var i = 0; i < MaxPages; i++)
        {
            using var response = await _api.GetList(resource, pnr, offset, PageSize, ct);
            var body = await ReadBodyAsync(response, resource, ct);
            var list = body.Element("Lista") ?? throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {resource} saknar Lista");
            if (!int.TryParse((string?)list.Attribute("total"), NumberStyles.None, CultureInfo.InvariantCulture, out var total))
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {resource} saknar total");
            }

            var items = list.Elements(element).ToList();
            all.AddRange(items);
            offset += items.Count;

            // The server may give fewer than asked for (its own limit): go on until total is reached.
            if (offset >= total)
            {
                return all;
            }

            if (items.Count == 0)
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {resource} tog slut före total ({offset} av {total})");
            }
        }

        throw new SourceFailureException(SourceStatus.InvalidResponse, $"Fler än {MaxPages} sidor {resource}: svaret avbröts");
    }

    /// <summary>Parses the SOAP envelope and returns its Body; a Fault becomes the matching status.</summary>
    private async Task<XElement> ReadBodyAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        XElement? body = null;
        if (mediaType.Contains("xml", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                body = XDocument.Parse(text).Root?.Element(Soap + "Body");
            }
            catch (XmlException) when (response.IsSuccessStatusCode)
            {
                throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {what} gick inte att tolka (ogiltig XML)");
            }
            catch (XmlException)
            {
                body = null;
            }
        }

        if (body?.Element(Soap + "Fault") is { } fault)
        {
            var code = Text(fault, "faultcode") ?? "";
            throw code switch
            {
                _ when code.EndsWith("Client.NotFound", StringComparison.Ordinal) => new SourceFailureException(SourceStatus.NotFound, "Personen finns inte i systemet"),
                _ when code.EndsWith("Client.NotAuthorized", StringComparison.Ordinal) => new SourceFailureException(SourceStatus.NoAccess, $"Behörighet saknas ({code})"),
                _ when code.Contains("Server", StringComparison.Ordinal) => new SourceFailureException(SourceStatus.Unavailable, $"Systemet svarade med fel ({code}) för {what}"),
                _ => new SourceFailureException(SourceStatus.InvalidResponse, $"Okänt fel '{code}' för {what}"),
            };
        }

        if (response.IsSuccessStatusCode)
        {
            return body ?? throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {what} var inte ett SOAP-kuvert");
        }

        _logger.LogWarning("Treserva {Municipality} answered {Status} for {What}", _settings.MunicipalityCode, status, what);
        throw AdapterCalls.HttpFailure(status, what, "", "Åtkomst nekades");
    }

    private static string? Text(XElement parent, string name) => parent.Element(name)?.Value is { Length: > 0 } v ? v : null;

    private static string Required(XElement parent, string name) =>
        Text(parent, name) ?? throw new SourceFailureException(SourceStatus.InvalidResponse, $"{parent.Name.LocalName} saknar {name}");

    /// <summary>Treserva dates are yyyyMMdd calendar days.</summary>
    private static DateOnly? Day(XElement parent, string name) =>
        Text(parent, name) is not { } v ? null
        : DateOnly.TryParseExact(v, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new SourceFailureException(SourceStatus.InvalidResponse, $"'{v}' i {parent.Name.LocalName}.{name} är inget datum (ååååmmdd)");


    public void Dispose()
    {
        _http.Dispose();
        _loginHttp.Dispose();
        _primary.Dispose();
    }

}
