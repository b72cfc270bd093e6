using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SocialJour.Core.Lookup;

namespace SocialJour.Tests.Security;

/// <summary>
/// Threat model, free text (issue 23, 2i): every text that is stored or sent (assessment notes, decisions, the report to the
/// home municipality, deviations and follow-ups, reasons in intake and billing) follows one rule (<see cref="FreeText"/>): a 2 MB
/// report, control and bidi characters, blank fillers and <c>aaaaaaaaaa</c> as a reason are refused with a Swedish 400
/// naming the field, and nothing is stored; a normal Swedish text with line breaks and a tab is accepted.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class FreeTextAttackTests(HostFixture host)
{
    private const string Child = "20100315-2384";

    private const string Swedish = "Mamman ringde kl 02.10 och berättade om bråket i lägenheten.\r\nJouren åkte ut; barnen sov hos mormor i Märsta.\n\tUppföljning: ring socialsekreteraren på måndag.";

    /// <summary>Refused in every text: 2 MB, a bidi override, NUL, an escape sequence, fillers that render blank.</summary>
    public static readonly string[] Refused =
    [
        string.Concat(Enumerable.Repeat("Barnet är tryggt hos mormor. ", 2 * 1024 * 1024 / 29 + 1)),
        "Barnet är tryggt hos mormor \u202Eromrom soh tggyrt\u202C enligt polisen",
        "Barnet är tryggt hos mormor\0 enligt polisen på plats",
        "Barnet är tryggt hos mormor \u001B[2J\u001B[31m enligt polisen",
        "\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164",
        "\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800",
        "Barnet\u200B är\u200D tryggt\u2066 hos mormor\u2069 enligt polisen",
    ];

    public static TheoryData<string> Endpoints() =>
    [
        "report", "action-note", "time-note", "decision-text", "decided-by", "protection-reasoning", "deviation", "deviation-follow-up",
        "related-party-reason", "move-reason", "billing-reason",
    ];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Attack_oversized_control_bidi_and_blank_texts_are_refused_with_a_swedish_400_naming_the_field_and_nothing_is_stored(string endpoint)
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        using var erik = await HostClients.LoggedIn(host, "erik");
        var target = await TargetAsync(endpoint, anna, erik);

        foreach (var text in target.MustBeWords ? [.. Refused, "aaaaaaaaaa", "aaaa bbbb cccc"] : Refused)
        {
            using var response = await target.Send(target.Client, text);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await HostClients.Json(response);
            Assert.Equal(target.Field, problem.GetProperty("field").GetString());
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.True(detail.Length < 400, detail);
            Assert.DoesNotContain("\u202E", detail, StringComparison.Ordinal);
            Assert.Matches("[åäöÅÄÖ]|tecken|texten|ord", detail);
        }

        Assert.Equal(0, await target.Stored());

        var good = target.SingleLine ? Good : Swedish;
        using var accepted = await target.Send(target.Client, good);
        Assert.True(accepted.IsSuccessStatusCode, $"{endpoint}: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        Assert.Equal(1, await target.Stored());
    }

    [Fact]
    public async Task Attack_a_2_MB_report_is_refused_and_never_reaches_the_municipalitys_e_service()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var caseId = await CaseAsync(anna, "0123");
        var before = (await host.Simulator.NonGetRequestsAsync()).Count(r => r.Contains("eservice/jarfalla", StringComparison.Ordinal));

        using var huge = await anna.PostAsJsonAsync($"/api/cases/{caseId}/reports", new { text = Refused[0] });

        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains($"högst {FreeText.MaxReportLength} tecken", (await HostClients.Json(huge)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await HostClients.Json(await anna.GetAsync($"/api/cases/{caseId}/reports"))).EnumerateArray());
        Assert.Equal(before, (await host.Simulator.NonGetRequestsAsync()).Count(r => r.Contains("eservice/jarfalla", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Report", "text", "Barnet är tryggt hos mormor \u202Eromrom soh tggyrt\u202C enligt polisen", "U+202E")]
    [InlineData("Municipality", "reason", "aaaaaaaaaa", "skriv med ord")]
    [InlineData("Assess", "reasoning", "\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164", "U+3164")]
    public async Task Attack_the_case_pages_forms_refuse_the_same_texts_and_show_why_beside_the_field(string handler, string field, string text, string why)
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var caseId = await CaseAsync(anna, "0123");
        var page = await anna.GetStringAsync($"/Arenden/Arende/{caseId}");
        var form = new Dictionary<string, string>
        {
            [field] = text,
            ["outcome"] = "NoImmediateNeed",
            ["municipalityCode"] = "0191",
            ["__RequestVerificationToken"] = HostTests.TokenPattern().Match(page).Groups[1].Value,
        };

        using var response = await anna.PostAsync($"/Arenden/Arende/{caseId}?handler={handler}", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the page again, with the refusal; nothing stored
        var html = await response.Content.ReadAsStringAsync();
        var beside = System.Text.RegularExpressions.Regex.Match(html, $"data-testid=\"field-error-{handler}-{field}\">([^<]*)<");
        Assert.True(beside.Success, $"no error beside {handler}.{field}");
        Assert.Contains(why, System.Net.WebUtility.HtmlDecode(beside.Groups[1].Value), StringComparison.Ordinal);
        Assert.Equal("0123", (await HostClients.Json(await anna.GetAsync($"/api/cases/{caseId}"))).GetProperty("municipalityCode").GetString());
        Assert.Empty((await HostClients.Json(await anna.GetAsync($"/api/cases/{caseId}/reports"))).EnumerateArray());
    }

    /// <summary>A good one-line text (for the decision-maker: stands for a name on the municipality's list, which the send puts in its place).</summary>
    private const string Good = "Åsa Öberg, nämndens ordförande";

    private sealed record Target(HttpClient Client, string Field, bool MustBeWords, bool SingleLine, Func<HttpClient, string, Task<HttpResponseMessage>> Send, Func<Task<int>> Stored);

    private async Task<Target> TargetAsync(string endpoint, HttpClient anna, HttpClient erik)
    {
        var caseId = await CaseAsync(anna, "0123");
        Task<int> Count(string path, Func<JsonElement, int> count, HttpClient? reader = null) => (reader ?? anna).GetAsync(path).ContinueWith(async r => count(await HostClients.Json(await r)), TaskScheduler.Default).Unwrap();
        Task<int> Assessment(string list) => Count($"/api/cases/{caseId}/assessment", a => a.GetProperty(list).GetArrayLength());
        switch (endpoint)
        {
            case "report":
                return new(anna, "text", true, false, (c, t) => c.PostAsJsonAsync($"/api/cases/{caseId}/reports", new { text = t }),
                    () => Count($"/api/cases/{caseId}/reports", r => r.GetArrayLength()));
            case "action-note":
                return new(anna, "note", false, false, (c, t) => c.PostAsJsonAsync($"/api/cases/{caseId}/actions", new { kind = "SupportTalk", note = t }), () => Assessment("actions"));
            case "time-note":
                return new(anna, "note", false, false, (c, t) => c.PostAsJsonAsync($"/api/cases/{caseId}/time", new { minutes = 15, note = t }),
                    () => Count($"/api/cases/{caseId}/assessment", a => a.GetProperty("timeSpent").EnumerateArray().Sum(e => e.GetProperty("minutes").GetInt32()) / 15));
            case "decision-text":
                return new(anna, "description", false, false, (c, t) => c.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { kind = "SoL", grants = "FinancialAid", description = t }), () => Assessment("decisions"));
            case "decided-by":
                return new(anna, "decidedBy", false, true,
                    (c, t) => c.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { kind = "LvuEmergencyCareOrder", description = "Omedelbart omhändertagande enligt 6 § LVU", decidedBy = t == Good ? "Karin Ek" : t, decisionMakerReachedAt = DateTimeOffset.UtcNow.AddMinutes(-5) }),
                    () => Assessment("decisions"));
            case "protection-reasoning":
                return new(anna, "reasoning", true, false, (c, t) => c.PostAsJsonAsync($"/api/cases/{caseId}/protection-assessments", new { outcome = "NoImmediateNeed", reasoning = t }),
                    () => Assessment("protectionAssessments"));
            case "deviation":
                return new(anna, "description", true, false, (c, t) => c.PostAsJsonAsync("/api/deviations", new { category = "Technical", description = t, caseId }),
                    () => Count("/api/deviations", d => d.EnumerateArray().Count(e => e.GetProperty("caseId").GetString() == caseId)));
            case "deviation-follow-up":
                var created = await anna.PostAsJsonAsync("/api/deviations", new { category = "Technical", description = "Telefonin låg nere i tio minuter", caseId });
                var id = (await HostClients.Json(created)).GetProperty("id").GetInt64();
                return new(erik, "followUp", true, false, (c, t) => c.PostAsJsonAsync($"/api/deviations/{id}/follow-up", new { followUp = t }),
                    () => Count("/api/deviations?all=true", d => d.EnumerateArray().Count(e => e.GetProperty("caseId").GetString() == caseId && e.GetProperty("followUp").ValueKind == JsonValueKind.String), erik));
            case "related-party-reason":
                return new(anna, "reason", true, false, (c, t) => c.PostAsJsonAsync($"/api/cases/{caseId}/related-parties", new { identityNumber = "19851130-2385", role = "Parent", reason = t }),
                    () => Count($"/api/cases/{caseId}/persons", p => p.GetArrayLength() - 1));
            case "move-reason":
                return new(anna, "reason", true, false, (c, t) => c.PostAsJsonAsync($"/api/cases/{caseId}/municipality", new { municipalityCode = "0191", reason = t }),
                    () => Count($"/api/cases/{caseId}", c => c.GetProperty("municipalityCode").GetString() == "0191" ? 1 : 0));
            case "billing-reason":
                var year = 2031;
                Assert.Equal(HttpStatusCode.OK, (await erik.PutAsJsonAsync($"/api/billing/{year}/costs/budget", new { amount = 9_500_000m })).StatusCode);
                return new(erik, "reason", true, false, (c, t) => c.PutAsJsonAsync($"/api/billing/{year}/costs/budget", new { amount = 9_600_000m, reason = t }),
                    () => Count($"/api/billing/{year}", b => b.GetProperty("costs").GetArrayLength() - 1, erik));
            default:
                throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null);
        }
    }

    private static async Task<string> CaseAsync(HttpClient client, string municipality)
    {
        var created = await client.PostAsJsonAsync("/api/contacts", new
        {
            channel = "Police",
            duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
            persons = new object[] { new { identityNumber = Child, municipalityCode = municipality, category = "ChildrenAndYouth" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await HostClients.Json(created)).GetProperty("cases")[0].GetProperty("id").GetString()!;
    }
}
