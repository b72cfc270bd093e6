using SocialJour.Adapters.Contract;
using SocialJour.Core.Calendar;

namespace SocialJour.Core.Configuration;

/// <summary>A member municipality, as configured. Membership is [Joined, Left): the day it left it is no longer a member.</summary>
public sealed record Municipality(
    MunicipalityCode Code,
    string Name,
    DateOnly Joined,
    DateOnly? Left,
    JournalSystemSettings JournalSystem,
    IReadOnlyDictionary<int, int> Population)
{
    public bool IsMemberOn(DateOnly date) => Joined <= date && (Left is null || date < Left);

    /// <summary>How reports reach the municipality: a primary channel and an optional fallback. Null: not configured.</summary>
    public ReportRouting? Reports { get; init; }

    /// <summary>
    /// Who may take an emergency care order (omedelbart omhändertagande, 6 § LVU, 13 § LVM) for the municipality out of hours:
    /// the committee's chair or another member it has designated, with how to reach them. Empty: not configured.
    /// </summary>
    public IReadOnlyList<EmergencyDecisionMaker> EmergencyDecisionMakers { get; init; } = [];

    /// <summary>Population on 31 December of <paramref name="year"/>, if configured.</summary>
    public int? PopulationAt(int year) => Population.TryGetValue(year, out var p) ? p : null;
}

/// <summary>One person who may decide an emergency care order out of hours (6 § LVU, 13 § LVM), and how to reach them.</summary>
public sealed record EmergencyDecisionMaker(string Name, string Role, string Phone);

public enum ReportChannelKind
{
    /// <summary>A file written atomically into a directory the municipality collects from (e.g. a shared SFTP area).</summary>
    FileDrop,

    /// <summary>An HTTP POST to the municipality's e-service endpoint, which answers with a receipt.</summary>
    EService,

    /// <summary>E-mail over SMTP with STARTTLS required; the server's certificate is checked (against a configured CA when given).</summary>
    SecureEmail,
}

/// <summary>
/// One delivery channel: a directory (FileDrop, absolute), a URL (EService), or an SMTP server <c>host:port</c> (SecureEmail,
/// with the recipient and sender addresses and an optional CA file to check the server against).
/// </summary>
public sealed record ReportChannel(ReportChannelKind Kind, string Target, string? To = null, string? From = null, string? ServerCaPath = null);

public sealed record ReportRouting(ReportChannel Primary, ReportChannel? Fallback);

/// <summary>Which adapter a municipality uses and its settings. Secret values are references (env:/file:), never inline.</summary>
public sealed record JournalSystemSettings(
    string Adapter,
    Uri? BaseUrl,
    string? CanaryPersonId,
    IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>A stable fingerprint used to decide whether an adapter instance must be rebuilt after a reload.</summary>
    public string Fingerprint =>
        string.Join('|', new[] { Adapter, BaseUrl?.ToString() ?? "", CanaryPersonId ?? "" }
            .Concat(Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)));
}

public sealed record JourSettings(string Name, MunicipalityCode HostMunicipalityCode, TimeZoneInfo TimeZone, OpeningHours OpeningHours);

/// <summary>One validated, immutable configuration snapshot. Replaced whole on a valid reload.</summary>
public sealed record JourConfiguration(JourSettings Jour, IReadOnlyList<Municipality> Municipalities, string SourcePath, DateTimeOffset LoadedAt)
{
    public JourSchedule Schedule { get; } = new(Jour.OpeningHours, Jour.TimeZone);

    /// <summary>The population register the jour checks identities against; null when none is configured.</summary>
    public JournalSystemSettings? PopulationRegister { get; init; }

    /// <summary>
    /// SHA-256 (hex) of the file text this configuration was read from (line endings normalised): the configuration's version.
    /// Every host of a jour must run the same one (/health, ADR 0029). Secrets are references, so the hash reveals none.
    /// </summary>
    public string ContentHash { get; init; } = "";

    /// <summary>The first 12 hex digits of <see cref="ContentHash"/>, as shown to IT.</summary>
    public string Version => ContentHash.Length >= 12 ? ContentHash[..12] : ContentHash;

    public static string HashOf(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal))));

    /// <summary>
    /// The top-level sections the core does not read itself (every one but Jour, Municipalities and PopulationRegister), as
    /// written, for the modules to read (e.g. <c>Billing</c>); a module validates its own at load time (<see cref="IJourConfigurationSection"/>).
    /// </summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement> Sections { get; init; } = new Dictionary<string, System.Text.Json.JsonElement>();

    /// <summary>The purposes a look-up may be made for (<c>Jour.Purposes</c>; <see cref="DefaultPurposes"/> when not configured).</summary>
    public IReadOnlyList<string> LookupPurposes { get; init; } = DefaultPurposes;

    /// <summary>The purposes used when the configuration names none (docs/operations.md).</summary>
    public static IReadOnlyList<string> DefaultPurposes { get; } =
    [
        "Skyddsbedömning",
        "Inför hembesök",
        "Beslut om placering",
        "Omedelbart omhändertagande",
        "Inför begäran om handräckning",
        "Handräckning",
        "Kontakt med ansvarig kommun",
    ];

    /// <summary>The configured purpose matching <paramref name="text"/> (case and surrounding space ignored), as configured; null if none does.</summary>
    public string? FindPurpose(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : LookupPurposes.FirstOrDefault(p => string.Equals(p, text.Trim(), StringComparison.CurrentCultureIgnoreCase));

    /// <summary>The municipality with the code; a malformed code finds none.</summary>
    public Municipality? Find(string? code) => MunicipalityCode.TryParse(code, out var c) ? Find(c.Value) : null;

    public Municipality? Find(MunicipalityCode code) => Municipalities.FirstOrDefault(m => m.Code == code);

    public IReadOnlyList<Municipality> MembersOn(DateOnly date) => Municipalities.Where(m => m.IsMemberOn(date)).ToList();

    public AdapterSettings AdapterSettingsFor(Municipality m) =>
        new(m.Code, m.Name, m.JournalSystem.BaseUrl, m.JournalSystem.Settings, m.JournalSystem.CanaryPersonId);
}

/// <summary>A problem in the configuration, naming the municipality (when there is one) and the field.</summary>
public sealed record ConfigurationProblem(string? MunicipalityCode, string? MunicipalityName, string Field, string Message)
{
    public override string ToString() =>
        MunicipalityCode is null
            ? $"Fältet '{Field}': {Message}"
            : $"Kommun {MunicipalityCode}{(MunicipalityName is null ? "" : $" ({MunicipalityName})")}, fältet '{Field}': {Message}";
}
