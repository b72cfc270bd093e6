using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Refit;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Viva;

internal sealed class VivaAdapter : IJournalAdapter, IDisposable
{
    private const int MaxPages = 50;
    private readonly AdapterSettings _settings;
    private readonly HttpClient _http;
    private readonly IVivaApi _api;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public VivaAdapter(AdapterSettings settings, string key, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        _logger = loggerFactory.CreateLogger("SocialJour.Adapters.Viva");
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = new Uri(settings.BaseUrl!.ToString().TrimEnd('/')),
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Add("X-Viva-Key", key);
        _api = RestService.For<IVivaApi>(_http);
    }

    public Task<AdapterResult<PersonRecord>> FindPersonAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        AdapterCalls.RunAsync(ct => ReadClientAsync(personId, ct), _logger, _settings.MunicipalityCode, _time, cancellationToken);

    public Task<AdapterResult<ClientHistory>> GetClientHistoryAsync(PersonId personId, LookupContext context, CancellationToken cancellationToken) =>
        AdapterCalls.RunAsync(ct => ReadHistoryAsync(personId, ct), _logger, _settings.MunicipalityCode, _time, cancellationToken);

    private async Task<ClientHistory> ReadHistoryAsync(PersonId personId, CancellationToken cancellationToken)
    {
        var pnr = Pnr(personId);
        var person = ReadClientAsync(personId, cancellationToken);
        var investigations = ReadPagesAsync(pnr, "utredn", cancellationToken);
        var decisions = ReadPagesAsync(pnr, "beslut", cancellationToken);
        var placements = ReadPagesAsync(pnr, "placer", cancellationToken);
        var caseworkers = ReadPagesAsync(pnr, "handl", cancellationToken);
        var warnings = ReadPagesAsync(pnr, "varn", cancellationToken);
        await AdapterCalls.AwaitAllAsync(person, investigations, decisions, placements, caseworkers, warnings);

        var mappedCaseworkers = caseworkers.Result.Where(c => c.Get("NAMN") is not null)
            .Select(c => new Caseworker(c.Get("NAMN")!, c.Get("TITEL"), c.Get("ENHET"), c.Get("TELEFON"), c.Get("EPOST"))).ToList();
        mappedCaseworkers = AdapterCalls.MergeCaseworkers(mappedCaseworkers, investigations.Result.Concat(placements.Result).Select(x => x.Get("HANDL")));

        var history = new ClientHistory(
            person.Result,
            investigations.Result.Select(i => new OpenCase(i.Required("ID"), i.Get("TYP") ?? "Utredning", i.Day("FROM"), i.Day("TOM"), i.Get("HANDL"), i.Get("ENHET"))).ToList(),
            decisions.Result.Select(d => new Decision(d.Required("ID"), d.Get("TYP") ?? "Beslut", d.Get("SKAL"), LegalBases.FromProvision(d.Get("LAGRUM"), d.Get("TYP")),
                d.Day("DATUM"), d.Day("FROM"), d.Day("TOM"), d.Get("BESLUTAT_AV"))).ToList(),
            placements.Result.Select(p => new Placement(p.Required("ID"), p.Get("TYP") ?? "Placering", LegalBases.FromProvision(p.Get("LAGRUM"), p.Get("TYP")), p.Day("FROM"), p.Day("TOM"), p.Get("PLATS"))).ToList(),
            mappedCaseworkers,
            warnings.Result.Select(w => new Warning(w.Get("SLAG") ?? "Varning", w.Get("TEXT") ?? "", w.Day("FROM"), w.Day("TOM"))).ToList());
        return history;
    }

    public Task<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        AdapterCalls.CheckCanaryAsync(this, _settings.CanaryPersonId, cancellationToken);

    private string Pnr(PersonId id) => id.ToTenDigitsWithSeparator(_time.GetUtcNow().Year);

