using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core.Audit;

namespace SocialJour.Tests.Security;

/// <summary>
/// Staff sign in through the jour's identity provider (here the simulator's dev provider, real tokens over loopback HTTP):
/// the code flow with PKCE ends in the server-side session; a missing authentication level or role is refused with a
/// Swedish page and no session; the audit log has the stable user id and the display name; logout ends it (ADR 0027).
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class SignInTests(HostFixture host)
{
    [Fact]
    public async Task Anna_signs_in_at_the_identity_provider_and_gets_a_session_with_her_name_role_and_audit_entry()
    {
        using var browser = HostClients.Anonymous(host);

        var back = await ProviderSignIn.RunAsync(browser, host, "anna");

        Assert.Equal("/Inloggad?ReturnUrl=%2F", back.Headers.Location?.OriginalString);
        var start = await browser.GetStringAsync("/");
        Assert.Contains("Anna Berg (Socialsekreterare)", start, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/cases")).StatusCode);
        var audit = await host.Factory.Services.GetRequiredService<IAuditLog>().RecentAsync(50);
        Assert.Contains(audit, e => e.Actor == "anna" && e.Action == "login" && e.Details.Contains("Anna Berg", StringComparison.Ordinal)
            && e.Details.Contains("OpenID Connect", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_authorization_request_uses_the_code_flow_with_PKCE_and_asks_for_the_required_level()
    {
        using var browser = HostClients.Anonymous(host);

        var challenge = await browser.GetAsync("/Login?handler=Provider");

        var query = System.Web.HttpUtility.ParseQueryString(challenge.Headers.Location!.Query);
        Assert.StartsWith(host.Simulator.BaseUrl + "connect/authorize", challenge.Headers.Location.ToString(), StringComparison.Ordinal);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.StartsWith("http://id.elegnamnden.se/loa/1.0/loa3", query["acr_values"], StringComparison.Ordinal);
        Assert.Null(query["client_secret"]);
    }

    [Fact]
    public async Task A_sign_in_below_the_required_level_is_refused_with_a_Swedish_page_and_no_session()
    {
        using var browser = HostClients.Anonymous(host);

        var back = await ProviderSignIn.RunAsync(browser, host, "pia"); // password only: loa2

        Assert.Equal("/Nekad?orsak=niva", back.Headers.Location?.OriginalString);
        Assert.Contains("Inloggningen räcker inte", await browser.GetStringAsync("/Nekad?orsak=niva"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/cases")).StatusCode);
        var audit = await host.Factory.Services.GetRequiredService<IAuditLog>().RecentAsync(50);
        Assert.Contains(audit, e => e.Actor == "pia" && e.Action == "login-refused" && e.Details.Contains("loa2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_without_a_mapped_role_is_refused_and_gets_no_session()
    {
        using var browser = HostClients.Anonymous(host);

        var back = await ProviderSignIn.RunAsync(browser, host, "olle"); // "ekonomiassistent": not mapped

        Assert.Equal("/Nekad?orsak=roll", back.Headers.Location?.OriginalString);
        Assert.Contains("ingen roll i SocialJour", await browser.GetStringAsync("/Nekad?orsak=roll"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_replayed_callback_with_a_used_code_does_not_log_anyone_in()
    {
        using var browser = HostClients.Anonymous(host);
        var callback = await ProviderSignIn.CallbackAsync(browser, host, "erik");
        Assert.Equal("/Inloggad?ReturnUrl=%2F", (await browser.GetAsync(callback)).Headers.Location?.OriginalString);

        // An attacker who saw the callback address (code and state) tries it in another browser.
        using var attacker = HostClients.Anonymous(host);
        var replay = await attacker.GetAsync(callback);

        Assert.Equal("/Nekad?orsak=fel", replay.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync("/api/cases")).StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_session_here_and_goes_through_the_providers_end_session()
    {
        using var browser = HostClients.Anonymous(host);
        var cookie = HostClients.SessionCookie(await ProviderSignIn.RunAsync(browser, host, "erik"));
        using var thief = HostClients.Anonymous(host, cookies: false);
        Assert.Equal(HttpStatusCode.OK, (await ProviderSignIn.WithCookie(thief, cookie, "/api/cases")).StatusCode);

        var logout = await browser.PostAsync("/Logout", null);

        Assert.StartsWith(host.Simulator.BaseUrl + "connect/logout", logout.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var idp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await idp.GetAsync(logout.Headers.Location);
        var callback = await browser.GetAsync(back.Headers.Location!.PathAndQuery);
        Assert.Equal("/Utloggad", callback.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ProviderSignIn.WithCookie(thief, cookie, "/api/cases")).StatusCode);
    }

    [Fact]
    public async Task The_providers_login_form_refuses_a_post_without_its_antiforgery_token()
    {
        using var browser = HostClients.Anonymous(host);
        var authorize = (await browser.GetAsync("/Login?handler=Provider")).Headers.Location!;
        using var idp = ProviderSignIn.ProviderClient();
        var page = await idp.GetStringAsync(authorize);
        var form = ProviderSignIn.HiddenInputs(page);
        Assert.True(form.ContainsKey("__RequestVerificationToken"));
        form["login_user"] = "anna";
        form["login_password"] = HostClients.Password;

        // A page elsewhere posts the form (the right password, say from a password manager's autofill) without the token,
        // or with a token it fetched for itself in another browser.
        var withoutToken = form.Where(f => f.Key != "__RequestVerificationToken").ToDictionary();
        var noToken = await idp.PostAsync(new Uri(authorize, "/connect/authorize"), new FormUrlEncodedContent(withoutToken));
        using var other = ProviderSignIn.ProviderClient();
        var otherBrowser = await other.PostAsync(new Uri(authorize, "/connect/authorize"), new FormUrlEncodedContent(form));

        foreach (var refused in new[] { noToken, otherBrowser })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Null(refused.Headers.Location);
            Assert.Contains("Inloggningsformuläret kom inte från den här sidan", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        // The form as the page gave it still signs in.
        var answer = await idp.PostAsync(new Uri(authorize, "/connect/authorize"), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/signin-oidc", answer.Headers.Location!.AbsolutePath);
    }
}

/// <summary>Walks the sign-in as a browser would: host → provider's login page → provider → host's callback.</summary>
internal static partial class ProviderSignIn
{
    /// <summary>Signs in at the provider; returns the host's answer to the callback (a redirect).</summary>
    public static async Task<HttpResponseMessage> RunAsync(HttpClient browser, HostFixture host, string user, string password = HostClients.Password) =>
        await browser.GetAsync(await CallbackAsync(browser, host, user, password));

    /// <summary>The same against any host and provider; <paramref name="idp"/> is the browser's side at the provider (its cookies).</summary>
    public static async Task<HttpResponseMessage> RunAsync(HttpClient browser, Uri provider, string user, HttpClient? idp = null) =>
        await browser.GetAsync(await CallbackAsync(browser, provider, user, HostClients.Password, idp));

    /// <summary>A client for the provider's pages, with its own cookies (as a browser has), following no redirect.</summary>
    public static HttpClient ProviderClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

    /// <summary>The callback address (host's /signin-oidc with code and state) the provider sends the browser to.</summary>
    public static Task<string> CallbackAsync(HttpClient browser, HostFixture host, string user, string password = HostClients.Password) =>
        CallbackAsync(browser, host.Simulator.BaseUrl, user, password, null);

    public static async Task<string> CallbackAsync(HttpClient browser, Uri provider, string user, string password, HttpClient? providerClient)
    {
        var challenge = await browser.GetAsync("/Login?handler=Provider");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Equal(provider.Authority, authorize.Authority);

        using var own = providerClient is null ? ProviderClient() : null;
        var idp = providerClient ?? own!;
        var page = await idp.GetStringAsync(authorize);
        Assert.Contains("<label for=\"login_user\">Användarnamn</label>", page, StringComparison.Ordinal);
        var form = HiddenInputs(page);
        form["login_user"] = user;
        form["login_password"] = password;
        var answer = await idp.PostAsync(new Uri(authorize, "/connect/authorize"), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var callback = answer.Headers.Location!;
        Assert.Equal("/signin-oidc", callback.AbsolutePath);
        return callback.PathAndQuery;
    }

    /// <summary>The hidden fields of the provider's login page: the authorization request and the antiforgery token.</summary>
    public static Dictionary<string, string> HiddenInputs(string page) =>
        HiddenInput().Matches(page).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    public static Task<HttpResponseMessage> WithCookie(HttpClient client, string cookie, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
