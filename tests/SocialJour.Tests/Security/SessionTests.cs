using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialJour.Tests.Security;

/// <summary>
/// Sessions end on the server: a copied cookie is worthless after logout, and a user whose role changes or who is
/// removed from the configuration is logged out at once, on the next request.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SessionTests(HostFixture host)
{
    [Fact]
    public async Task After_logout_a_saved_copy_of_the_session_cookie_no_longer_works()
    {
        using var browser = HostClients.Anonymous(host);
        var login = await HostTests.LogIn(browser, "anna", HostClients.Password);
        var saved = HostClients.SessionCookie(login);
        using var thief = HostClients.Anonymous(host, cookies: false);
        Assert.Equal(HttpStatusCode.OK, (await SendWithCookie(thief, saved)).StatusCode); // the copy works while the session lasts

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/Logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendWithCookie(thief, saved)).StatusCode);
    }

    [Fact]
    public async Task The_cookie_holds_a_session_id_not_the_login_itself()
    {
        using var browser = HostClients.Anonymous(host);
        var cookie = HostClients.SessionCookie(await HostTests.LogIn(browser, "anna", HostClients.Password));

        // An encrypted login with name, role and display name is several hundred characters; an id is short.
        Assert.True(cookie.Length < 400, $"{cookie.Length} tecken");
    }

    [Fact]
    public async Task A_role_changed_in_the_configuration_ends_the_users_session_at_the_next_request()
    {
        using var rolf = await HostClients.LoggedIn(host, "rolf");
        Assert.Equal(HttpStatusCode.OK, (await rolf.GetAsync("/api/cases")).StatusCode);

        SetUser("rolf", "Role", "ItAdministrator");

        Assert.Equal(HttpStatusCode.Unauthorized, (await rolf.GetAsync("/api/cases")).StatusCode);
        using var again = await HostClients.LoggedIn(host, "rolf");
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/cases")).StatusCode); // the new role applies
    }

    [Fact]
    public async Task A_user_removed_from_the_configuration_is_logged_out_at_once()
    {
        using var rut = await HostClients.LoggedIn(host, "rut");
        Assert.Equal(HttpStatusCode.OK, (await rut.GetAsync("/api/cases")).StatusCode);

        SetUser("rut", "UserName", "rut-har-slutat");

        Assert.Equal(HttpStatusCode.Unauthorized, (await rut.GetAsync("/api/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await rut.GetAsync("/Arenden")).StatusCode);
    }

    private static Task<HttpResponseMessage> SendWithCookie(HttpClient client, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/cases");
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }

    /// <summary>Edits a test user's entry as an administrator editing the configuration would, and reloads it.</summary>
    private void SetUser(string user, string field, string value)
    {
        var configuration = (IConfigurationRoot)host.Factory.Services.GetRequiredService<IConfiguration>();
        configuration[$"SocialJour:Users:{Array.IndexOf(HostFixture.TestUsers, user) + 3}:{field}"] = value;
        configuration.Reload();
    }
}
