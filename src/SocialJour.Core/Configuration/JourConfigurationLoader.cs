using System.Globalization;
using System.Text.Json;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Calendar;
using SocialJour.Core.Identity;

namespace SocialJour.Core.Configuration;

public sealed record LoadResult(JourConfiguration? Configuration, IReadOnlyList<ConfigurationProblem> Problems)
{
    public bool Ok => Configuration is not null && Problems.Count == 0;
}

/// <summary>
/// Reads and validates the jour configuration file. Every problem names the municipality and the field;
/// nothing is defaulted silently: a missing required field is an error.
/// </summary>
/// <summary>
/// The installed adapters, for validating a municipality's <c>JournalSystem.Adapter</c>: a name no plugin folder has
/// (a typo such as "Lifcare") is rejected naming the known adapters, instead of passing and showing as disabled.
/// </summary>
/// <param name="IsInstalled">Whether a plugin of that name is installed (case-insensitive, loads nothing).</param>
/// <param name="JournalSystems">The installed journal-system adapters, for the message.</param>
public sealed record InstalledAdapters(Func<string, bool> IsInstalled, Func<IReadOnlyList<string>> JournalSystems);

public sealed class JourConfigurationLoader
{
    private static readonly string[] SecretLikeKeys = ["key", "secret", "password", "token", "clientsecret", "certificatepassword"];
    private readonly Func<string, IJournalAdapterFactory?> _adapterLookup;
    private readonly Func<string, IPopulationRegisterFactory?> _registerLookup;
    private static readonly string[] CoreSections = ["Jour", "Municipalities", "PopulationRegister"];
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IJourConfigurationSection> _sections;
    private readonly InstalledAdapters? _installed;

    /// <param name="adapterLookup">Finds a loaded plugin by adapter name, to let it validate its own settings. A missing plugin is not a configuration error: the source is disabled with a status.</param>
    /// <param name="sections">The modules' own sections, each validated when present (e.g. Billing).</param>
    /// <param name="installed">
    /// The installed adapters: a municipality naming an adapter that no plugin folder has is rejected (a typo must not
    /// pass and show as "Avstängd"). An installed plugin that fails to load is not a configuration error: its source is
    /// disabled with the reason. Null (no plugins known, e.g. a plugin directory that is missing): not checked.
    /// </param>
    public JourConfigurationLoader(Func<string, IJournalAdapterFactory?> adapterLookup, TimeProvider time, Func<string, IPopulationRegisterFactory?>? registerLookup = null,
        IEnumerable<IJourConfigurationSection>? sections = null, InstalledAdapters? installed = null)
    {
        _installed = installed;
        _adapterLookup = adapterLookup;
        _registerLookup = registerLookup ?? (_ => null);
        _time = time;
        _sections = sections?.ToList() ?? [];
    }

    public LoadResult Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Fail(new ConfigurationProblem(null, null, "(fil)", $"Konfigurationsfilen {path} finns inte"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(new ConfigurationProblem(null, null, "(fil)", $"Konfigurationsfilen {path} kan inte läsas: " + (e is UnauthorizedAccessException
                ? "behörighet saknas (kontrollera filens ägare och rättigheter för tjänstens användare)."
                : "läsfel (filen kan vara låst av ett annat program, eller disken trasig).")));
        }

        return Parse(text, path);
    }