    private async Task<PersonRecord> ReadClientAsync(PersonId personId, CancellationToken ct)
    {
        var pnr = Pnr(personId);
        using var response = await _api.GetClient(pnr, ct);
        var fields = new Row(Lines(await ReadTextAsync(response, "klient", ct))
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal), "klient");
        if (fields.Get("PNR") is not { } answered || fields.Get("NAMN") is not { } name)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Klientposten saknar PNR eller NAMN");
        }

        if (answered != pnr)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, "Systemet svarade med en annan person än den som efterfrågades");
        }

        var protection = fields.Get("SKYDD") switch { "J" => ProtectedIdentity.Yes, "N" => ProtectedIdentity.No, _ => ProtectedIdentity.Unknown };
        var address = fields.Get("GATA") is null && fields.Get("POSTNR") is null && fields.Get("ORT") is null
            ? null
            : new PostalAddress(fields.Get("GATA"), fields.Get("POSTNR"), fields.Get("ORT"));
        return new PersonRecord(personId.TwelveDigits, name, protection, address);
    }

    private async Task<List<Row>> ReadPagesAsync(string pnr, string resource, CancellationToken ct)
    {
        var rows = new List<Row>();
        for (var page = 1; page <= MaxPages; page++)
        {
            using var response = await _api.GetList(resource, pnr, page, ct);
            var lines = Lines(await ReadTextAsync(response, resource, ct));
            if (lines.Count < 2 || !lines[^1].StartsWith("#FLER=", StringComparison.Ordinal))
            {
                // Without the trailer we cannot know the list is whole: a truncated answer.
                throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {resource} saknar slutraden #FLER");
            }

            var header = lines[0].Split(';');
            foreach (var line in lines.Skip(1).SkipLast(1))
            {
                var cells = line.Split(';');
                if (cells.Length != header.Length)
                {
                    throw new SourceFailureException(SourceStatus.InvalidResponse, $"En rad i {resource} har {cells.Length} fält, rubriken {header.Length}");
                }

                rows.Add(new Row(header.Zip(cells).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal), resource));
            }

            if (lines[^1] == "#FLER=N")
            {
                return rows;
            }
        }

        throw new SourceFailureException(SourceStatus.InvalidResponse, $"Fler än {MaxPages} sidor {resource}: svaret avbröts");
    }

    /// <summary>Decodes strictly in the declared character set: a mismatch is an invalid answer, never garbled text.</summary>
    private async Task<string> ReadTextAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var status = (int)response.StatusCode;
        var contentType = response.Content.Headers.ContentType;
        if (contentType?.MediaType != "text/plain")
        {
            _logger.LogWarning("Viva {Municipality} answered {Status} {MediaType} for {What}", _settings.MunicipalityCode, status, contentType?.MediaType, what);
            throw status >= 500
                ? new SourceFailureException(SourceStatus.Unavailable, $"Systemet svarade med fel (HTTP {status}) för {what}")
                : new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {what} var {contentType?.MediaType ?? "utan typ"}, inte text");
        }

        string text;
        try
        {
            text = EncodingFor(contentType.CharSet).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new SourceFailureException(SourceStatus.InvalidResponse, $"Svaret för {what} stämmer inte med teckenkodningen {contentType.CharSet}");
        }

        if (response.IsSuccessStatusCode)
        {
            return text;
        }

        _logger.LogWarning("Viva {Municipality} answered {Status} for {What}", _settings.MunicipalityCode, status, what);
        // Viva explains itself in a "FEL: …" line: that text is the detail, and for 401/403 the whole message.
        var message = text.StartsWith("FEL:", StringComparison.Ordinal) ? text[4..].Trim() : null;
        throw AdapterCalls.HttpFailure(status, what, message is null ? "" : ": " + message, message ?? "Åtkomst nekades", notFoundMeansNone: true);
    }

    private static Encoding EncodingFor(string? charset) => charset?.ToUpperInvariant() switch
    {
        "ISO-8859-1" or "LATIN1" => Encoding.Latin1,
        "UTF-8" => new UTF8Encoding(false, throwOnInvalidBytes: true),
        null => throw new SourceFailureException(SourceStatus.InvalidResponse, "Svaret anger ingen teckenkodning"),
        var other => throw new SourceFailureException(SourceStatus.InvalidResponse, $"Okänd teckenkodning {other}"),
    };

    private static List<string> Lines(string text) => [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];


    public void Dispose() => _http.Dispose();

    /// <summary>One record of a text answer, by field name.</summary>
    private sealed class Row(Dictionary<string, string> fields, string what)
    {
        public string? Get(string name) => fields.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

        public string Required(string name) => Get(name) ?? throw new SourceFailureException(SourceStatus.InvalidResponse, $"En rad i {what} saknar {name}");

        public DateOnly? Day(string name) =>
            Get(name) is not { } v ? null
            : DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new SourceFailureException(SourceStatus.InvalidResponse, $"'{v}' i {what}.{name} är inget datum");
    }

}
