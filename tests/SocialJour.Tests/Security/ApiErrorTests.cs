using System.Net;
using System.Net.Http.Json;

namespace SocialJour.Tests.Security;

/// <summary>
/// Every error under /api is problem+json with a Swedish title and never a stack trace; dates outside the accepted
/// window are a 400 naming the field; a time written without an offset is the jour's local time.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ApiErrorTests(HostFixture host)
{
    [Fact]
    public async Task An_unexpected_error_under_api_is_a_Swedish_problem_not_the_html_error_page_even_for_a_browser()
    {
        using var client = HostClients.Anonymous(host);
        var request = new HttpRequestMessage(HttpMethod.Get, HostFixture.UnexpectedErrorPath);
        request.Headers.Add("Accept", "text/html,application/xhtml+xml");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("Internt fel", (await HostClients.Json(response)).GetProperty("title").GetString());
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain("19851130", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/handover?municipality=0191&date=0001-01-01", "date")]
    [InlineData("/api/handover?municipality=0191&date=9999-12-31", "date")]
    [InlineData("/api/access-log?municipality=0191&from=0001-01-01&to=0001-01-02", null)]
    [InlineData("/api/access-log?municipality=0191&from=9999-12-30&to=9999-12-31", null)]
    [InlineData("/api/calendar/report-deadline?at=9999-12-31T23:59:59%2B00:00", "at")]
    [InlineData("/api/calendar/report-deadline?at=0001-01-01T00:00:00", "at")]
    [InlineData("/api/municipalities?date=9999-12-31", "date")]
    public async Task Extreme_dates_are_a_400_saying_which_dates_are_accepted(string url, string? field)
    {
        using var erik = await HostClients.LoggedIn(host, "erik");

        var response = await erik.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await HostClients.Json(response);
        Assert.Contains("2000-01-01", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Theory]
    [InlineData("/Overlamning?kommun=0191&datum=0001-01-01")]
    [InlineData("/Atkomstlogg?kommun=0191&fran=0001-01-01&till=0001-01-02")]
    [InlineData("/Atkomstlogg?kommun=0191&fran=9999-12-30&till=9999-12-31")]
    public async Task The_pages_answer_extreme_dates_with_the_accepted_window_not_an_error_page(string url)
    {
        using var erik = await HostClients.LoggedIn(host, "erik");

        var response = await erik.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("mellan 2000-01-01 och 2100-12-31", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_the_framework_writes_itself_have_Swedish_titles_too()
    {
        using var anonymous = HostClients.Anonymous(host);
        using var anna = await HostClients.LoggedIn(host, "anna");

        var cases = new (HttpResponseMessage Response, int Status, string Title)[]
        {
            (await anonymous.GetAsync("/api/cases"), 401, "Inte inloggad"),
            (await anna.GetAsync("/api/access-log?municipality=0191"), 403, "Åtkomst nekad"),
            (await anna.GetAsync("/api/finns-inte"), 404, "Finns inte"),
            (await anna.GetAsync("/api/lookups"), 405, "Metoden stöds inte här"),
        };

        Assert.All(cases, c =>
        {
            Assert.Equal(c.Status, (int)c.Response.StatusCode);
            Assert.Equal("application/problem+json", c.Response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(c.Title, HostClients.Json(c.Response).GetAwaiter().GetResult().GetProperty("title").GetString());
        });
    }

    [Fact]
    public async Task A_time_without_an_offset_is_the_jours_local_time_not_the_servers()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");

        var deviation = await anna.PostAsJsonAsync("/api/deviations", new { category = "Technical", description = "Telefonin låg nere", occurredAt = "2026-03-10T02:10:00" });
        var deadline = await anna.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/calendar/report-deadline?at=2026-07-01T20:00:00");

        Assert.Equal(HttpStatusCode.Created, deviation.StatusCode);
        var occurred = (await HostClients.Json(deviation)).GetProperty("occurredAt").GetDateTimeOffset();
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 1, 10, 0, TimeSpan.Zero), occurred.ToUniversalTime()); // 02:10 in Stockholm (winter, +01:00)
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 18, 0, 0, TimeSpan.Zero), deadline.GetProperty("at").GetDateTimeOffset().ToUniversalTime()); // summer, +02:00
    }

    [Fact]
    public async Task A_body_date_outside_the_window_is_a_400_naming_the_field()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");

        var response = await anna.PostAsJsonAsync("/api/deviations", new { category = "Technical", description = "Telefonin låg nere", occurredAt = "0001-01-01T00:00:00" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await HostClients.Json(response);
        Assert.Equal("occurredAt", problem.GetProperty("field").GetString());
        Assert.Contains("2000-01-01", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"category\":\"Technical\",\"description\":\"Telefonin låg nere\",\"occurredAt\":}", null)]
    [InlineData("{\"category\":\"Technical\",\"description\":12,\"occurredAt\":\"2026-03-10T02:10:00\"}", "description")]
    [InlineData("{\"category\":\"Tekniskt\",\"description\":\"Telefonin låg nere\"}", "category")]
    [InlineData("{\"category\":\"Technical\",\"description\":\"Telefonin låg nere\"", null)]
    public async Task A_body_the_parser_refuses_is_a_Swedish_400_without_the_parsers_english_text(string body, string? field)
    {
        using var anna = await HostClients.LoggedIn(host, "anna");

        using var response = await anna.PostAsync("/api/deviations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await HostClients.Json(response);
        var detail = problem.GetProperty("detail").GetString()!;
        foreach (var english in new[] { "JSON value", "Path:", "LineNumber", "BytePosition", "invalid", "System.", "could not", "expected" })
        {
            Assert.DoesNotContain(english, detail, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("kunde inte läsas", detail, StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.Contains($"'{field}'", detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_body_with_a_key_twice_is_refused_not_read_as_its_last_value()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        const string body = "{\"category\":\"Technical\",\"description\":\"Telefonin låg nere\",\"description\":\"Något helt annat än det som syntes\"}";

        using var response = await anna.PostAsync("/api/deviations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await HostClients.Json(response);
        Assert.Contains("mer än en gång", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Något helt annat", await anna.GetStringAsync("/api/deviations"), StringComparison.Ordinal);
    }
}
