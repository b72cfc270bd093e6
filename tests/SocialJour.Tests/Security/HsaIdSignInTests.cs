using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;

namespace SocialJour.Tests.Security;

/// <summary>
/// The user id is the HSA-id (<c>SocialJour:SignIn:UserIdClaim=hsa_id</c>), as a jour on an SITHS/Inera identity provider
/// configures it: the audit log and the access log record the HSA-id, never the provider's <c>sub</c>; a sign-in whose
/// token has no HSA-id is refused with a Swedish page, never a 500 and never a silent fall-back to the sub (ADR 0027).
/// </summary>
[Collection(SignInHostCollection.Name)]
public sealed class HsaIdSignInTests(SignInHostFixture host)
{
    private const string AnnaHsaId = "SE2321000016-1001";

    [Fact]
    public async Task Anna_is_recorded_by_her_HSA_id_in_the_audit_log_and_the_access_log_not_by_her_sub()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var anna = await host.SignedIn("anna");

        var created = await anna.PostAsJsonAsync("/api/contacts", new
        {
            channel = "SosAlarm",
            duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
            caller = "SOS Alarm",
            situation = "Oro för barn, grannar ringer",
            persons = new object[] { new { identityNumber = "20100315-2384", municipalityCode = "0191", category = "ChildrenAndYouth" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("cases")[0].GetProperty("id").GetString();
        var lookup = await anna.PostAsJsonAsync("/api/lookups", new { identityNumber = "201003152384", jourCaseId = caseId, purpose = "Skyddsbedömning" });
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);

        var audit = await host.Logs<IAuditLog>().RecentAsync(200);
        Assert.Contains(audit, e => e.Actor == AnnaHsaId && e.Action == "login" && e.Details.Contains("Anna Berg", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => e.Actor == "anna");
        var access = await host.Logs<IAccessLog>().ForPeriodAsync(from, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Contains(access, e => e.UserId == AnnaHsaId && e.JourCaseId == caseId);
        Assert.DoesNotContain(access, e => e.UserId == "anna");

        // The municipality's extract shows who that is: the HSA-id with the name she had at her latest sign-in.
        using var erik = await host.SignedIn("erik");
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var extract = JsonDocument.Parse(await erik.GetStringAsync($"/api/access-log?municipality=0191&from={yesterday}&to={tomorrow}")).RootElement;
        var row = extract.EnumerateArray().First(e => e.GetProperty("jourCaseId").GetString() == caseId);
        Assert.Equal((AnnaHsaId, "Anna Berg"), (row.GetProperty("userId").GetString(), row.GetProperty("userName").GetString()));
        var csv = await erik.GetStringAsync($"/api/access-log?municipality=0191&from={yesterday}&to={tomorrow}&format=csv");
        Assert.Contains($";{AnnaHsaId};Anna Berg;", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_whose_token_has_no_HSA_id_is_refused_with_a_Swedish_page_and_no_session()
    {
        using var kim = host.Browser(); // a consultant without an HSA-id at the provider

        var back = await ProviderSignIn.RunAsync(kim, host.Simulator.BaseUrl, "kim");

        Assert.Equal("/Nekad?orsak=id", back.Headers.Location?.OriginalString);
        var page = await kim.GetAsync(back.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("skickade inte ditt användar-id (anspråket hsa_id)", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await kim.GetAsync("/api/cases")).StatusCode);
        var audit = await host.Logs<IAuditLog>().RecentAsync(200);
        Assert.Contains(audit, e => e.Action == "login-refused" && e.Details.Contains("hsa_id saknas", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => e.Actor == "kim");
    }
}
