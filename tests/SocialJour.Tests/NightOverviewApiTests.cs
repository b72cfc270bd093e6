using System.Net;
using System.Net.Http.Json;

namespace SocialJour.Tests;

/// <summary>The night overview (nattöversikt) through the API: a new child case with its deadlines, for client work only.</summary>
public sealed partial class HostTests
{
    [Fact]
    public async Task The_night_overview_shows_a_new_child_case_to_social_workers_and_unit_managers_and_nothing_to_it()
    {
        using var anna = await As("anna");
        using var erik = await As("erik");
        using var ida = await As("ida");
        var created = await anna.PostAsJsonAsync("/api/contacts", new
        {
            channel = "Police",
            duplicateReason = "Testerna delar värd och personer",
            persons = new[] { new { name = "Nattöversiktsbarnet", approximateAge = 9, municipalityCode = "0191", category = "ChildrenAndYouth" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = (await Json(created)).GetProperty("cases")[0].GetProperty("id").GetString();

        var overview = await Json(await anna.GetAsync("/api/night-overview"));
        var items = overview.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count, overview.GetProperty("count").GetInt32());
        var ofCase = items.Where(i => i.TryGetProperty("caseId", out var id) && id.GetString() == caseId).ToList();
        Assert.Contains(ofCase, i => i.GetProperty("kind").GetString() == "ProtectionAssessment" && i.GetProperty("what").GetString() == "Skyddsbedömning saknas");
        Assert.Contains(ofCase, i => i.GetProperty("kind").GetString() == "Callback" && i.GetProperty("what").GetString()!.StartsWith("Återuppringning senast ", StringComparison.Ordinal)
            && i.GetProperty("when").GetString()!.StartsWith("Senast ", StringComparison.Ordinal));
        Assert.Contains(ofCase, i => i.GetProperty("kind").GetString() == "Report" && i.GetProperty("href").GetString() == $"/Arenden/Arende/{caseId}");

        Assert.Equal(HttpStatusCode.OK, (await erik.GetAsync("/api/night-overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ida.GetAsync("/api/night-overview")).StatusCode);
        var start = await ida.GetStringAsync("/");
        Assert.DoesNotContain("Nattöversikt", start, StringComparison.Ordinal);
        Assert.Contains("Nattöversikt", await anna.GetStringAsync("/"), StringComparison.Ordinal);
    }
}
