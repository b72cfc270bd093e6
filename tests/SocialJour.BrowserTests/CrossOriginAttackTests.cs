using System.Text.Json;
using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>
/// A page on another port of the same host is "same site": Chromium sends it the SameSite=Strict session cookie. Its
/// form must still not change anything in SocialJour (tests/SocialJour.Tests/Security/CrossOriginTests for the rules).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CrossOriginAttackTests(AppFixture app)
{
    [Fact]
    public async Task A_form_on_a_same_site_page_cannot_record_a_visit_decision_with_the_logged_in_users_cookie()
    {
        var page = await app.LoggedInPage("anna");
        var api = page.Context.APIRequest;
        var created = await api.PostAsync("/api/contacts", new()
        {
            DataObject = new
            {
                channel = "Police",
                duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
                persons = new object[] { new { name = "Okänd vuxen", approximateAge = 35, municipalityCode = "0191", category = "Other" } },
            },
        });
        Assert.Equal(201, created.Status);
        var caseId = (await created.JsonAsync())!.Value.GetProperty("cases")[0].GetProperty("id").GetString();

        // The attacker's page, served (by Playwright) from another port of 127.0.0.1.
        var evil = new Uri(app.BaseUrl, "/").GetLeftPart(UriPartial.Scheme) + $"127.0.0.1:{app.BaseUrl.Port + 1}/";
        await page.Context.RouteAsync(evil + "**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"<!DOCTYPE html><form method=\"post\" action=\"{app.BaseUrl}api/cases/{caseId}/visit-decision\"><button>Vinn en resa</button></form>",
        }));
        await page.GotoAsync(evil + "erbjudande.html");
        var answer = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Vinn en resa" }).ClickAsync(),
            r => r.Url.Contains("/visit-decision", StringComparison.Ordinal));

        Assert.Equal(403, answer.Status);
        var stored = (await (await api.GetAsync($"/api/cases/{caseId}")).JsonAsync())!.Value;
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("visitDueAt").ValueKind);
        await page.Context.CloseAsync();
    }
}
