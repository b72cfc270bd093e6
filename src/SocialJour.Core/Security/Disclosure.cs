using System.Security.Claims;

namespace SocialJour.Core.Security;

/// <summary>
/// Who a response goes to (docs/security.md, "Audiences"): a person of the jour's staff by role, or a machine client by its
/// scopes, bound to one member municipality when its token says so. Built from the signed-in principal only, never from
/// anything in the request.
/// </summary>
public sealed record Audience(string Actor, bool IsMachineClient, IReadOnlySet<string> Roles, IReadOnlySet<string> Scopes, string? Municipality)
{
    /// <summary>The authentication type of a machine client's identity (a bearer token from the jour's identity provider).</summary>
    public const string MachineClientAuthenticationType = "socialjour-machine";

    /// <summary>The claim that carries each API scope of a machine client.</summary>
    public const string ScopeClaim = "socialjour_scope";

    /// <summary>The claim that binds a machine client to one member municipality (its code).</summary>
    public const string MunicipalityClaim = "socialjour_municipality";

    public const string UnitManagerRole = "UnitManager";
    public const string SocialWorkerRole = "SocialWorker";
    public const string ItAdministratorRole = "ItAdministrator";

    public bool IsUnitManager => !IsMachineClient && Roles.Contains(UnitManagerRole);

    public static Audience Of(ClaimsPrincipal user)
    {
        var machine = user.Identities.Any(i => i.AuthenticationType == MachineClientAuthenticationType && i.IsAuthenticated);
        return new Audience(
            user.Identity?.Name ?? "",
            machine,
            machine ? new HashSet<string>() : user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            machine ? user.FindAll(ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal) : new HashSet<string>(),
            machine ? user.FindFirst(MunicipalityClaim)?.Value : null);
    }
}

/// <summary>The form figures per municipality and category are given in: exact inside the jour, or as they may leave it.</summary>
public enum FigureForm
{
    /// <summary>Exact, with the list of breaches by case: the unit manager's own page and API, the whole jour.</summary>
    Internal,

    /// <summary>
    /// As figures leave the jour: small counts suppressed, no case-level rows, and only for a release period (whole, ended,
    /// non-overlapping periods), so that two releases cannot be differenced (docs/statistics.md).
    /// </summary>
    Released,
}

/// <summary>
/// The one disclosure policy (docs/security.md, "Audiences"): what each audience may be given of personal data and of
/// figures per municipality. Endpoints, pages, exports and machine clients ask it; none decides alone.
/// </summary>
public static class DisclosurePolicy
{
    /// <summary>
    /// Statistics: the internal form only for a unit manager signed in as a person, for the whole jour, who did not ask for
    /// the released form and is not exporting a file; every machine client, every municipality view and every file gets the
    /// released form.
    /// </summary>
    public static FigureForm Statistics(Audience audience, bool releasedAsked, string? municipality, bool file) =>
        audience.IsUnitManager && !releasedAsked && municipality is null && !file ? FigureForm.Internal : FigureForm.Released;

    /// <summary>
    /// The unit manager's own working file for the annual report: the internal form (small counts shown) as a file marked
    /// internal — only a unit manager signed in as a person, for the whole jour. Every other file leaves the jour suppressed.
    /// </summary>
    public static bool MayExportInternalStatistics(Audience audience, string? municipality) =>
        audience.IsUnitManager && !audience.IsMachineClient && municipality is null;

    /// <summary>
    /// The access log of a municipality (its extract, heads and entries, shaped by the extract rule: only the entries that
    /// concerned its records, only its own salt): staff with the access-log policy may read any member's (they hand extracts
    /// over); a machine client only the one municipality its token binds it to, and an unbound client none.
    /// </summary>
    public static bool MayReadAccessLogOf(Audience audience, string municipalityCode) =>
        !audience.IsMachineClient || string.Equals(audience.Municipality, municipalityCode, StringComparison.Ordinal);
}
