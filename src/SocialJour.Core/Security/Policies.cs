namespace SocialJour.Core.Security;

/// <summary>
/// The names of the host's authorization policies (defined in the host's Program.cs from the roles). In the core so that
/// a module's endpoints require the same policies as the host's pages without referencing the host.
/// </summary>
public static class Policies
{
    public const string ItAdministration = "ItAdministration";
    public const string Staff = "Staff";

    /// <summary>The OpenAPI document: any signed-in person, or a machine client with any of the API's scopes.</summary>
    public const string ApiDocument = "ApiDocument";

    /// <summary>Client work: intake, look-ups. Social workers and unit managers; not IT administration.</summary>
    public const string ClientWork = "ClientWork";

    /// <summary>The emergency-opening follow-up list: unit managers.</summary>
    public const string FollowUp = "FollowUp";

    /// <summary>Access-log extracts for a municipality: unit managers and IT administrators.</summary>
    public const string AccessLog = "AccessLog";

    /// <summary>Billing: the cost split, approvals and invoice bases. Unit managers.</summary>
    public const string Billing = "Billing";

    /// <summary>A member municipality's own notices (aviseringar): only a machine client bound to that municipality, sending and reading back.</summary>
    public const string MunicipalityNotices = "MunicipalityNotices";

    /// <summary>Statistics: the annual report's tables, charts and exports, whole jour and per municipality. Unit managers.</summary>
    public const string Statistics = "Statistics";
}
