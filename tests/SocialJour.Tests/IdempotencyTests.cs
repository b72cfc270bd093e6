using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core.Persistence;
using SocialJour.Tests.Security;

namespace SocialJour.Tests;

/// <summary>
/// Idempotency-Key on the API's POSTs and the pages' forms (issue 25 §5, ADR 0035), on the shared host (real SQLite): a repeat
/// with the same key writes nothing new and gets the first answer again, marked replayed; concurrent repeats write once; the
/// same key for another request is 422, a bad key 400, another user's key is not theirs; a key whose answer was lost is 409.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class IdempotencyTests(HostFixture host)
{
    private const string Municipality = "0123";

    [Fact]
    public async Task A_contact_sent_twice_with_the_same_key_is_registered_once_and_the_second_answer_is_the_first_replayed()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var name = Unique("Idem");
        var key = Guid.NewGuid().ToString();

        using var first = await Post(anna, "/api/contacts", Contact(name), key);
        using var second = await Post(anna, "/api/contacts", Contact(name), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Content.Headers.ContentType?.MediaType, second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await CasesNamed(anna, name));
    }

    [Fact]
    public async Task Time_an_action_and_a_decision_sent_twice_with_their_keys_are_recorded_once_each()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var caseId = await CaseAsync(anna, Unique("Idem-bedömning"));
        var timeKey = Guid.NewGuid().ToString();
        var actionKey = Guid.NewGuid().ToString();
        var decisionKey = Guid.NewGuid().ToString();

        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var time = await Post(anna, $"/api/cases/{caseId}/time", new { minutes = 15, note = "Samtal med mamman" }, timeKey);
            using var action = await Post(anna, $"/api/cases/{caseId}/actions", new { kind = "SupportTalk", note = "Stödsamtal" }, actionKey);
            using var decision = await Post(anna, $"/api/cases/{caseId}/decisions", new { kind = "SoL", grants = "FinancialAid", description = "Matpengar för natten" }, decisionKey);
            Assert.True(time.IsSuccessStatusCode, await time.Content.ReadAsStringAsync());
            Assert.True(action.IsSuccessStatusCode, await action.Content.ReadAsStringAsync());
            Assert.True(decision.IsSuccessStatusCode, await decision.Content.ReadAsStringAsync());
        }

        var assessment = await HostClients.Json(await anna.GetAsync($"/api/cases/{caseId}/assessment"));
        Assert.Equal(1, assessment.GetProperty("timeSpent").GetArrayLength());
        Assert.Equal(1, assessment.GetProperty("actions").GetArrayLength());
        Assert.Equal(1, assessment.GetProperty("decisions").GetArrayLength());
    }

    [Fact]
    public async Task Five_concurrent_contacts_with_one_key_register_one_contact_and_all_get_its_answer()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var name = Unique("Idem-samtidigt");
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
        {
            using var response = await Post(anna, "/api/contacts", Contact(name), key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })));

        Assert.Equal(1, await CasesNamed(anna, name));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("contactId").GetInt64()).Distinct());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422_and_registers_nothing()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var name = Unique("Idem-annan");
        var key = Guid.NewGuid().ToString();
        using var first = await Post(anna, "/api/contacts", Contact(name), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var other = await Post(anna, "/api/contacts", Contact(name + "x"), key);
        using var otherPath = await Post(anna, "/api/notices", new { municipalityCode = Municipality }, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("ny nyckel", (await HostClients.Json(other)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherPath.StatusCode);
        Assert.Equal(0, await CasesNamed(anna, name + "x"));
    }

    [Theory]
    [InlineData("nyckel-ä")]
    [InlineData("long")]
    public async Task A_key_that_is_not_ASCII_or_too_long_is_refused_with_400_naming_the_header(string kind)
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var name = Unique("Idem-ogiltig");
        var key = kind == "long" ? new string('k', 101) : kind;

        using var response = await Post(anna, "/api/contacts", Contact(name), key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await HostClients.Json(response);
        Assert.Equal("Idempotency-Key", problem.GetProperty("field").GetString());
        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CasesNamed(anna, name));
    }

    [Fact]
    public async Task Another_users_key_is_not_theirs_they_get_their_own_contact_not_the_first_answer()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        using var erik = await HostClients.LoggedIn(host, "erik");
        var name = Unique("Idem-användare");
        var key = Guid.NewGuid().ToString();

        using var annas = await Post(anna, "/api/contacts", Contact(name), key);
        using var eriks = await Post(erik, "/api/contacts", Contact(name), key);

        Assert.Equal(HttpStatusCode.Created, annas.StatusCode);
        Assert.Equal(HttpStatusCode.Created, eriks.StatusCode);
        Assert.False(eriks.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual((await HostClients.Json(annas)).GetProperty("contactId").GetInt64(), (await HostClients.Json(eriks)).GetProperty("contactId").GetInt64());
        Assert.Equal(2, await CasesNamed(anna, name));
    }

    [Fact]
    public async Task A_repeat_whose_first_answer_was_lost_after_the_commit_is_409_in_Swedish_and_registers_nothing_more()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var name = Unique("Idem-förlorat");
        var key = Guid.NewGuid().ToString();
        using var first = await Post(anna, "/api/contacts", Contact(name), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        // What a host killed between the commit and storing its answer leaves: the key, committed with the write, without an answer.
        await IntakeSql("UPDATE idempotent_requests SET status_code = NULL, body = NULL, content_type = NULL, location = NULL, created_at = created_at - 60000 WHERE principal = 'anna' AND key = $key", key);

        using var repeat = await Post(anna, "/api/contacts", Contact(name), key);

        Assert.Equal(HttpStatusCode.Conflict, repeat.StatusCode);
        Assert.Equal("Begäran är redan utförd, men svaret gick förlorat. Kontrollera ärendet innan du registrerar igen.",
            (await HostClients.Json(repeat)).GetProperty("detail").GetString());
        Assert.Equal(1, await CasesNamed(anna, name));
    }

    [Fact]
    public async Task Keys_older_than_a_day_are_purged_and_a_retry_after_that_is_a_new_request()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var (name, other) = (Unique("Idem-gammal"), Unique("Idem-ny"));
        var (oldKey, newKey) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        using (var old = await Post(anna, "/api/contacts", Contact(name), oldKey))
        using (var fresh = await Post(anna, "/api/contacts", Contact(other), newKey))
        {
            Assert.Equal(HttpStatusCode.Created, old.StatusCode);
            Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        }

        await IntakeSql("UPDATE idempotent_requests SET created_at = created_at - 25 * 3600 * 1000 WHERE principal = 'anna' AND key = $key", oldKey);
        var stores = host.Factory.Services.GetRequiredService<IEnumerable<IIdempotencyStore>>().ToList();
        Assert.Contains(stores, s => s.Module == "intake");
        Assert.Contains(stores, s => s.Module == "assessment");
        foreach (var store in stores)
        {
            await store.PurgeAsync(DateTimeOffset.UtcNow - TimeSpan.FromHours(24), CancellationToken.None);
        }

        using var afterPurge = await Post(anna, "/api/contacts", Contact(name), oldKey);
        using var stillKept = await Post(anna, "/api/contacts", Contact(other), newKey);

        Assert.False(afterPurge.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await CasesNamed(anna, name));
        Assert.Equal("true", Assert.Single(stillKept.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(1, await CasesNamed(anna, other));
    }

    [Fact]
    public async Task A_post_without_a_key_behaves_as_before_each_one_registers()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var name = Unique("Idem-utan");

        using var first = await anna.PostAsJsonAsync("/api/contacts", Contact(name));
        using var second = await anna.PostAsJsonAsync("/api/contacts", Contact(name));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, await CasesNamed(anna, name));
    }

    [Fact]
    public async Task The_contact_form_sent_twice_with_its_hidden_key_registers_one_contact_and_the_repeat_goes_where_the_first_went()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var name = Unique("Idem-formulär");
        var page = await anna.GetStringAsync("/Arenden/Ny");
        var form = page[page.IndexOf("data-testid=\"contact-form\"", StringComparison.Ordinal)..];
        var key = KeyPattern().Match(form).Groups[1].Value;
        Assert.Matches("^[0-9a-f]{32}$", key);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HostTests.TokenPattern().Match(form).Groups[1].Value,
            ["__IdempotencyKey"] = key,
            ["Channel"] = "Police",
            ["Situation"] = "Formulärtest",
            ["Persons[0].Name"] = name,
            ["Persons[0].ApproximateAge"] = "9",
            ["Persons[0].MunicipalityCode"] = Municipality,
            ["Persons[0].Category"] = "ChildrenAndYouth",
        };

        using var first = await anna.PostAsync("/Arenden/Ny", new FormUrlEncodedContent(fields));
        using var second = await anna.PostAsync("/Arenden/Ny", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(1, await CasesNamed(anna, name));
        // Every post form of the page carries its own key, new each time the page is drawn.
        Assert.NotEqual(key, KeyPattern().Match(await anna.GetStringAsync("/Arenden/Ny")).Groups[1].Value);
    }

    internal static object Contact(string name) => new
    {
        channel = "Police",
        situation = "Idempotenstest",
        duplicateReason = "Testet skickar samma påhittade person flera gånger", // the person has a current case after the first
        persons = new object[] { new { name, approximateAge = 9, municipalityCode = Municipality, category = "ChildrenAndYouth" } },
    };

    internal static async Task<HttpResponseMessage> Post(HttpClient client, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    internal static async Task<int> CasesNamed(HttpClient client, string name)
    {
        var found = await HostClients.Json(await client.GetAsync($"/api/cases/search?q={Uri.EscapeDataString(name)}"));
        return found.GetProperty("cases").EnumerateArray().Count();
    }

    /// <summary>A name no other test uses (letters only: a person's name).</summary>
    internal static string Unique(string prefix) => prefix + new string(Random.Shared.GetItems("abcdefghijklmnopqrstuvwxyz".AsSpan(), 10));

    private static async Task<string> CaseAsync(HttpClient client, string name)
    {
        using var created = await client.PostAsJsonAsync("/api/contacts", Contact(name));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await HostClients.Json(created)).GetProperty("cases")[0].GetProperty("id").GetString()!;
    }

    /// <summary>One statement on the shared host's intake.db (SQLite) about one key; exactly one row must change.</summary>
    private async Task IntakeSql(string sql, string key)
    {
        var data = host.Factory.Services.GetRequiredService<DatabaseOptions>().DataDirectory;
        await using var db = new SqliteConnection($"Data Source={Path.Combine(data, "intake.db")};Pooling=false");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$key", key);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    [GeneratedRegex("name=\"__IdempotencyKey\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex KeyPattern();
}