    /// <summary>
    /// Where the JSON breaks and what usually causes it, in Swedish (the parser's own English text is not shown): the line,
    /// the column, the line itself, and the likely mistake.
    /// </summary>
    private static string JsonProblem(string json, JsonException e)
    {
        var line = (int)(e.LineNumber ?? 0);
        var column = (int)(e.BytePositionInLine ?? 0) + 1;
        var lines = json.Split('\n');
        var text = line < lines.Length ? lines[line].Trim() : "";
        var shown = text.Length > 80 ? text[..80] + "…" : text;
        var hint = line >= lines.Length || e.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("depth to be zero", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("incomplete", StringComparison.OrdinalIgnoreCase)
            ? "filen tar slut för tidigt – en avslutande } eller ] saknas"
            : e.Message.Contains("Expected either ','", StringComparison.Ordinal) || e.Message.Contains("after a value", StringComparison.Ordinal) || e.Message.Contains("after a property", StringComparison.Ordinal)
                ? "ett kommatecken saknas mellan två värden, eller en klammer är för mycket, på raden eller raden före"
                : e.Message.Contains("start of a property name", StringComparison.Ordinal) || e.Message.Contains("'\''", StringComparison.Ordinal)
                    ? "ett namn eller en text saknar dubbla citattecken (\"…\"); enkla citattecken gäller inte i JSON"
                    : e.Message.Contains("invalid start of a value", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("literal", StringComparison.OrdinalIgnoreCase)
                        ? "ett värde är inte giltigt: text ska stå inom dubbla citattecken, och true, false och null skrivs med små bokstäver"
                        : "kontrollera kommatecken, citattecken och klamrar kring raden";
        return $"Ogiltig JSON på rad {line + 1}, tecken {column}: {hint}." + (shown.Length > 0 ? $" Raden: {shown}" : "");
    }

    public LoadResult Parse(string json, string sourcePath)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return Fail(new ConfigurationProblem(null, null, "(fil)", JsonProblem(json, e)));
        }

        using (doc)
        {
            var problems = new List<ConfigurationProblem>();
            var root = doc.RootElement;
            var jour = ReadJour(root, problems);
            var municipalities = new List<Municipality>();
            var secrets = new SecretResolver(Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? ".");
            if (!root.TryGetProperty("Municipalities", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new(null, null, "Municipalities", "saknas eller är inte en lista"));
            }
            else
            {
                var index = 0;
                foreach (var element in list.EnumerateArray())
                {
                    var m = ReadMunicipality(element, index++, problems, secrets);
                    if (m is not null)
                    {
                        if (municipalities.Any(x => x.Code == m.Code))
                        {
                            problems.Add(new(m.Code, m.Name, "Code", "kommunen förekommer mer än en gång"));
                        }
                        else
                        {
                            municipalities.Add(m);
                        }
                    }
                }
            }

            // A host municipality that is there but has problems of its own is reported by those, not as missing.
            if (jour is not null && municipalities.Count > 0 && municipalities.All(m => m.Code != jour.HostMunicipalityCode)
                && !problems.Any(p => p.MunicipalityCode == jour.HostMunicipalityCode))
            {
                problems.Add(new(null, null, "Jour.HostMunicipality", $"värdkommunen {jour.HostMunicipalityCode} finns inte bland kommunerna"));
            }

            // The population register (optional: without it, intake says that identities are not checked).
            JournalSystemSettings? register = null;
            if (root.TryGetProperty("PopulationRegister", out var pr) && pr.ValueKind != JsonValueKind.Null)
            {
                register = ReadJournalSystem(root, null, null, problems, secrets, "PopulationRegister",
                    (adapter, settings) => _registerLookup(adapter)?.ValidateSettings(settings, secrets));
            }

            if (problems.Count > 0 || jour is null)
            {
                return new LoadResult(null, problems);
            }

            var purposes = ReadPurposes(root, problems);
            if (problems.Count > 0)
            {
                return new LoadResult(null, problems);
            }

            var configuration = new JourConfiguration(jour, municipalities, Path.GetFullPath(sourcePath), _time.GetUtcNow())
            {
                PopulationRegister = register,
                ContentHash = JourConfiguration.HashOf(json),
                LookupPurposes = purposes ?? JourConfiguration.DefaultPurposes,
                Sections = root.ValueKind == JsonValueKind.Object
                    ? root.EnumerateObject().Where(p => !CoreSections.Contains(p.Name, StringComparer.Ordinal))
                        .GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value.Clone(), StringComparer.Ordinal)
                    : new Dictionary<string, JsonElement>(),
            };

            // The modules' own sections (e.g. Billing), each validated by its module when present.
            foreach (var section in _sections)
            {
                if (configuration.Sections.TryGetValue(section.Name, out var element))
                {
                    problems.AddRange(section.Validate(element, configuration));
                }
            }

            return problems.Count > 0 ? new LoadResult(null, problems) : new LoadResult(configuration, problems);
        }
    }

    private static LoadResult Fail(ConfigurationProblem p) => new(null, [p]);

    /// <summary>Why a journal-system adapter name is unusable (no such plugin, or the population register's), or null.</summary>
    private string? UnknownAdapter(string adapter)
    {
        if (_installed is null)
        {
            return null;
        }

        if (_installed.IsInstalled(adapter))
        {
            return _registerLookup(adapter) is not null && _adapterLookup(adapter) is null
                ? $"'{adapter}' är folkbokföringens adapter, inget journalsystem. Kända journalsystemadaptrar: {string.Join(", ", _installed.JournalSystems())}"
                : null;
        }

        var known = _installed.JournalSystems();
        var close = known.Where(k => Distance(k.ToUpperInvariant(), adapter.ToUpperInvariant()) <= 2).ToList();
        return $"'{adapter}' är ingen känd adapter" + (close.Count > 0 ? $" (menar du {string.Join(" eller ", close)}?)" : "") +
            $". Kända journalsystemadaptrar: {(known.Count == 0 ? "inga installerade" : string.Join(", ", known))}";
    }

    /// <summary>Edit distance (Levenshtein), for suggesting the adapter a typo meant.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    /// <summary>The optional <c>Jour.Purposes</c>: the purposes a look-up may be made for, e.g. <c>["Skyddsbedömning", "Inför hembesök"]</c>.</summary>
    private static List<string>? ReadPurposes(JsonElement root, List<ConfigurationProblem> problems)
    {
        if (!root.TryGetProperty("Jour", out var j) || j.ValueKind != JsonValueKind.Object || !j.TryGetProperty("Purposes", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            problems.Add(new(null, null, "Jour.Purposes", "ska vara en lista med minst ett syfte, t.ex. [\"Skyddsbedömning\"]"));
            return null;
        }

        var purposes = new List<string>();
        var index = 0;
        foreach (var p in list.EnumerateArray())
        {
            var field = $"Jour.Purposes[{index++}]";
            var text = p.ValueKind == JsonValueKind.String ? p.GetString()?.Trim() : null;
            if (string.IsNullOrEmpty(text))
            {
                problems.Add(new(null, null, field, "ska vara en text som inte är tom"));
            }
            else if (Lookup.FreeText.Problem(text, 60, allowLineBreaks: false) is { } why)
            {
                problems.Add(new(null, null, field, why));
            }
            else if (purposes.Any(x => string.Equals(x, text, StringComparison.CurrentCultureIgnoreCase)))
            {
                problems.Add(new(null, null, field, $"syftet '{text}' förekommer mer än en gång"));
            }
            else
            {
                purposes.Add(text);
            }
        }

        return purposes;
    }

    private static JourSettings? ReadJour(JsonElement root, List<ConfigurationProblem> problems)
    {
        if (!root.TryGetProperty("Jour", out var j) || j.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(null, null, "Jour", "saknas: jourens namn, värdkommun, tidszon och öppettider måste anges"));
            return null;
        }

        var before = problems.Count;
        var name = RequiredString(j, "Name", "Jour.Name", null, null, problems);
        var host = RequiredString(j, "HostMunicipality", "Jour.HostMunicipality", null, null, problems);
        MunicipalityCode? hostCode = null;
        if (host is not null && !MunicipalityCode.TryParse(host, out hostCode))
        {
            problems.Add(new(null, null, "Jour.HostMunicipality", $"'{host}' är ingen kommunkod (fyra siffror, t.ex. 0191)"));
        }

        var tzId = RequiredString(j, "TimeZone", "Jour.TimeZone", null, null, problems);
        TimeZoneInfo? tz = null;
        if (tzId is not null)
        {
            try
            {
                tz = TimeZoneInfo.FindSystemTimeZoneById(tzId);
            }
            catch (TimeZoneNotFoundException)
            {
                problems.Add(new(null, null, "Jour.TimeZone", $"tidszonen '{tzId}' finns inte"));
            }
        }

        OpeningHours? hours = null;
        if (!j.TryGetProperty("OpeningHours", out var oh) || oh.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(null, null, "Jour.OpeningHours", "saknas"));
        }
        else
        {
            TimeOnly T(string field) => RequiredTime(oh, field, "Jour.OpeningHours." + field, problems);
            hours = new OpeningHours(T("Weekday"), T("Friday"), T("DayBeforeHoliday"), T("BridgeDay"), T("NonWorkingDay"), T("Closes"), T("WeekdayStandbyUntil"));
        }

        return problems.Count > before || name is null || hostCode is null || tz is null || hours is null
            ? null
            : new JourSettings(name, hostCode.Value, tz, hours);
    }

    private Municipality? ReadMunicipality(JsonElement e, int index, List<ConfigurationProblem> problems, SecretResolver secrets)
    {
        var before = problems.Count;
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(null, null, $"Municipalities[{index}]", "är inte ett objekt"));
            return null;
        }

        var code = e.TryGetProperty("Code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var name = e.TryGetProperty("Name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        string? who = code ?? $"nr {index + 1}";
        if (code is null)
        {
            problems.Add(new(who, name, "Code", "saknas (fyrsiffrig kommunkod)"));
        }
        else if (!MunicipalityCodes.ShortNames.TryGetValue(code, out var officialName))
        {
            problems.Add(new(code, name, "Code", $"'{code}' är ingen svensk kommunkod"));
        }
        else if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new(code, null, "Name", $"saknas (kommunkod {code} är {officialName})"));
        }
        else if (!string.Equals(name, officialName, StringComparison.Ordinal))
        {
            problems.Add(new(code, name, "Name", $"kommunkod {code} är {officialName}, inte {name}"));
        }

        var joined = RequiredDate(e, "Joined", who, name, problems);
        DateOnly? left = null;
        if (e.TryGetProperty("Left", out var l) && l.ValueKind != JsonValueKind.Null)
        {
            left = ParseDate(l, "Left", who, name, problems);
            if (left is not null && joined is not null && left <= joined)
            {
                problems.Add(new(who, name, "Left", "utträdesdatumet måste ligga efter inträdesdatumet (Joined)"));
            }
        }

        var population = new Dictionary<int, int>();
        if (e.TryGetProperty("Population", out var pop))
        {
            if (pop.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(who, name, "Population", "ska vara ett objekt med år som nycklar, t.ex. {\"2021\": 50273}"));
            }
            else
            {
                foreach (var p in pop.EnumerateObject())
                {
                    if (!int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1971 or > 2200)
                    {
                        problems.Add(new(who, name, $"Population.{p.Name}", "nyckeln ska vara ett årtal"));
                    }
                    else if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var count) || count < 0)
                    {
                        problems.Add(new(who, name, $"Population.{p.Name}", "folkmängden ska vara ett heltal ≥ 0"));
                    }
                    else
                    {
                        population[year] = count;
                    }
                }
            }
        }

        var journal = ReadJournalSystem(e, who, name, problems, secrets, "JournalSystem", (adapter, settings) => _adapterLookup(adapter)?.ValidateSettings(settings, secrets));
        if (journal is not null && UnknownAdapter(journal.Adapter) is { } unknown)
        {
            problems.Add(new(who, name, "JournalSystem.Adapter", unknown));
        }

        if (problems.Count > before || code is null || name is null || joined is null || journal is null)
        {
            return null;
        }

        var reports = ReadReports(e, who, name, problems, secrets.BaseDirectory);
        var deciders = ReadDecisionMakers(e, who, name, problems);
        return problems.Count > before ? null : new Municipality(MunicipalityCode.Of(code), name, joined.Value, left, journal, population) { Reports = reports, EmergencyDecisionMakers = deciders };
    }

    /// <summary>
    /// The optional <c>EmergencyDecisionMakers</c>: <c>[{"Name": "Karin Ek", "Role": "Ordförande i socialnämnden", "Phone": "070-123 45 67"}]</c>,
    /// each with a name, a role and a phone number; names unique within the municipality.
    /// </summary>
    private static IReadOnlyList<EmergencyDecisionMaker> ReadDecisionMakers(JsonElement e, string who, string? name, List<ConfigurationProblem> problems)
    {
        if (!e.TryGetProperty("EmergencyDecisionMakers", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(who, name, "EmergencyDecisionMakers", "ska vara en lista: [{\"Name\": …, \"Role\": …, \"Phone\": …}]"));
            return [];
        }

        var result = new List<EmergencyDecisionMaker>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var field = $"EmergencyDecisionMakers[{i++}]";
            string? Text(string key, string missing)
            {
                var value = item.ValueKind == JsonValueKind.Object && item.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()?.Trim() : null;
                if (string.IsNullOrEmpty(value) || value.Length > 100)
                {
                    problems.Add(new(who, name, $"{field}.{key}", missing));
                    return null;
                }

                return value;
            }

            var person = Text("Name", "saknas: namnet på den som får besluta (högst 100 tecken)");
            var role = Text("Role", "saknas: t.ex. \"Ordförande i socialnämnden\" eller \"Förordnad ledamot\"");
            var phone = Text("Phone", "saknas: telefonnummer jouren når personen på under natten");
            if (person is not null && result.Any(d => string.Equals(d.Name, person, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(new(who, name, $"{field}.Name", $"'{person}' står redan i listan"));
            }
            else if (person is not null && role is not null && phone is not null)
            {
                result.Add(new EmergencyDecisionMaker(person, role, phone));
            }
        }

        return result;
    }

    /// <summary>The optional <c>Reports</c> section: <c>{"Primary": {"Kind": "FileDrop", "Path": "reports/0191"}, "Fallback": {"Kind": "EService", "Url": "https://…"}}</c>.</summary>
    private static ReportRouting? ReadReports(JsonElement e, string who, string? name, List<ConfigurationProblem> problems, string baseDirectory)
    {
        if (!e.TryGetProperty("Reports", out var r) || r.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        ReportChannel? Channel(string key, bool required)
        {
            if (!r.TryGetProperty(key, out var c) || c.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    problems.Add(new(who, name, $"Reports.{key}", "saknas: ange kanal (Kind FileDrop med Path, eller EService med Url)"));
                }

                return null;
            }

            var kind = c.TryGetProperty("Kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            switch (kind)
            {
                case "FileDrop":
                    var path = c.TryGetProperty("Path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                    if (string.IsNullOrWhiteSpace(path))
                    {
                        problems.Add(new(who, name, $"Reports.{key}.Path", "saknas: katalogen där rapportfilerna ska läggas"));
                        return null;
                    }

                    return new ReportChannel(ReportChannelKind.FileDrop, Path.GetFullPath(Path.Combine(baseDirectory, path)));
                case "EService":
                    var url = c.TryGetProperty("Url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    {
                        problems.Add(new(who, name, $"Reports.{key}.Url", $"'{url}' är ingen absolut http- eller https-adress"));
                        return null;
                    }

                    return new ReportChannel(ReportChannelKind.EService, uri.ToString());
                case "SecureEmail":
                    string? Text(string property) => c.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString()!.Trim() : null;
                    var host = Text("Host");
                    var port = c.TryGetProperty("Port", out var pv) && pv.ValueKind == JsonValueKind.Number && pv.TryGetInt32(out var pn) && pn is > 0 and < 65536 ? pn : (int?)null;
                    var to = Text("To");
                    var from = Text("From");
                    var before = problems.Count;
                    if (host is null)
                    {
                        problems.Add(new(who, name, $"Reports.{key}.Host", "saknas: e-postserverns namn"));
                    }

                    if (port is null)
                    {
                        problems.Add(new(who, name, $"Reports.{key}.Port", "ska vara ett portnummer (t.ex. 587)"));
                    }

                    foreach (var (field, address) in new[] { ("To", to), ("From", from) })
                    {
                        if (address is null || !System.Net.Mail.MailAddress.TryCreate(address, out _))
                        {
                            problems.Add(new(who, name, $"Reports.{key}.{field}", $"'{address}' är ingen e-postadress"));
                        }
                    }

                    var ca = Text("ServerCa");
                    string? caPath = ca is null ? null : Path.GetFullPath(Path.Combine(baseDirectory, ca));
                    if (caPath is not null && !File.Exists(caPath))
                    {
                        problems.Add(new(who, name, $"Reports.{key}.ServerCa", $"filen {ca} finns inte"));
                    }

                    return problems.Count > before ? null : new ReportChannel(ReportChannelKind.SecureEmail, $"{host}:{port}", to, from, caPath);
                default:
                    problems.Add(new(who, name, $"Reports.{key}.Kind", $"'{kind}' ska vara FileDrop, EService eller SecureEmail"));
                    return null;
            }
        }

        var primary = Channel("Primary", required: true);
        var fallback = Channel("Fallback", required: false);
        return primary is null ? null : new ReportRouting(primary, fallback);
    }

    /// <summary>A journal system (per municipality) or the population register (per jour): adapter, address, canary, settings.</summary>
    private JournalSystemSettings? ReadJournalSystem(JsonElement e, string? who, string? name, List<ConfigurationProblem> problems, SecretResolver secrets,
        string section, Func<string, AdapterSettings, IReadOnlyList<SettingProblem>?> validate)
    {
        if (!e.TryGetProperty(section, out var js) || js.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(who, name, section, "saknas: ange adapter, adress och inställningar"));
            return null;
        }

        var before = problems.Count;
        var adapter = RequiredString(js, "Adapter", section + ".Adapter", who, name, problems);
        Uri? baseUrl = null;
        var url = RequiredString(js, "BaseUrl", section + ".BaseUrl", who, name, problems);
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https")))
        {
            problems.Add(new(who, name, section + ".BaseUrl", $"'{url}' är ingen absolut http- eller https-adress"));
        }

        var canary = RequiredString(js, "CanaryPersonId", section + ".CanaryPersonId", who, name, problems);
        if (canary is not null)
        {
            var (id, error) = IdentityNumber.TryParse(canary, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
            if (id is null)
            {
                problems.Add(new(who, name, section + ".CanaryPersonId", $"testpersonens nummer är ogiltigt: {error}"));
            }
            else
            {
                canary = id.Canonical;
            }
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (js.TryGetProperty("Settings", out var s))
        {
            if (s.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(who, name, section + ".Settings", "ska vara ett objekt"));
            }
            else
            {
                foreach (var p in s.EnumerateObject())
                {
                    if (p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
                    {
                        problems.Add(new(who, name, $"{section}.Settings.{p.Name}", "ska vara en text, ett tal eller sant/falskt"));
                        continue;
                    }

                    var value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                    if (SecretLikeKeys.Any(k => p.Name.EndsWith(k, StringComparison.OrdinalIgnoreCase)))
                    {
                        var message = SecretResolver.IsReference(value) ? secrets.Check(value) : "en hemlighet anges som referens, env:NAMN eller file:sökväg, aldrig direkt i konfigurationen";
                        if (message is not null)
                        {
                            problems.Add(new(who, name, $"{section}.Settings.{p.Name}", message));
                        }
                    }

                    settings[p.Name] = value;
                }
            }
        }

        if (problems.Count > before || adapter is null)
        {
            return null;
        }

        var result = new JournalSystemSettings(adapter, baseUrl, canary, settings);
        var adapterSettings = new AdapterSettings(who ?? "jour", name ?? who ?? "jour", baseUrl, settings, canary);
        if (validate(adapter, adapterSettings) is { } settingProblems)
        {
            foreach (var p in settingProblems)
            {
                problems.Add(new(who, name, $"{section}.Settings.{p.Field}", p.Message));
            }
        }

        return problems.Count > before ? null : result;
    }

    private static string? RequiredString(JsonElement e, string property, string field, string? who, string? name, List<ConfigurationProblem> problems)
    {
        if (e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()))
        {
            return v.GetString()!.Trim();
        }

        problems.Add(new(who, name, field, "saknas eller är tomt"));
        return null;
    }

    private static DateOnly? RequiredDate(JsonElement e, string field, string who, string? name, List<ConfigurationProblem> problems)
    {
        if (!e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new(who, name, field, "saknas (datum ÅÅÅÅ-MM-DD)"));
            return null;
        }

        return ParseDate(v, field, who, name, problems);
    }

    private static DateOnly? ParseDate(JsonElement v, string field, string who, string? name, List<ConfigurationProblem> problems)
    {
        if (v.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        problems.Add(new(who, name, field, $"'{(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())}' är inget datum på formen ÅÅÅÅ-MM-DD"));
        return null;
    }

    private static TimeOnly RequiredTime(JsonElement e, string property, string field, List<ConfigurationProblem> problems)
    {
        if (e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String &&
            TimeOnly.TryParseExact(v.GetString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return t;
        }

        problems.Add(new(null, null, field, "saknas eller är ingen tid på formen TT:MM"));
        return default;
    }
}
