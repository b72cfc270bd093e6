using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SocialJour.Core.Sessions;

namespace SocialJour.Host.Security;

/// <summary>
/// The cookie handler's ticket store: the login (claims, expiry) is kept in the core database's session table and the
/// cookie carries only the session id (ADR 0014). Logout deletes the row, so a copied cookie stops working at once,
/// on every host.
/// </summary>
internal sealed class DatabaseTicketStore(ISessionStore sessions, IStaffDirectory staff, TimeProvider time) : ITicketStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12); // one shift

    /// <summary>A sign-in (either way): the session, and the user id's display name for the access-log extracts.</summary>
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var userId = ticket.Principal.Identity?.Name ?? "";
        var id = await sessions.StartAsync(userId, TicketSerializer.Default.Serialize(ticket), ExpiresAt(ticket), ProviderOf(ticket.Principal));
        await staff.RecordSignInAsync(userId, ticket.Principal.FindFirstValue(SignIn.DisplayNameClaim) ?? userId);
        return id;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) =>
        sessions.RenewAsync(key, TicketSerializer.Default.Serialize(ticket), ExpiresAt(ticket));

    public async Task<AuthenticationTicket?> RetrieveAsync(string key) =>
        await sessions.FindAsync(key) is { } data ? TicketSerializer.Default.Deserialize(data) : null;

    public Task RemoveAsync(string key) => sessions.EndAsync(key);

    /// <summary>A sign-in through the identity provider: its sub and sid, which its back-channel logout names (ADR 0027).</summary>
    private static ProviderLogin? ProviderOf(ClaimsPrincipal principal) =>
        principal.FindFirstValue(SignIn.LoginMethodClaim) == "oidc" && principal.FindFirstValue(SignIn.ProviderSubjectClaim) is { Length: > 0 } subject
            ? new ProviderLogin(subject, principal.FindFirstValue(SignIn.ProviderSessionClaim))
            : null;

    private DateTimeOffset ExpiresAt(AuthenticationTicket ticket) => ticket.Properties.ExpiresUtc ?? time.GetUtcNow() + Lifetime;
}

/// <summary>Checks on every request that the session's user still exists with the role and password of the login (a password
/// login), or that the sign-in settings are those of the login (a login through the identity provider).</summary>
internal static class SessionValidation
{
    public const string StampClaim = "socialjour_stamp";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var settings = context.HttpContext.RequestServices.GetRequiredService<SignInSettings>();
        var principal = context.Principal;
        var stamp = principal?.FindFirstValue(StampClaim);
        if (principal?.FindFirstValue(SignIn.LoginMethodClaim) == "oidc")
        {
            // From the identity provider (ADR 0027): valid while the provider, client and role mapping are those of the login.
            if (stamp == settings.Fingerprint)
            {
                return;
            }
        }
        else if (settings.DevelopmentPasswords
            && context.HttpContext.RequestServices.GetRequiredService<UserDirectory>().Find(principal?.Identity?.Name) is { } user
            && stamp == UserDirectory.Stamp(user))
        {
            return;
        }

        // Removed, or role or password changed since the login, or password logins turned off, or the sign-in settings
        // changed: end every session of that name, not only this one.
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (principal?.Identity?.Name is { } name)
        {
            await context.HttpContext.RequestServices.GetRequiredService<ISessionStore>().EndAllForAsync(name);
        }
    }
}
