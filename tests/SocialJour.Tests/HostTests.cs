using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SocialJour.Tests;

/// <summary>
/// One host for all host tests: Quartz keeps its logger in a static, so a second host in the same
/// process would log through the first one's disposed logger factory.
/// </summary>
public sealed class HostFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public SimulatorFixture Simulator { get; } = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Simulator.InitializeAsync();
        var config = Simulator.WriteDemoConfig(_dir);
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("SocialJour:ConfigurationPath", config);
            b.UseSetting("SocialJour:Database:DataDirectory", _dir.File("data"));
            b.UseSetting("SocialJour:PluginsDirectory", TestPaths.Plugins);
            b.UseSetting("SocialJour:AdapterChecks:IntervalSeconds", "3600");
            b.UseSetting("SocialJour:ChainVerification:TimeZone", "UTC"); // not the jour's zone: the 07:30 job must not use it
        });
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Simulator.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>The host as a user meets it: login, roles, pages and the API, on a temp database and the simulator.</summary>
public sealed partial class HostTests(HostFixture host) : IClassFixture<HostFixture>
{
    private HttpClient Client() => host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> LogIn(HttpClient client, string user, string password)
    {
        var page = await client.GetStringAsync("/Login");
        var token = TokenPattern().Match(page).Groups[1].Value;
        return await client.PostAsync("/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [Fact]
    public async Task The_undelivered_reports_check_runs_at_07_30_in_the_jours_time_zone_not_the_chain_verifications()
    {
        var scheduler = await host.Factory.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();

        var trigger = Assert.IsAssignableFrom<Quartz.ICronTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(new Quartz.JobKey("undelivered-reports"))));

        Assert.Equal(("0 30 7 ? * MON-FRI", "Europe/Stockholm"), (trigger.CronExpressionString, trigger.TimeZone.Id));
    }

    [Fact]
    public async Task Pages_require_login()
    {
        using var client = Client();

        var response = await client.GetAsync("/Kommuner");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_without_login_answers_401_not_a_redirect()
    {
        using var client = Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/municipalities")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_shows_a_Swedish_error_and_no_session()
    {
        using var client = Client();

        var response = await LogIn(client, "anna", "fel");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Fel användarnamn eller lösenord.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/municipalities")).StatusCode);
    }

    [Fact]
    public async Task A_social_worker_sees_the_municipalities_page_in_Swedish()
    {
        using var client = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await LogIn(client, "anna", "jour2026")).StatusCode);

        var html = await client.GetStringAsync("/Kommuner");

        Assert.Contains("Medlemskommuner och journalsystem", html, StringComparison.Ordinal);
        Assert.Contains("Upplands Väsby", html, StringComparison.Ordinal);
        Assert.All(new[] { "Lifecare", "Procapita", "Treserva", "Combine", "Viva" }, system => Assert.Contains(system, html, StringComparison.Ordinal));
        Assert.DoesNotContain("inte installerad", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Kontrollera nu", html, StringComparison.Ordinal); // IT only
    }

    [Fact]
    public async Task Only_IT_administrators_may_check_a_journal_system_now()
    {
        using var worker = Client();
        await LogIn(worker, "anna", "jour2026");
        using var it = Client();
        await LogIn(it, "ida", "jour2026");

        var denied = await worker.PostAsync("/api/municipalities/0191/check", null);
        var allowed = await it.PostAsync("/api/municipalities/0191/check", null);

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var body = await allowed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Found", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Api_lists_membership_on_a_date_and_rejects_a_bad_date_with_a_problem()
    {
        using var client = Client();
        await LogIn(client, "erik", "jour2026");

        var list = await client.GetFromJsonAsync<JsonElement>("/api/municipalities?date=2010-01-01");
        var bad = await client.GetAsync("/api/municipalities?date=2026-02-30");

        Assert.Equal(8, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), m => Assert.False(m.GetProperty("memberOnDate").GetBoolean()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("ÅÅÅÅ-MM-DD", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_deadline_endpoint_answers_for_a_chosen_instant()
    {
        using var client = Client();
        await LogIn(client, "anna", "jour2026");

        var body = await client.GetFromJsonAsync<JsonElement>("/api/calendar/report-deadline?at=2026-12-23T20:00:00%2B01:00");

        Assert.Equal(new DateTimeOffset(2026, 12, 28, 8, 0, 0, TimeSpan.FromHours(1)), body.GetProperty("reportDueBy").GetDateTimeOffset());
        Assert.Equal("Open", body.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Health_and_OpenAPI_are_served_without_login()
    {
        using var client = Client();

        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        var openapi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/municipalities", out _));
    }
}
