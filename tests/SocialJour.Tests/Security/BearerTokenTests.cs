using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SocialJour.Core.Audit;

namespace SocialJour.Tests.Security;

/// <summary>
/// Machine clients call /api with a JWT bearer token that the jour's identity provider issued through client credentials
/// (here the simulator's dev provider, over loopback HTTP): one scope per API area, read only; look-ups and every change
/// stay with signed-in staff. No token: 401; the wrong scope: 403 (ADR 0027).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BearerTokenTests(HostFixture host)
{
    /// <summary>A release period of the demo jour (1 January–10 December): machine clients get figures for release periods only.</summary>
    private const string Statistics = "/api/statistics?from=2021-01-01&to=2021-12-10";

    [Fact]
    public async Task A_token_with_the_statistics_scope_reads_statistics()
    {
        using var client = await ClientWith("statistik", "socialjour.statistics");

        var response = await client.GetAsync(Statistics);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Attack_a_machine_client_gets_the_released_form_only_whatever_it_asks_for()
    {
        using var client = await ClientWith("statistik", "socialjour.statistics");
        using var erik = await HostClients.LoggedIn(host, "erik");

        // It asks for the exact form: it gets small counts suppressed and no breach list (case ids and times), as the files.
        var asked = await HostClients.Json(await client.GetAsync(Statistics + "&suppress=false"));
        Assert.True(asked.GetProperty("suppressed").GetBoolean());
        Assert.Equal(0, asked.GetProperty("breaches").GetArrayLength());
        Assert.False((await HostClients.Json(await erik.GetAsync(Statistics + "&suppress=false"))).GetProperty("suppressed").GetBoolean()); // the unit manager's own

        // Its charts are drawn from the released form too, and only release periods are given (no differencing of two periods).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Statistics.Replace("/api/statistics?", "/api/statistics/charts/cases-by-municipality.svg?", StringComparison.Ordinal))).StatusCode);
        foreach (var period in new[] { "from=2021-01-01&to=2021-12-09", "from=2021-01-01&to=2021-03-31", "from=2021-12-10&to=2021-12-10" })
        {
            var refused = await client.GetAsync("/api/statistics?" + period);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("rapportperioder", (await HostClients.Json(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_with_another_scope_gets_403_with_a_Swedish_problem()
    {
        using var client = await ClientWith("overvakning", "socialjour.monitoring");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/municipalities")).StatusCode);
        Assert.True((await HostClients.Json(await client.GetAsync("/health/ready"))).TryGetProperty("checks", out _)); // monitoring sees the details

        var response = await client.GetAsync(Statistics);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Token ger inte tillgång till det här", (await HostClients.Json(response)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/billing/2021")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/access-log?municipality=0191&from=2021-01-01&to=2021-01-31")).StatusCode);
    }

    [Fact]
    public async Task No_token_gets_401_asking_for_a_bearer_token_and_a_forged_or_garbled_one_too()
    {
        using var anonymous = HostClients.Anonymous(host, cookies: false);
        var none = await anonymous.GetAsync(Statistics);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("Bearer", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "inte-en-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Statistics)).StatusCode);

        // The same claims as a real token, signed with a key the provider never published.
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Forged(host.Simulator.BaseUrl.ToString(), "socialjour.statistics"));
        var forged = await anonymous.GetAsync(Statistics);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("invalid_token", forged.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Even_a_token_with_every_scope_cannot_look_anyone_up_or_change_anything()
    {
        using var client = await ClientWith("integration", "socialjour.monitoring socialjour.statistics socialjour.billing socialjour.accesslog");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/lookup-purposes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/lookups", new { identityNumber = "20100315-2384", purpose = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/municipalities/0191/check", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/access-log/verify", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/access-log?municipality=0191&from=2021-01-01&to=2021-01-31")).StatusCode); // no municipality
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/municipalities")).StatusCode);
    }

    [Fact]
    public async Task A_municipalitys_log_system_fetches_its_access_log_extract_and_the_audit_log_names_the_client()
    {
        using var client = await ClientWith("kommunlogg-0191", "socialjour.accesslog");

        var response = await client.GetAsync("/api/access-log?municipality=0191&from=2021-01-01&to=2021-01-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = await host.Factory.Services.GetRequiredService<IAuditLog>().RecentAsync(50);
        Assert.Contains(audit, e => e.Actor == "klient:kommunlogg-0191" && e.Action == "access-log.exported" && e.Subject == "0191");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/access-log?municipality=0183&from=2021-01-01&to=2021-01-31")).StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_opens_no_page_and_only_api_paths_read_it()
    {
        using var client = await ClientWith("statistik", "socialjour.statistics");

        var page = await client.GetAsync("/Statistik");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Login", page.Headers.Location?.OriginalString, StringComparison.Ordinal); // relative: never the request's Host
    }

    [Fact]
    public async Task The_provider_issues_no_token_for_a_wrong_secret_or_a_scope_the_client_may_not_have()
    {
        using var idp = new HttpClient();

        var wrongSecret = await Token(idp, "statistik", "fel-hemlighet", "socialjour.statistics");
        var wrongScope = await Token(idp, "overvakning", "demo-overvakning-secret", "socialjour.billing");

        Assert.Equal("invalid_client", wrongSecret.GetProperty("error").GetString());
        Assert.Equal("invalid_scope", wrongScope.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_token_that_expired_60_seconds_ago_is_refused_the_clock_skew_is_30_seconds_not_5_minutes()
    {
        // The host's own validation parameters, with a key of the test's in place of the provider's published ones.
        var options = host.Factory.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TokenValidationParameters.ClockSkew);
        using var rsa = RSA.Create(2048);
        var parameters = options.TokenValidationParameters.Clone();
        parameters.IssuerSigningKey = new RsaSecurityKey(rsa) { KeyId = "test" };
        parameters.ValidIssuer = "https://idp.test/";
        parameters.ConfigurationManager = null;
        var handler = new JsonWebTokenHandler();
        string Token(int expiredSecondsAgo)
        {
            var now = DateTime.UtcNow;
            return handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = "https://idp.test/",
                Audience = options.TokenValidationParameters.ValidAudience,
                IssuedAt = now.AddMinutes(-10),
                NotBefore = now.AddMinutes(-10),
                Expires = now.AddSeconds(-expiredSecondsAgo),
                Claims = new Dictionary<string, object> { ["client_id"] = "statistik", ["scope"] = "socialjour.statistics" },
                SigningCredentials = new SigningCredentials(parameters.IssuerSigningKey, SecurityAlgorithms.RsaSha256),
            });
        }

        var expired = await handler.ValidateTokenAsync(Token(60), parameters);
        var withinSkew = await handler.ValidateTokenAsync(Token(5), parameters);

        Assert.False(expired.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(expired.Exception);
        Assert.True(withinSkew.IsValid, withinSkew.Exception?.Message);
    }

    private async Task<HttpClient> ClientWith(string clientId, string scope)
    {
        using var idp = new HttpClient();
        var token = (await Token(idp, clientId, $"demo-{clientId}-secret", scope)).GetProperty("access_token").GetString()!;
        var client = HostClients.Anonymous(host, cookies: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<JsonElement> Token(HttpClient idp, string clientId, string secret, string scope)
    {
        using var response = await idp.PostAsync(new Uri(host.Simulator.BaseUrl, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        }));
        return await HostClients.Json(response);
    }

    private static string Forged(string issuer, string scope)
    {
        using var key = RSA.Create(2048);
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "at+jwt", kid = "forged" }));
        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(new { iss = issuer, aud = "socialjour-api", sub = "statistik", client_id = "statistik", scope, iat = now, exp = now + 600 }));
        var signature = B64(key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return $"{header}.{payload}.{signature}";
    }
}
