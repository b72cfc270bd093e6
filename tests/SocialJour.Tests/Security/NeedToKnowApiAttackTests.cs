using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialJour.Tests;

/// <summary>
/// Threat model, need-to-know, through the API as a logged-in colleague would try it (docs/security.md): register checks
/// without a case, related parties added without a reason, purposes outside the list, the jour-wide log.
/// </summary>
public sealed partial class HostTests
{
    private const string Period = "from=2020-01-01&to=2035-12-31";

    private async Task<string> NewCaseAsync(HttpClient client, string identityNumber, string municipality, string category)
    {
        var created = await client.PostAsJsonAsync("/api/contacts", new
        {
            channel = "Police",
            duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
            persons = new object[] { new { identityNumber, municipalityCode = municipality, category } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await Json(created)).GetProperty("cases")[0].GetProperty("id").GetString()!;
    }

    private static async Task<string> FieldOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await Json(response)).GetProperty("field").GetString()!;
    }

    [Fact]
    public async Task Attack_a_register_check_of_any_number_without_a_case_or_a_contact_being_registered_is_refused()
    {
        using var anna = await As("anna");

        var response = await anna.PostAsJsonAsync("/api/identity-checks", new { identityNumber = "19851130-2385" });

        Assert.Equal("jourCaseId", await FieldOf(response));
        Assert.DoesNotContain("Sara", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_a_register_check_from_a_case_is_bound_to_its_persons_and_every_check_is_in_the_registers_access_log()
    {
        using var anna = await As("anna");
        using var erik = await As("erik");
        using var ida = await As("ida");
        var caseId = await NewCaseAsync(anna, "19780614-2399", "0114", "SubstanceAbuse");

        // Johan's case does not open Sara.
        Assert.Equal("identityNumber", await FieldOf(await anna.PostAsJsonAsync("/api/identity-checks", new { identityNumber = "19851130-2385", jourCaseId = caseId })));

        var own = await anna.PostAsJsonAsync("/api/identity-checks", new { identityNumber = "19780614-2399", jourCaseId = caseId });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("Johan Karlsson", (await Json(own)).GetProperty("name").GetString());

        // The contact form checks the numbers of the contact being registered.
        var draft = await anna.PostAsJsonAsync("/api/identity-checks", new { identityNumber = "20100315-2384", purpose = "Registrering av kontakt" });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);

        // Both are in the jour's access log with the full number, who and why; the unit manager follows it up, IT does not.
        Assert.Equal(HttpStatusCode.Forbidden, (await ida.GetAsync("/api/access-log/jour?" + Period)).StatusCode);
        var log = await erik.GetAsync("/api/access-log/jour?" + Period);
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        var checks = (await Json(log)).EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "RegisterCheck").ToList();
        Assert.Contains(checks, e => e.GetProperty("personId").GetString() == "197806142399" && e.GetProperty("jourCaseId").GetString() == caseId && e.GetProperty("userId").GetString() == "anna");
        Assert.Contains(checks, e => e.GetProperty("personId").GetString() == "201003152384" && e.GetProperty("purpose").GetString() == "Registrering av kontakt");
        Assert.DoesNotContain(checks, e => e.GetProperty("personId").GetString() == "198511302385" && e.GetProperty("jourCaseId").GetString() == caseId); // refused: not logged
    }

    [Fact]
    public async Task Attack_the_whole_jours_log_on_the_access_log_page_is_the_unit_managers_follow_up_not_an_extract_for_IT()
    {
        using var anna = await As("anna");
        using var erik = await As("erik");
        using var ida = await As("ida");
        Assert.Equal(HttpStatusCode.OK, (await anna.PostAsJsonAsync("/api/identity-checks", new { identityNumber = "19780614-2399", purpose = "Registrering av kontakt" })).StatusCode);

        var manager = await erik.GetStringAsync("/Atkomstlogg?kommun=jour&fran=2020-01-01&till=2035-12-31");
        Assert.Contains("Kontroll mot folkbokföringen", manager, StringComparison.Ordinal);
        Assert.Contains("19780614-2399", manager, StringComparison.Ordinal);

        var it = await ida.GetStringAsync("/Atkomstlogg?kommun=jour&fran=2020-01-01&till=2035-12-31");
        Assert.Contains("enhetschefens uppföljning", it, StringComparison.Ordinal);
        Assert.DoesNotContain("19780614-2399", it, StringComparison.Ordinal);
        Assert.DoesNotContain("Hela jouren (uppföljning)", it, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_a_related_party_needs_a_role_and_a_reason_and_only_then_opens_the_look_up()
    {
        using var anna = await As("anna");
        var caseId = await NewCaseAsync(anna, "20100315-2384", "0191", "ChildrenAndYouth");
        var lookUpMother = new { identityNumber = "19851130-2385", jourCaseId = caseId, purpose = "Skyddsbedömning" };

        Assert.Equal("identityNumber", await FieldOf(await anna.PostAsJsonAsync("/api/lookups", lookUpMother)));
        Assert.Equal("reason", await FieldOf(await anna.PostAsJsonAsync($"/api/cases/{caseId}/related-parties", new { identityNumber = "19851130-2385", role = "Parent", reason = "" })));
        Assert.Equal("role", await FieldOf(await anna.PostAsJsonAsync($"/api/cases/{caseId}/related-parties", new { identityNumber = "19851130-2385", reason = "Modern, vårdnadshavare enligt polisen" })));

        var added = await anna.PostAsJsonAsync($"/api/cases/{caseId}/related-parties", new { identityNumber = "19851130-2385", role = "Parent", reason = "Modern, vårdnadshavare enligt polisen" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode); // a new related party (ADR 0030: 201 where something is created)

        Assert.Equal(HttpStatusCode.OK, (await anna.PostAsJsonAsync("/api/lookups", lookUpMother)).StatusCode);
        var persons = (await Json(await anna.GetAsync($"/api/cases/{caseId}/persons"))).EnumerateArray().ToList();
        Assert.Contains(persons, p => p.GetProperty("personId").GetString() == "198511302385" && p.GetProperty("role").GetString() == "Parent" && p.GetProperty("addedBy").GetString() == "anna");
    }

    [Fact]
    public async Task Attack_purposes_come_from_the_configured_list_and_free_text_is_limited_and_clean()
    {
        using var anna = await As("anna");
        var caseId = await NewCaseAsync(anna, "20110722-2380", "0123", "ChildrenAndYouth");

        var purposes = (await Json(await anna.GetAsync("/api/lookup-purposes"))).EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("Skyddsbedömning", purposes);

        Assert.Equal("purpose", await FieldOf(await anna.PostAsJsonAsync("/api/lookups", new { identityNumber = "20110722-2380", jourCaseId = caseId, purpose = "abc" })));
        Assert.Equal("purposeText", await FieldOf(await anna.PostAsJsonAsync("/api/lookups",
            new { identityNumber = "20110722-2380", jourCaseId = caseId, purpose = "Skyddsbedömning", purposeText = "Inför \u202Ebesök" })));
        Assert.Equal("purposeText", await FieldOf(await anna.PostAsJsonAsync("/api/lookups",
            new { identityNumber = "20110722-2380", jourCaseId = caseId, purpose = "Skyddsbedömning", purposeText = new string('a', 10_000) })));

        var ok = await anna.PostAsJsonAsync("/api/lookups", new { identityNumber = "20110722-2380", jourCaseId = caseId, purpose = "skyddsbedömning", purposeText = "Polisen på plats hos familjen" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Skyddsbedömning: Polisen på plats hos familjen", (await Json(ok)).GetProperty("purpose").GetString());
    }
}
