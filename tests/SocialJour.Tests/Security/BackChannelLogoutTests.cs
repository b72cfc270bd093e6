using System.Net;
using System.Text.Json;
using SocialJour.Core.Audit;

namespace SocialJour.Tests.Security;

/// <summary>
/// OpenID Connect Back-Channel Logout (ADR 0027, update): when a user's session at the identity provider ends — logged out
/// there, or the account disabled by IT — the provider posts a signed logout token and the jour's sessions of that user end
/// at once; everyone else carries on. A token that is replayed, or fails any of the specification's checks, is refused with
/// 400 and ends nothing. Real processes over loopback HTTP: the host on its own port, the simulator's dev provider posting.
/// </summary>
[Collection(SignInHostCollection.Name)]
public sealed class BackChannelLogoutTests(SignInHostFixture host)
{
    [Fact]
    public async Task The_provider_revoking_anna_ends_both_her_sessions_at_once_while_erik_carries_on()
    {
        using var annaLaptop = await host.SignedIn("anna");
        using var annaPhone = await host.SignedIn("anna");
        using var erik = await host.SignedIn("erik");

        // IT disables anna's account at the provider (02:00, a stolen laptop): the provider tells the host.
        using var revoke = await host.Simulator.Control.PostAsync("/dev-idp/users/anna/revoke", null);

        Assert.Equal("200", JsonDocument.Parse(await revoke.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        foreach (var anna in new[] { annaLaptop, annaPhone })
        {
            var next = await anna.GetAsync("/");
            Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
            Assert.StartsWith("/Login", next.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anna.GetAsync("/api/cases")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await erik.GetAsync("/api/cases")).StatusCode);
        var audit = await host.Logs<IAuditLog>().RecentAsync(100);
        Assert.Contains(audit, e => e.Actor == "SE2321000016-1001" && e.Action == "logout"
            && e.Details.StartsWith("utloggad hos identitetsleverantören; ", StringComparison.Ordinal) && e.Details.EndsWith(" sessioner", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => e.Actor == "SE2321000016-1002" && e.Action == "logout");
    }

    [Fact]
    public async Task Logging_out_at_the_provider_ends_that_sign_in_at_the_host_and_not_the_users_other_sign_in()
    {
        using var providerAtDesk = ProviderSignIn.ProviderClient();
        using var providerAtHome = ProviderSignIn.ProviderClient();
        using var desk = await host.SignedIn("ida", providerAtDesk);
        using var home = await host.SignedIn("ida", providerAtHome);

        // Ida logs out at the provider from her desk (another application's logout button, say): that provider session ends.
        using var logout = await providerAtDesk.GetAsync(new Uri(host.Simulator.BaseUrl, "/connect/logout"));

        Assert.True((int)logout.StatusCode < 400, $"slutsessionen svarade {(int)logout.StatusCode}");
        Assert.Equal(HttpStatusCode.Redirect, (await desk.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await home.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_replayed_logout_token_is_refused_and_does_not_end_the_users_new_session()
    {
        using var before = await host.SignedIn("erik");
        var token = host.Simulator.ProviderSessions.CreateLogoutToken(host.Issuer, "erik", null);

        // Server to server: no cookie and no antiforgery token. Headers a browser would add change nothing: the signature counts.
        var first = await host.PostLogoutToken(token, r =>
        {
            r.Headers.Add("Origin", "https://annan-webbplats.example");
            r.Headers.Add("Sec-Fetch-Site", "cross-site");
        });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await before.GetAsync("/api/cases")).StatusCode);
        using var after = await host.SignedIn("erik");

        var replay = await host.PostLogoutToken(token);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/api/cases")).StatusCode);
        Assert.DoesNotContain(token, host.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nonce")]
    [InlineData("audience")]
    [InlineData("issuer")]
    [InlineData("old-iat")]
    [InlineData("expired")]
    [InlineData("signature")]
    [InlineData("no-event")]
    [InlineData("no-sub-or-sid")]
    [InlineData("no-jti")]
    [InlineData("unsigned")]
    public async Task An_invalid_logout_token_is_refused_with_400_and_ends_nothing(string fault)
    {
        using var erik = await host.SignedIn("erik");
        var now = DateTimeOffset.UtcNow;
        var sessions = host.Simulator.ProviderSessions;
        var token = fault switch
        {
            "nonce" => sessions.CreateLogoutToken(host.Issuer, "erik", null, c => c["nonce"] = "n-0S6_WzA2Mj"),
            "audience" => sessions.CreateLogoutToken(host.Issuer, "erik", null, audience: "en-annan-klient"),
            "issuer" => sessions.CreateLogoutToken("http://127.0.0.1:1/", "erik", null),
            "old-iat" => sessions.CreateLogoutToken(host.Issuer, "erik", null, c => c["iat"] = now.AddHours(-1).ToUnixTimeSeconds()),
            "expired" => sessions.CreateLogoutToken(host.Issuer, "erik", null, c => c["exp"] = now.AddMinutes(-10).ToUnixTimeSeconds()),
            "signature" => Tampered(sessions.CreateLogoutToken(host.Issuer, "anna", null)),
            "no-event" => sessions.CreateLogoutToken(host.Issuer, "erik", null, c => c.Remove("events")),
            "no-sub-or-sid" => sessions.CreateLogoutToken(host.Issuer, null, null),
            "no-jti" => sessions.CreateLogoutToken(host.Issuer, "erik", null, c => c.Remove("jti")),
            "unsigned" => Unsigned(sessions.CreateLogoutToken(host.Issuer, "erik", null)),
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };

        var answer = await host.PostLogoutToken(token);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
        Assert.Equal("{\"error\":\"invalid_request\"}", await answer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await erik.GetAsync("/api/cases")).StatusCode);
    }

    /// <summary>A token signed for anna, with its sub changed to erik under the same header and signature.</summary>
    private static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace("\"sub\":\"anna\"", "\"sub\":\"erik\"", StringComparison.Ordinal);
        Assert.Contains("\"sub\":\"erik\"", payload, StringComparison.Ordinal);
        return $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    /// <summary>The payload with <c>alg: none</c> and no signature.</summary>
    private static string Unsigned(string token) =>
        Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"logout+jwt\"}") + "." + token.Split('.')[1] + ".";
}
