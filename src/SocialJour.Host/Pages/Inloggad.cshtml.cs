using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SocialJour.Host.Pages;

/// <summary>
/// Back from the identity provider (ADR 0027): continues to the page asked for. The session cookie is SameSite=Strict, so a
/// browser does not send it on the redirect chain the provider's site started; this page's own navigation is same-site.
/// </summary>
internal sealed class InloggadModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The page to continue to: a local address, else the start page.</summary>
    public string Target => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";

    public void OnGet()
    {
    }
}
