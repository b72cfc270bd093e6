using System.Net;
using System.Net.Http.Json;

namespace SocialJour.Tests.Security;

/// <summary>
/// A colleague sees what their role allows, the same on the page as in the API: the unit manager's follow-up notes of
/// deviations are the unit manager's; a social worker sees the deviations they reported, open or closed.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class DeviationVisibilityTests(HostFixture host)
{
    [Fact]
    public async Task A_social_worker_sees_neither_follow_up_notes_nor_others_reports_on_the_page_or_in_the_api()
    {
        using var sara = await HostClients.LoggedIn(host, "sara");
        using var anna = await HostClients.LoggedIn(host, "anna");
        using var erik = await HostClients.LoggedIn(host, "erik");
        var marker = Guid.NewGuid().ToString("N")[..8];
        var own = await Report(sara, $"Saras avvikelse {marker}");
        var others = await Report(anna, $"Annas avvikelse {marker}");
        var note = $"Samtal med medarbetaren, personalärende {marker}";
        Assert.Equal(HttpStatusCode.OK, (await erik.PostAsJsonAsync($"/api/deviations/{own}/follow-up", new { followUp = note })).StatusCode);

        var page = await sara.GetStringAsync("/Avvikelser");
        var api = await sara.GetAsync("/api/deviations?all=true");

        Assert.Contains($"Saras avvikelse {marker}", page, StringComparison.Ordinal);
        Assert.DoesNotContain(note, page, StringComparison.Ordinal);
        Assert.DoesNotContain($"Annas avvikelse {marker}", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        var list = (await HostClients.Json(api)).EnumerateArray().ToList();
        Assert.Contains(list, d => d.GetProperty("id").GetInt64() == own && d.GetProperty("followUp").ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.DoesNotContain(list, d => d.GetProperty("id").GetInt64() == others);
        Assert.All(list, d => Assert.Equal("sara", d.GetProperty("reportedBy").GetString()));

        // The unit manager sees both, with the note, in both places.
        Assert.Contains(note, await erik.GetStringAsync("/Avvikelser"), StringComparison.Ordinal);
        Assert.Contains(note, await erik.GetStringAsync("/api/deviations?all=true"), StringComparison.Ordinal);
        Assert.Contains($"Annas avvikelse {marker}", await erik.GetStringAsync("/api/deviations?all=true"), StringComparison.Ordinal);
    }

    private static async Task<long> Report(HttpClient client, string description)
    {
        var response = await client.PostAsJsonAsync("/api/deviations", new { category = "Technical", description });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await HostClients.Json(response)).GetProperty("id").GetInt64();
    }
}
