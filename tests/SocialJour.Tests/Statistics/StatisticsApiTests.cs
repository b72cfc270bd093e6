using System.Net;
using Autofac;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics.Feed;
using SocialJour.Tests.Security;
using static SocialJour.Tests.Statistics.StatisticsTestBed;

namespace SocialJour.Tests.Statistics;

/// <summary>
/// The statistics API and page through the real host: only the unit manager reads them, a browser on another origin cannot,
/// bad input is a 400 naming the field (an unknown municipality, chart or format a 404), the exports are suppressed files
/// with their names, and the page shows the figures, the charts and the links. The facts are 2016's, applied through the
/// projection with fixed message ids (a repeated delivery counts once), so the figures are known whatever else the host holds.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class StatisticsApiTests(HostFixture host)
{
    private const string Year2016 = "from=2016-01-01&to=2016-12-31&compare=0";

    /// <summary>The demo jour's release period of 2016 (Statistics.ReleaseYearEnd "12-10"): what leaves the jour is for it only.</summary>
    private const string Release2016 = "from=2016-01-01&to=2016-12-10&compare=0";

    [Fact]
    public async Task Only_the_unit_manager_reads_the_report_and_enums_are_strings()
    {
        await SeedAsync();
        using var erik = await HostClients.LoggedIn(host, "erik");
        using var anna = await HostClients.LoggedIn(host, "anna");

        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync($"/api/statistics?{Year2016}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync($"/api/statistics/export.xlsx?{Year2016}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anna.GetAsync("/Statistik")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await HostClients.Anonymous(host).GetAsync($"/api/statistics?{Year2016}")).StatusCode);

        var response = await erik.GetAsync($"/api/statistics?{Year2016}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await HostClients.Json(response);
        Assert.Equal("2016", report.GetProperty("period").GetProperty("label").GetString());
        var sigtuna = report.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("key").GetString() == "by-municipality")
            .GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "0191");
        Assert.Equal("7", sigtuna.GetProperty("cells")[1].GetProperty("display").GetString());
        Assert.Equal("Count", sigtuna.GetProperty("cells")[1].GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("http://evil.example", null)]
    [InlineData(null, "cross-site")]
    [InlineData(null, "same-site")]
    public async Task A_browser_on_another_origin_cannot_read_the_figures(string? origin, string? fetchSite)
    {
        using var erik = await HostClients.LoggedIn(host, "erik");

        foreach (var path in new[] { $"/api/statistics?{Year2016}", $"/api/statistics/export.csv?{Year2016}", $"/api/statistics/charts/jour-mode.svg?{Year2016}" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            if (fetchSite is not null)
            {
                request.Headers.Add("Sec-Fetch-Site", fetchSite);
            }

            var response = await erik.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var own = new HttpRequestMessage(HttpMethod.Get, $"/api/statistics?{Year2016}");
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await erik.SendAsync(own)).StatusCode);
    }

    [Theory]
    [InlineData("/api/statistics?to=2016-12-31", 400, "from")]
    [InlineData("/api/statistics?from=2016-01-01", 400, "to")]
    [InlineData("/api/statistics?from=2016-02-30&to=2016-12-31", 400, "from")]
    [InlineData("/api/statistics?from=2016-01-01&to=31/12/2016", 400, "to")]
    [InlineData("/api/statistics?from=2016-12-31&to=2016-01-01", 400, "to")]
    [InlineData("/api/statistics?from=2015-01-01&to=2016-12-31", 400, "to")]
    [InlineData("/api/statistics?from=2016-01-01&to=2016-12-31&compare=9", 400, "compare")]
    [InlineData("/api/statistics?from=2016-01-01&to=2016-12-31&suppress=kanske", 400, "suppress")]
    [InlineData("/api/statistics?from=2016-01-01&to=2016-12-31&municipality=0180", 404, "municipality")]
    [InlineData("/api/statistics/export.pdf?from=2016-01-01&to=2016-12-31&municipality=12", 400, "municipality")]
    [InlineData("/api/statistics/export.docx?from=2016-01-01&to=2016-12-31", 404, "format")]
    [InlineData("/api/statistics/charts/finns-inte.svg?from=2016-01-01&to=2016-12-31", 404, "key")]
    public async Task Bad_input_is_refused_naming_the_field(string path, int status, string field)
    {
        using var erik = await HostClients.LoggedIn(host, "erik");

        var response = await erik.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await HostClients.Json(response);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.DoesNotContain("Exception", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unit_manager_gets_an_internal_unsuppressed_file_marked_internal_and_nobody_else_does()
    {
        await SeedAsync();
        using var erik = await HostClients.LoggedIn(host, "erik");

        var file = await erik.GetAsync("/api/statistics/internal-export.csv?from=2021-01-01&to=2021-12-09");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Contains("internt", file.Content.Headers.ContentDisposition!.FileNameStar ?? file.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var text = await file.Content.ReadAsStringAsync();
        Assert.Contains("INTERNT – små tal visas, lämnas inte ut", text, StringComparison.Ordinal);
        Assert.Contains("Små tal visas (inte dolda)", text, StringComparison.Ordinal);

        // A municipality's view, a social worker and a machine client with the statistics scope get no internal file.
        Assert.Equal(HttpStatusCode.Forbidden, (await erik.GetAsync("/api/statistics/internal-export.csv?from=2021-01-01&to=2021-12-31&municipality=0191")).StatusCode);
        using var anna = await HostClients.LoggedIn(host, "anna");
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync("/api/statistics/internal-export.csv?from=2021-01-01&to=2021-12-31")).StatusCode);
        using var idp = new HttpClient();
        using var token = await idp.PostAsync(new Uri(host.Simulator.BaseUrl, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "statistik", ["client_secret"] = "demo-statistik-secret", ["scope"] = "socialjour.statistics",
        }));
        using var machine = HostClients.Anonymous(host, cookies: false);
        machine.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (await HostClients.Json(token)).GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.GetAsync("/api/statistics/internal-export.csv?from=2021-01-01&to=2021-12-31")).StatusCode);
    }

    [Fact]
    public async Task Attack_two_suppressed_exports_a_day_apart_cannot_be_differenced_only_ended_release_periods_leave_the_jour()
    {
        await SeedAsync();
        using var erik = await HostClients.LoggedIn(host, "erik");

        // The attack of issue 23 (2e): 1 January–10 December and 1 January–9 December, subtracted, gave 10 December's cases.
        Assert.Equal(HttpStatusCode.OK, (await erik.GetAsync("/api/statistics/export.csv?from=2021-01-01&to=2021-12-10")).StatusCode);
        foreach (var path in new[]
        {
            "/api/statistics/export.csv?from=2021-01-01&to=2021-12-09",
            "/api/statistics/export.csv?from=2021-01-02&to=2021-12-10",
            "/api/statistics/export.xlsx?from=2021-12-01&to=2021-12-31",
            "/api/statistics?from=2021-01-01&to=2021-12-09&municipality=0183", // a municipality view leaves the jour too
            "/api/statistics?from=2021-01-01&to=2021-12-09&suppress=true",
        })
        {
            var refused = await erik.GetAsync(path);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, path);
            Assert.Equal("from", (await HostClients.Json(refused)).GetProperty("field").GetString());
        }

        // A period that has not ended grows day by day: two downloads a day apart would difference just the same.
        var year = DateTime.UtcNow.Year + 1;
        var open = await erik.GetAsync($"/api/statistics/export.csv?from={year}-01-01&to={year}-12-10");
        Assert.Equal(HttpStatusCode.BadRequest, open.StatusCode);
        Assert.Equal("to", (await HostClients.Json(open)).GetProperty("field").GetString());

        // Inside the jour, the unit manager still reads any period exactly.
        Assert.Equal(HttpStatusCode.OK, (await erik.GetAsync("/api/statistics?from=2021-01-01&to=2021-12-09")).StatusCode);
    }

    [Fact]
    public async Task The_exports_are_suppressed_files_with_their_names_and_the_chart_is_svg()
    {
        await SeedAsync();
        using var erik = await HostClients.LoggedIn(host, "erik");

        var xlsx = await erik.GetAsync($"/api/statistics/export.xlsx?{Release2016}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("socialjouren-statistik-2016-01-01--2016-12-10.xlsx", xlsx.Content.Headers.ContentDisposition?.FileNameStar ?? xlsx.Content.Headers.ContentDisposition?.FileName);
        using (var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()))
        {
            var rows = stream.Query(useHeaderRow: true, sheetName: "Per kommun").Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(7d, rows.Single(r => (string?)r["Kommun"] == "Sigtuna")["Ärenden"]);
            Assert.Equal("<5", rows.Single(r => (string?)r["Kommun"] == "Solna")["Ärenden"]); // 2 cases: suppressed in what leaves the jour
        }

        var csv = await erik.GetAsync($"/api/statistics/export.csv?{Release2016}&municipality=0191");
        Assert.Equal("socialjouren-statistik-2016-01-01--2016-12-10-0191.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, (await csv.Content.ReadAsByteArrayAsync())[..3]);

        var pdf = await erik.GetAsync($"/api/statistics/export.pdf?{Release2016}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]), StringComparison.Ordinal);

        var chart = await erik.GetAsync($"/api/statistics/charts/cases-by-municipality.svg?{Year2016}");
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Sigtuna", StatisticsDocumentTests.Texts(await chart.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_page_shows_the_key_figures_the_charts_beside_their_tables_and_the_download_links()
    {
        await SeedAsync();
        using var erik = await HostClients.LoggedIn(host, "erik");

        var html = await erik.GetStringAsync($"/Statistik?{Year2016}");

        Assert.Contains("Socialjouren statistik totalt 2016", html, StringComparison.Ordinal);
        Assert.Contains("<caption>Nyckeltal</caption>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("<caption>Nyckeltal</caption>", StringComparison.Ordinal) < html.IndexOf("<caption>Kontakter, ärenden och timmar per kommun</caption>", StringComparison.Ordinal));
        Assert.Contains("<figure role=\"img\" aria-label=\"Ärenden per kommun.", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        // Not a release period (the demo jour's ends on 10 December): no download, and the page says why.
        Assert.DoesNotContain("/api/statistics/export.xlsx", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"downloads-refused\"", html, StringComparison.Ordinal);
        var release = await erik.GetStringAsync($"/Statistik?{Release2016}");
        Assert.Contains($"href=\"/api/statistics/export.xlsx?{Release2016.Replace("&", "&amp;", StringComparison.Ordinal)}\"", release, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Sigtuna</th>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-statistics\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Statistik?from=2016-13-01&to=2016-12-31", "from-error", "är inget datum på formen ÅÅÅÅ-MM-DD")]
    [InlineData("/Statistik?from=2016-12-31&to=2016-01-01", "to-error", "ligger före startdatum")]
    [InlineData("/Statistik?from=2015-01-01&to=2016-12-31", "to-error", "högst 366 dagar")]
    [InlineData("/Statistik?quick=dec10&year=tjugo", "year-error", "är inget år")]
    public async Task A_bad_period_is_named_beside_its_field_without_an_error_page(string url, string errorId, string message)
    {
        using var erik = await HostClients.LoggedIn(host, "erik");

        var response = await erik.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Matches($"id=\"{errorId}\"[^>]*>[^<]*{System.Text.RegularExpressions.Regex.Escape(message)}", html);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"statistics-report\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_quick_choice_picks_1_january_to_10_december()
    {
        using var erik = await HostClients.LoggedIn(host, "erik");

        var html = await erik.GetStringAsync("/Statistik?quick=dec10&year=2016&compare=0");

        Assert.Contains("Socialjouren statistik totalt 2016-01-01 – 2016-12-10", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2016-12-10\"", html, StringComparison.Ordinal);
    }

    /// <summary>2016: seven SOS cases in Sigtuna (one contact with three persons) and two cases in Solna.</summary>
    private async Task SeedAsync()
    {
        IIntegrationEvent[] events =
        [
            .. Contact(916001, ContactChannel.SosAlarm, Local(2016, 3, 5, 22), "Standby", ("0191", CaseCategory.DomesticViolence, false), ("0191", CaseCategory.ChildrenAndYouth, true), ("0191", CaseCategory.ChildrenAndYouth, true)),
            .. Contact(916002, ContactChannel.SosAlarm, Local(2016, 4, 5, 22), "Standby", ("0191", CaseCategory.SubstanceAbuse, false)),
            .. Contact(916003, ContactChannel.SosAlarm, Local(2016, 5, 5, 22), "Standby", ("0191", CaseCategory.SubstanceAbuse, false)),
            .. Contact(916004, ContactChannel.SosAlarm, Local(2016, 6, 5, 22), "Standby", ("0191", CaseCategory.Other, false)),
            .. Contact(916005, ContactChannel.SosAlarm, Local(2016, 7, 5, 22), "Standby", ("0191", CaseCategory.Other, false)),
            .. Contact(916006, ContactChannel.Police, Local(2016, 8, 5, 18), "Open", ("0184", CaseCategory.Other, false), ("0184", CaseCategory.ChildrenAndYouth, true)),
        ];
        var items = events.Select((e, i) => new FeedItem($"statistics-api-test-{i}", e)).ToList();
        var scope = host.Factory.Services.GetRequiredService<ILifetimeScope>();
        await scope.Resolve<StatisticsProjection>().ApplyAsync(items, CancellationToken.None);
    }
}
