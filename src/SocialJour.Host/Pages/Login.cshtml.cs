using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Audit;
using SocialJour.Host.Security;

namespace SocialJour.Host.Pages;

internal sealed class LoginModel(LoginGate gate, IAuditLog audit) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
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
        await audit.AppendAsync(user.UserName, "login", "", user.Role, CancellationToken.None);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
