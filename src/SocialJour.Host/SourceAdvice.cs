using System.Security.Claims;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Configuration;

namespace SocialJour.Host;

/// <summary>
/// What IT should do about a journal system's failing check, shown beside the status on the IT pages
/// (docs/operations.md has the same table). Names configuration keys, never a secret's value.
/// </summary>
internal static class SourceAdvice
{
    /// <summary>What a social worker (any role but IT) sees instead of a failure's technical detail.</summary>
    public const string PlainUnavailable = "Kommunens journalsystem kan inte nås just nu – ring kommunens socialjour/beredskap.";

    /// <summary>The failure kinds the advice distinguishes.</summary>
    public enum Kind
    {
        None,
        Authentication,
        Licence,
        Certificate,
        Timeout,
        Unavailable,
        InvalidResponse,
        Configuration,
    }

    public static Kind Classify(SourceStatus? status, string? error)
    {
        var e = error ?? "";
        bool Has(string word) => e.Contains(word, StringComparison.OrdinalIgnoreCase);
        return status switch
        {
            null or SourceStatus.Found or SourceStatus.NotFound => Kind.None,
            SourceStatus.Disabled => Kind.Configuration,
            _ when Has("TLS") || Has("certifikat") || Has("SSL") => Kind.Certificate,
            SourceStatus.NoAccess when Has("testperson") => Kind.Licence,
            SourceStatus.NoAccess => Kind.Authentication,
            SourceStatus.TimedOut => Kind.Timeout,
            SourceStatus.Unavailable => Kind.Unavailable,
            _ => Kind.InvalidResponse,
        };
    }

    /// <summary>The advice for IT, in Swedish, or null when there is nothing to do.</summary>
    public static string? For(Municipality? municipality, SourceStatus? status, string? error, string? contractVersion = null)
    {
        var kind = Classify(status, error);
        var system = municipality?.JournalSystem;
        var adapter = system?.Adapter ?? "systemet";
        var host = system?.BaseUrl?.Host;
        var settings = system?.Settings ?? new Dictionary<string, string>();
        string Keys(Func<string, bool> which, string otherwise)
        {
            var keys = settings.Where(s => which(s.Key)).Select(s => "JournalSystem.Settings." + s.Key).Order(StringComparer.Ordinal).ToList();
            return keys.Count == 0 ? otherwise : string.Join(", ", keys);
        }

        return kind switch
        {
            Kind.Authentication =>
                $"Inloggningen nekas: byt (rotera) hemligheten i {Keys(k => SecretResolver.IsReference(settings[k]) && !IsCertificate(k), "JournalSystem.Settings (den hemlighet adaptern loggar in med)")} " +
                "– ny hemlighet från leverantören eller kommunens systemförvaltare, lägg den i filen eller miljövariabeln som referensen pekar på. " +
                "Ingen omstart behövs: den läses om vid nästa kontroll. Tryck sedan Kontrollera nu.",
            Kind.Licence =>
                "Inloggningen fungerar men behörigheten ger inga uppgifter: be kommunens systemförvaltare kontrollera tjänstekontots behörighet (licens) " +
                "och att testpersonen i JournalSystem.CanaryPersonId finns i systemet.",
            Kind.Certificate =>
                $"Certifikatet: kontrollera {Keys(IsCertificate, "klientcertifikatet och serverns CA-certifikat")} – giltighetstid, att rätt CA utfärdat serverns certifikat " +
                $"och att klientcertifikatet godtas av {adapter}. Förnya det som gått ut och byt filen bakom referensen.",
            Kind.Timeout =>
                $"Systemet svarar inte i tid: kontrollera leverantörens driftstatus för {adapter} och ring leverantören (eller kommunens IT-jour) om det består. " +
                $"Kontrollera också nätet och brandväggen mot {host ?? "systemets adress"}.",
            Kind.Unavailable =>
                $"Systemet kan inte nås eller svarar med serverfel (5xx): kontrollera leverantörens driftstatus för {adapter} och ring leverantören. " +
                $"Kontrollera nät, DNS och brandvägg mot {host ?? "systemets adress"} och att JournalSystem.BaseUrl är rätt.",
            Kind.InvalidResponse =>
                $"Systemet svarar med något adaptern inte förstår: kontakta leverantören av {adapter} med tid och kommun, och kontrollera att adapterns version " +
                $"({(contractVersion is null ? "se Plugins" : "kontrakt " + contractVersion)}) passar systemets version. Kontrollera att JournalSystem.BaseUrl pekar på rätt tjänst.",
            Kind.Configuration =>
                "Källan är avstängd av konfigurationen: rätta JournalSystem.Adapter och JournalSystem.Settings i jour.json enligt felet (kontrollera med socialjour validate) " +
                "eller installera adaptern.",
            _ => null,
        };
    }

    /// <summary>A failure's detail as the user may see it: IT sees the detail; every other role a plain Swedish sentence.</summary>
    public static string? ErrorFor(ClaimsPrincipal user, SourceStatus? status, string? error) =>
        user.IsInRole(Security.Roles.ItAdministrator) || error is null ? error
        : status is null or SourceStatus.Found or SourceStatus.NotFound ? null
        : PlainUnavailable;

    private static bool IsCertificate(string key) =>
        key.Contains("Certificate", StringComparison.OrdinalIgnoreCase) || key.EndsWith("Ca", StringComparison.Ordinal);
}
