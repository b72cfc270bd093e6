using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SocialJour.Tests.Security;

/// <summary>Clients of the shared test host, logged in or not.</summary>
internal static class HostClients
{
    public const string Password = "jour2026";

    public static HttpClient Anonymous(HostFixture host, bool cookies = true) =>
        host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies });

    public static async Task<HttpClient> LoggedIn(HostFixture host, string user)
    {
        var client = Anonymous(host);
        Assert.Equal(HttpStatusCode.Redirect, (await HostTests.LogIn(client, user, Password)).StatusCode);
        return client;
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The session cookie ("socialjour=…") that a login response sets.</summary>
    public static string SessionCookie(HttpResponseMessage login) =>
        login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("socialjour=", StringComparison.Ordinal));
}
