using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace SocialJour.Tests.Security;

/// <summary>
/// A member municipality sends its notices itself (issue 24, 1): its own client, bound to it, with the notices scope, which
/// opens that and nothing else; the jour's staff see the notice on the cases and in the look-up.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class MunicipalityNoticeClientTests(HostFixture host)
{
    private const string Person = "19650505-1232"; // no other test of the host uses this person (notice counts elsewhere stay theirs)

    [Fact]
    public async Task A_municipalitys_notice_client_sends_its_own_notice_reads_it_back_and_staff_see_it()
    {
        using var sigtuna = await ClientWith("kommunavisering-0191", "socialjour.notices");
        var sent = await sigtuna.PostAsJsonAsync("/api/municipality-notices", new { identityNumber = Person, text = "Inget ekonomiskt bistånd utan kontakt med socialchefen", restricts = "FinancialAid" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var notice = await HostClients.Json(sent);
        Assert.Equal("0191", notice.GetProperty("municipalityCode").GetString());
        Assert.Equal("FinancialAid", notice.GetProperty("restricts").GetString());
        var id = notice.GetProperty("id").GetInt64();

        var own = await HostClients.Json(await sigtuna.GetAsync("/api/municipality-notices"));
        Assert.Contains(own.EnumerateArray(), n => n.GetProperty("id").GetInt64() == id);

        using var anna = await HostClients.LoggedIn(host, "anna");
        var active = await HostClients.Json(await anna.GetAsync("/api/notices"));
        Assert.Contains(active.EnumerateArray(), n => n.GetProperty("id").GetInt64() == id && n.GetProperty("registeredBy").GetString() == "klient:kommunavisering-0191");
    }

    [Fact]
    public async Task The_notice_scope_opens_nothing_else_and_a_client_sends_only_its_own_municipalitys_notices()
    {
        using var sigtuna = await ClientWith("kommunavisering-0191", "socialjour.notices");

        var forOther = await sigtuna.PostAsJsonAsync("/api/municipality-notices", new { municipalityCode = "0123", identityNumber = Person, text = "Avisering i en annan kommuns namn" });
        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        Assert.Contains("0191", await forOther.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var others = await HostClients.Json(await sigtuna.GetAsync("/api/municipality-notices"));
        Assert.DoesNotContain(others.EnumerateArray(), n => n.GetProperty("municipalityCode").GetString() != "0191");

        foreach (var path in new[] { "/api/notices", "/api/cases", "/api/access-log?municipality=0191", "/api/statistics?from=2021-01-01&to=2021-12-31" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await sigtuna.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await sigtuna.PostAsJsonAsync("/api/notices", new { municipalityCode = "0191", identityNumber = Person, text = "Via personalens väg" })).StatusCode);

        // Invalid input is refused with the field named, and nothing is stored.
        var bad = await sigtuna.PostAsJsonAsync("/api/municipality-notices", new { identityNumber = "19780614-2390", text = "Fel kontrollsiffra" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("identityNumber", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The access-log client of the same municipality cannot send notices.
        using var log = await ClientWith("kommunlogg-0191", "socialjour.accesslog");
        Assert.Equal(HttpStatusCode.Forbidden, (await log.PostAsJsonAsync("/api/municipality-notices", new { identityNumber = Person, text = "Från loggklienten" })).StatusCode);
    }

    private async Task<HttpClient> ClientWith(string clientId, string scope)
    {
        using var idp = new HttpClient();
        using var response = await idp.PostAsync(new Uri(host.Simulator.BaseUrl, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = $"demo-{clientId}-secret",
            ["scope"] = scope,
        }));
        var token = (await HostClients.Json(response)).GetProperty("access_token").GetString()!;
        var client = HostClients.Anonymous(host, cookies: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
