using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;

namespace SocialJour.Tests.Security;

/// <summary>
/// A page on another origin makes the user's browser send requests with the session cookie. It must not change
/// anything, frame our pages, or find personal data in a cache. Behind an HTTPS proxy the cookies are Secure and HSTS
/// is sent.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class CrossOriginTests(HostFixture host)
{
    [Fact]
    public async Task A_same_site_page_on_another_port_cannot_record_a_visit_decision_with_the_users_cookie()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var caseId = await NewCase(anna);

        // What Chromium sends for a form or fetch POST from http://localhost:8081 (same site, SameSite=Strict cookie included).
        var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/visit-decision");
        forged.Headers.Add("Origin", "http://localhost:8081");
        forged.Headers.Add("Sec-Fetch-Site", "same-site");
        var response = await anna.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Begäran kommer från en annan webbplats", (await HostClients.Json(response)).GetProperty("title").GetString());
        var stored = await HostClients.Json(await anna.GetAsync($"/api/cases/{caseId}"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stored.GetProperty("visitDueAt").ValueKind);
    }

    [Theory]
    [InlineData("http://evil.example", null)]
    [InlineData("null", null)]
    [InlineData(null, "cross-site")]
    public async Task Other_origins_cannot_post_to_the_api_or_log_the_user_out(string? origin, string? fetchSite)
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var caseId = await NewCase(anna);

        var close = Forged(HttpMethod.Post, $"/api/cases/{caseId}/callback", origin, fetchSite);
        var logout = Forged(HttpMethod.Post, "/Logout", origin, fetchSite);

        Assert.Equal(HttpStatusCode.Forbidden, (await anna.SendAsync(close)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.SendAsync(logout)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync("/api/cases")).StatusCode); // still logged in
    }

    [Fact]
    public async Task The_apps_own_pages_may_post()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var caseId = await NewCase(anna);

        var own = Forged(HttpMethod.Post, $"/api/cases/{caseId}/visit-decision", anna.BaseAddress!.GetLeftPart(UriPartial.Authority), "same-origin");

        Assert.Equal(HttpStatusCode.OK, (await anna.SendAsync(own)).StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_nothing_personal_is_cached()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        using var anonymous = HostClients.Anonymous(host);

        var responses = new[]
        {
            await anonymous.GetAsync("/Login"),
            await anonymous.GetAsync("/api/cases"), // 401
            await anna.GetAsync("/Arenden"),
            await anna.GetAsync("/api/cases"),
            await anna.GetAsync("/finns-inte"),
        };

        Assert.All(responses, r =>
        {
            var csp = string.Join(";", r.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("same-origin", r.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("no-store", r.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        });
        var css = await anonymous.GetAsync("/site.css");
        Assert.DoesNotContain("no-store", css.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_an_https_proxy_the_session_cookie_is_secure_and_hsts_is_sent()
    {
        var page = await ViaHttpsProxy(HttpMethods.Get, "/Login", null, null);
        var html = await new StreamReader(page.Response.Body).ReadToEndAsync();
        var token = HostTests.TokenPattern().Match(html).Groups[1].Value;
        var antiforgery = page.Response.Headers.SetCookie.ToString().Split(';')[0];

        var login = await ViaHttpsProxy(HttpMethods.Post, "/Login", antiforgery, $"UserName=anna&Password={HostClients.Password}&__RequestVerificationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(302, login.Response.StatusCode);
        var session = login.Response.Headers.SetCookie.Single(c => c!.StartsWith("socialjour=", StringComparison.Ordinal))!;
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("max-age=", page.Response.Headers.StrictTransportSecurity.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Arenden")]
    [InlineData("/Statistik?from=2021-01-01")]
    public async Task A_forged_Host_header_never_reaches_a_Location_header(string path)
    {
        var context = await host.Factory.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = path.Split('?')[0];
            c.Request.QueryString = path.Contains('?', StringComparison.Ordinal) ? new QueryString(path[path.IndexOf('?', StringComparison.Ordinal)..]) : QueryString.Empty;
            c.Request.Host = new HostString("angripare.example");
        });

        Assert.Equal(StatusCodes.Status302Found, context.Response.StatusCode);
        var location = context.Response.Headers.Location.ToString();
        Assert.DoesNotContain("angripare", location, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("/Login?ReturnUrl=", location, StringComparison.Ordinal);
    }

    private Task<HttpContext> ViaHttpsProxy(string method, string path, string? cookie, string? form) =>
        host.Factory.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = path;
            c.Request.Host = new HostString("socialjour.example.se");
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "10.1.2.3";
            c.Connection.RemoteIpAddress = IPAddress.Loopback; // the proxy, trusted because the test host lists 127.0.0.1 in KnownProxies
            if (cookie is not null)
            {
                c.Request.Headers.Cookie = cookie;
            }

            if (form is not null)
            {
                c.Request.ContentType = "application/x-www-form-urlencoded";
                c.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(form));
            }
        });

    private static HttpRequestMessage Forged(HttpMethod method, string path, string? origin, string? fetchSite)
    {
        var request = new HttpRequestMessage(method, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return request;
    }

    private static async Task<string> NewCase(HttpClient client)
    {
        var created = await client.PostAsJsonAsync("/api/contacts", new
        {
            channel = "Police",
            duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
            persons = new object[] { new { name = "Okänd vuxen", approximateAge = 35, municipalityCode = "0191", category = "Other" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await HostClients.Json(created)).GetProperty("cases")[0].GetProperty("id").GetString()!;
    }
}
