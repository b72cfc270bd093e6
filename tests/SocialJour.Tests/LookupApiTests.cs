using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SocialJour.Tests;

/// <summary>The look-up, intake and access-log API as a client uses it: roles, problem details, CSV, no protected data.</summary>
public sealed partial class HostTests
{
    private async Task<HttpClient> As(string user)
    {
        var client = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await LogIn(client, user, "jour2026")).StatusCode);
        return client;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task The_same_person_registered_again_answers_409_with_the_candidate_case_and_the_choices_and_a_reason_registers_anew()
    {
        using var anna = await As("anna");
        // A person no other test of the shared host registers.
        var nine = "640229" + "217";
        var person = new { identityNumber = "19" + nine + Core.Identity.IdentityNumber.CheckDigit(nine), municipalityCode = "0191", category = "SubstanceAbuse" };
        var first = (await Json(await anna.PostAsJsonAsync("/api/contacts", new { channel = "Police", persons = new[] { person } })))
            .GetProperty("cases")[0].GetProperty("id").GetString();

        var again = await anna.PostAsJsonAsync("/api/contacts", new { channel = "Police", persons = new[] { person } });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        var problem = await Json(again);
        Assert.Equal("duplicateReason", problem.GetProperty("field").GetString());
        var candidate = Assert.Single(problem.GetProperty("candidates").EnumerateArray());
        Assert.Equal((first, 1, true), (candidate.GetProperty("caseId").GetString(), candidate.GetProperty("personIndex").GetInt32(), candidate.GetProperty("isOpen").GetBoolean()));
        Assert.Equal(["useExisting", "registerAnew"], problem.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("choice").GetString()));

        var anew = await anna.PostAsJsonAsync("/api/contacts", new { channel = "Police", persons = new[] { person }, duplicateReason = "Nytt larm från en annan adress" });
        Assert.Equal(HttpStatusCode.Created, anew.StatusCode);
        var second = (await Json(anew)).GetProperty("cases")[0];
        Assert.Equal("Nytt larm från en annan adress", second.GetProperty("duplicateReason").GetString());

        // The duplicate is annulled; closing the other needs a reason.
        var annul = await anna.PostAsJsonAsync($"/api/cases/{second.GetProperty("id").GetString()}/annul", new { duplicateOfCaseId = first, reason = "Samma larm registrerat två gånger" });
        Assert.Equal(HttpStatusCode.OK, annul.StatusCode);
        Assert.True((await Json(annul)).GetProperty("isAnnulled").GetBoolean());
        var noReason = await anna.PostAsync($"/api/cases/{first}/close", null);
        Assert.Equal((HttpStatusCode.BadRequest, "reason"), (noReason.StatusCode, (await Json(noReason)).GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await anna.PostAsJsonAsync($"/api/cases/{first}/close", new { reason = "NoActionNeeded" })).StatusCode);
    }

    [Fact]
    public async Task A_social_worker_registers_a_contact_and_looks_up_the_child_through_the_api()
    {
        using var anna = await As("anna");

        var created = await anna.PostAsJsonAsync("/api/contacts", new
        {
            channel = "SosAlarm",
            duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
            caller = "SOS Alarm",
            situation = "Bråk i hemmet, två barn",
            persons = new object[]
            {
                new { identityNumber = "20100315-2384", municipalityCode = "0191", category = "ChildrenAndYouth" },
                new { name = "Pappan", approximateAge = 40, municipalityCode = "0191", category = "DomesticViolence" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var cases = (await Json(created)).GetProperty("cases");
        Assert.Equal(2, cases.GetArrayLength());
        var caseId = cases[0].GetProperty("id").GetString();

        var response = await anna.PostAsJsonAsync("/api/lookups", new { identityNumber = "201003152384", jourCaseId = caseId, purpose = "Skyddsbedömning" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var r = await Json(response);
        Assert.True(r.GetProperty("complete").GetBoolean());
        Assert.Equal(0, r.GetProperty("missing").GetArrayLength());
        Assert.Equal("LVU", r.GetProperty("placements")[0].GetProperty("legalBasis").GetString());
        Assert.All(r.GetProperty("sources").EnumerateArray(), s => Assert.True(s.TryGetProperty("fetchedAt", out _)));

        // The look-up stays attached to its case for the same user (15 minutes); a colleague has none.
        var attached = await anna.GetAsync($"/api/cases/{caseId}/lookup");
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        Assert.Equal(r.GetProperty("lookupId").GetString(), (await Json(attached)).GetProperty("lookupId").GetString());
        using var erik = await As("erik");
        var none = await erik.GetAsync($"/api/cases/{caseId}/lookup");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("Gör ett uppslag", (await Json(none)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Nothing is missing, so nothing is asked again; another user's look-up is not theirs to retry.
        var retry = await anna.PostAsync($"/api/lookups/{r.GetProperty("lookupId").GetString()}/retry", null);
        Assert.Equal((HttpStatusCode.BadRequest, "lookupId"), (retry.StatusCode, (await Json(retry)).GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await erik.PostAsync($"/api/lookups/{r.GetProperty("lookupId").GetString()}/retry", null)).StatusCode);

        // The case's running notes and the search, open and closed cases.
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.PostAsJsonAsync($"/api/cases/{caseId}/notes", new { text = " " })).StatusCode);
        var note = await anna.PostAsJsonAsync($"/api/cases/{caseId}/notes", new { text = "Ringt mormor, flickan sover där i natt." });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        var notes = await Json(await anna.GetAsync($"/api/cases/{caseId}/notes"));
        Assert.Equal(("Ringt mormor, flickan sover där i natt.", "anna"), (notes[0].GetProperty("text").GetString(), notes[0].GetProperty("writtenBy").GetString()));
        var found = await Json(await anna.GetAsync("/api/cases/search?q=20100315-2384"));
        Assert.Contains(found.GetProperty("cases").EnumerateArray(), c => c.GetProperty("id").GetString() == caseId);
        var badDate = await anna.GetAsync("/api/cases/search?date=24/11");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        var nothing = await anna.GetAsync("/api/cases/search");
        Assert.Equal((HttpStatusCode.BadRequest, "text"), (nothing.StatusCode, (await Json(nothing)).GetProperty("field").GetString()));
    }

    [Theory]
    [InlineData("{\"identityNumber\":\"20100315-2385\",\"emergencyReason\":\"Akut, polisen på plats\"}", 400, "identityNumber", "Kontrollsiffran")]
    [InlineData("{\"identityNumber\":\"20100315-2384\"}", 400, "jourCaseId", "jourärende")]
    [InlineData("{\"identityNumber\":\"20100315-2384\",\"jourCaseId\":\"J999999\",\"purpose\":\"Skyddsbedömning\"}", 400, "jourCaseId", "finns inte")]
    [InlineData("{\"identityNumber\":\"20100315-2384\",\"emergencyReason\":\"kort\"}", 400, "emergencyReason", "minst 10 tecken")]
    public async Task Bad_look_up_requests_get_a_Swedish_problem_naming_the_field(string body, int status, string field, string text)
    {
        using var anna = await As("anna");

        var response = await anna.PostAsync("/api/lookups", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        var problem = await Json(response);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains(text, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/cases/search?q=20100315-2384")]
    [InlineData("GET", "/api/cases/J1/notes")]
    [InlineData("POST", "/api/cases/J1/notes")]
    [InlineData("GET", "/api/cases/J1/lookup")]
    [InlineData("POST", "/api/lookups/0123456789abcdef0123456789abcdef/retry")]
    public async Task The_case_file_and_the_attached_look_up_are_for_client_work_only_not_IT_nor_anonymous(string method, string path)
    {
        using var ida = await As("ida"); // IT administrator: the configuration, never a person's case
        using var anonymous = Client();

        foreach (var (client, expected) in new[] { (ida, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = JsonContent.Create(new { text = "Ringt mormor, flickan sover där i natt." });
            }

            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.Redirect,
                $"{method} {path}: {(int)response.StatusCode}, väntat {(int)expected}");
            Assert.DoesNotContain("20100315", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Malformed_json_is_a_400_without_a_stack_trace()
    {
        using var anna = await As("anna");

        var response = await anna.PostAsync("/api/lookups", new StringContent("{bad json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_decide_who_may_look_up_follow_up_and_export_the_access_log()
    {
        using var anna = await As("anna");
        using var erik = await As("erik");
        using var ida = await As("ida");
        var body = new { identityNumber = "201107222380", emergencyReason = "Akut, rollprov" };

        Assert.Equal(HttpStatusCode.Forbidden, (await ida.PostAsJsonAsync("/api/lookups", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ida.PostAsJsonAsync("/api/contacts", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await erik.PostAsJsonAsync("/api/lookups", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync("/api/emergency-openings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ida.GetAsync("/api/emergency-openings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await erik.GetAsync("/api/emergency-openings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync("/api/access-log?municipality=0191&from=2026-01-01&to=2026-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ida.GetAsync("/api/access-log?municipality=0191&from=2026-01-01&to=2026-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ida.GetAsync("/Sok")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await erik.GetAsync("/Uppfoljning")).StatusCode);
    }

    [Fact]
    public async Task A_protected_persons_address_never_reaches_the_api_or_the_csv_export_and_opening_it_is_logged()
    {
        using var anna = await As("anna");
        using var ida = await As("ida");

        var response = await anna.PostAsJsonAsync("/api/lookups", new { identityNumber = "200604082388", emergencyReason = "Pojken hittad ute, okänd skyddsstatus" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Ängsvägen", text, StringComparison.Ordinal);
        Assert.True((await Json(response)).GetProperty("addressesHidden").GetBoolean());
        var lookupId = (await Json(response)).GetProperty("lookupId").GetString();

        var refused = await anna.PostAsJsonAsync($"/api/lookups/{lookupId}/reveal", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var opened = await anna.PostAsJsonAsync($"/api/lookups/{lookupId}/reveal", new { reason = "Hembesök beslutat av jourchef" });
        Assert.Contains("Ängsvägen", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var csv = await ida.GetAsync("/api/access-log?municipality=0125&from=2026-01-01&to=2030-12-31&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // so Excel reads å, ä, ö
        var rows = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Löpnummer;Tidpunkt;Typ", rows[0], StringComparison.Ordinal);
        var liamRows = rows.Where(r => r.Contains("20060408-2388", StringComparison.Ordinal)).ToList();
        Assert.Contains(liamRows, r => r.Contains(";Nödöppning;anna;Anna Berg;", StringComparison.Ordinal) && r.Contains("Pojken hittad ute", StringComparison.Ordinal));
        Assert.Contains(liamRows, r => r.Contains(";Skyddade uppgifter visade;anna;", StringComparison.Ordinal) && r.Contains("Hembesök beslutat av jourchef", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("Ängsvägen", StringComparison.Ordinal));

        var json = await ida.GetStringAsync("/api/access-log?municipality=0125&from=2026-01-01&to=2030-12-31");
        Assert.DoesNotContain("Ängsvägen", json, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await ida.GetAsync("/api/access-log?municipality=0125&from=2026-13-01&to=2026-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ida.GetAsync("/api/access-log?municipality=9999&from=2026-01-01&to=2026-12-31")).StatusCode);
    }

    [Fact]
    public async Task Verifying_the_logs_on_demand_reports_both_chains_intact()
    {
        using var ida = await As("ida");

        var response = await ida.PostAsync("/api/access-log/verify", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = (await Json(response)).EnumerateArray().ToList();
        Assert.Equal(["access", "audit"], checks.Select(c => c.GetProperty("chain").GetString()).Order());
        Assert.All(checks, c => Assert.True(c.GetProperty("intact").GetBoolean()));
    }

    [Fact]
    public async Task The_intake_api_registers_notices_commissions_and_timer_events_and_refuses_bad_input_with_the_field()
    {
        using var anna = await As("anna");
        using var ida = await As("ida");

        var notice = await anna.PostAsJsonAsync("/api/notices", new { municipalityCode = "0114", identityNumber = "19780614-2399", text = "Placerad enligt LVM, polishandräckning beslutad" });
        Assert.Equal(HttpStatusCode.Created, notice.StatusCode);
        var badNotice = await anna.PostAsJsonAsync("/api/notices", new { municipalityCode = "0114", identityNumber = "19780614-2390", text = "Text" });
        Assert.Equal("identityNumber", (await Json(badNotice)).GetProperty("field").GetString());

        var created = await anna.PostAsJsonAsync("/api/contacts", new
        {
            channel = "Police",
            duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
            persons = new object[] { new { identityNumber = "19780614-2399", municipalityCode = "0114", category = "SubstanceAbuse", triage = "Acute" } },
        });
        var c = (await Json(created)).GetProperty("cases")[0];
        Assert.Equal(1, c.GetProperty("unacknowledgedNotices").GetInt32());
        Assert.Equal("Acute", c.GetProperty("triage").GetString());
        var id = c.GetProperty("id").GetString();
        var noticeId = (await Json(await anna.GetAsync($"/api/cases/{id}/notices")))[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.PostAsJsonAsync($"/api/cases/{id}/close", new { reason = "Completed" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anna.PostAsync($"/api/cases/{id}/notices/{noticeId}/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anna.PostAsync($"/api/cases/{id}/callback", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.PostAsync($"/api/cases/{id}/on-site", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.PostAsync("/api/cases/J999999/callback", null)).StatusCode);

        var commission = await anna.PostAsJsonAsync("/api/commissions", new { municipalityCode = "0191", kind = "PhoneSupport", orderedBy = "Karin Ek", description = "Ring familjen" });
        var commissionId = (await Json(commission)).GetProperty("id").GetInt64();
        var done = await anna.PostAsJsonAsync($"/api/commissions/{commissionId}/done", new { minutesSpent = 20 });
        Assert.Equal(20, (await Json(done)).GetProperty("minutesSpent").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await ida.GetAsync("/api/commissions")).StatusCode);
        var check = await anna.PostAsJsonAsync("/api/identity-checks", new { identityNumber = "19780614-2390" });
        Assert.Equal(HttpStatusCode.BadRequest, check.StatusCode);
    }

    [Fact]
    public async Task The_assessment_api_checks_police_assistance_and_only_unit_managers_follow_up_deviations()
    {
        using var anna = await As("anna");
        using var erik = await As("erik");
        var created = await anna.PostAsJsonAsync("/api/contacts", new
        {
            channel = "Police",
            duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
            persons = new object[] { new { identityNumber = "20110722-2380", municipalityCode = "0123", category = "ChildrenAndYouth" } },
        });
        var id = (await Json(created)).GetProperty("cases")[0].GetProperty("id").GetString();
        var lookupId = (await Json(await anna.PostAsJsonAsync("/api/lookups", new { identityNumber = "20110722-2380", jourCaseId = id, purpose = "Handräckning" }))).GetProperty("lookupId").GetString();

        var stop = await anna.PostAsJsonAsync($"/api/cases/{id}/decisions", new { kind = "PoliceAssistanceLvu", description = "Hämtning", lookupId });
        Assert.Equal(HttpStatusCode.BadRequest, stop.StatusCode);
        Assert.StartsWith("STOPP: personen är placerad enligt SoL", (await Json(stop)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.PostAsJsonAsync($"/api/cases/{id}/close", new { reason = "Completed" })).StatusCode); // no protection assessment yet
        Assert.Equal(HttpStatusCode.Created, (await anna.PostAsJsonAsync($"/api/cases/{id}/protection-assessments", new { outcome = "NoImmediateNeed", reasoning = "Tillbaka i familjehemmet" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await anna.PostAsJsonAsync($"/api/cases/{id}/time", new { minutes = 40 })).StatusCode);
        var assessment = await Json(await anna.GetAsync($"/api/cases/{id}/assessment"));
        Assert.Equal(40, assessment.GetProperty("timeSpent")[0].GetProperty("minutes").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await anna.PostAsJsonAsync($"/api/cases/{id}/close", new { reason = "Completed" })).StatusCode);

        var deviation = await anna.PostAsJsonAsync("/api/deviations", new { category = "UnansweredSosCall", description = "SOS Alarm fick inget svar kl 02:10" });
        var deviationId = (await Json(deviation)).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync("/api/deviations")).StatusCode); // her own reports (DeviationVisibilityTests)
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.PostAsync($"/api/deviations/{deviationId}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await erik.PostAsJsonAsync($"/api/deviations/{deviationId}/follow-up", new { followUp = "Telefonkön felkopplad, rättad av IT" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await erik.PostAsync($"/api/deviations/{deviationId}/close", null)).StatusCode);
    }

    [Fact]
    public async Task The_morning_handover_lists_the_nights_cases_of_one_municipality_with_what_is_still_open()
    {
        using var anna = await As("anna");
        var created = await anna.PostAsJsonAsync("/api/contacts", new
        {
            channel = "SosAlarm",
            duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
            persons = new object[] { new { identityNumber = "19851130-2385", municipalityCode = "0184", category = "DomesticViolence" } },
        });
        var id = (await Json(created)).GetProperty("cases")[0].GetProperty("id").GetString();

        // The next handover that includes now: today before 08:00 on a working day, else the next working day.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        var day = DateOnly.FromDateTime(now.DateTime);
        if (SocialJour.Core.Calendar.SwedishCalendar.IsNonWorkingDay(day) || now.TimeOfDay >= TimeSpan.FromHours(8))
        {
            do
            {
                day = day.AddDays(1);
            }
            while (SocialJour.Core.Calendar.SwedishCalendar.IsNonWorkingDay(day));
        }

        var handover = await Json(await anna.GetAsync($"/api/handover?municipality=0184&date={day:yyyy-MM-dd}"));
        var entry = handover.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("case").GetProperty("id").GetString() == id);
        Assert.Contains("Ingen rapport skriven", entry.GetProperty("followUps").EnumerateArray().Select(f => f.GetString()));
        var other = await Json(await anna.GetAsync($"/api/handover?municipality=0191&date={day:yyyy-MM-dd}"));
        Assert.DoesNotContain(other.GetProperty("cases").EnumerateArray(), c => c.GetProperty("case").GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.GetAsync("/api/handover?municipality=0184&date=igår")).StatusCode);
    }
}
