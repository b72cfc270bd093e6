using SocialJour.Adapters.Contract;
using SocialJour.Core.Lookup;

namespace SocialJour.Modules.Lookup.Contracts;

/// <summary>Swedish words for the access log, the same on the page, in the CSV extract and on the look-up page.</summary>
public static class AccessLogText
{
    /// <summary>A source's status as staff read it.</summary>
    public static string Status(SourceStatus? status) => status switch
    {
        null => "Ej kontrollerad",
        SourceStatus.Found => "OK",
        SourceStatus.NotFound => "Inga uppgifter",
        SourceStatus.NoAccess => "Ingen behörighet",
        SourceStatus.Unavailable => "Ej tillgänglig",
        SourceStatus.TimedOut => "Tidsgräns",
        SourceStatus.InvalidResponse => "Ogiltigt svar",
        SourceStatus.Disabled => "Avstängd",
        _ => status.ToString()!,
    };

    /// <summary>What kind of access an entry records.</summary>
    public static string Kind(AccessKind kind) => kind switch
    {
        AccessKind.Lookup => "Uppslag",
        AccessKind.EmergencyLookup => "Nödöppning",
        AccessKind.RevealProtected => "Skyddade uppgifter visade",
        AccessKind.RegisterCheck => "Kontroll mot folkbokföringen",
        _ => kind.ToString(),
    };
}
