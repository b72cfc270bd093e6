using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Audit;
using SocialJour.Host.Security;

namespace SocialJour.Host.Pages;

/// <summary>
/// The login. In production it sends the user to the jour's identity provider (OpenID Connect, ADR 0027); the password form
/// exists only with SocialJour:SignIn:DevelopmentPasswords=true (development and tests).
/// </summary>
internal sealed class LoginModel(LoginGate gate, IAuditLog audit, SignInSettings settings) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() => settings.DevelopmentPasswords ? Page() : ToProvider();

    /// <summary>The identity provider's login, also when the password form is on.</summary>
    public IActionResult OnGetProvider() => ToProvider();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!settings.DevelopmentPasswords)
        {
            return ToProvider(); // no password is ever checked: there are no password users
        }

        var (outcome, user) = await gate.TryAsync(UserName, Password, ct);
        UserName = AuditText.Anonymous(UserName);
        if (user is null)
        {
            Error = outcome == LoginOutcome.Locked
                ? "För många misslyckade inloggningar. Kontot är spärrat en stund; försök igen om 15 minuter eller kontakta IT."
                : "Fel användarnamn eller lösenord.";
            return Page();
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, user.UserName),
            new Claim("display_name", user.DisplayName),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim(SessionValidation.StampClaim, UserDirectory.Stamp(user)),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        await audit.AppendAsync(user.UserName, "login", "", $"{user.Role}; {user.DisplayName}; lokal inloggning", CancellationToken.None); // the name as it was (StaffDirectory)
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    /// <summary>
    /// To the identity provider. Back from it, the user lands on /Inloggad, which continues to the page asked for with a
    /// same-site navigation: the session cookie is SameSite=Strict and is not sent on the provider's redirect.
    /// </summary>
    private ChallengeResult ToProvider() => Challenge(
        new AuthenticationProperties { RedirectUri = "/Inloggad?ReturnUrl=" + Uri.EscapeDataString(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/") },
        Security.SignIn.OidcScheme);
}
