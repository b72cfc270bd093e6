using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SocialJour.Tests;

/// <summary>
/// One host for all host tests (every class in the <see cref="HostCollection"/>): Quartz keeps its logger in a static,
/// so a second host in the same process would log through the first one's disposed logger factory.
/// </summary>
public sealed class HostFixture : IAsyncLifetime
{
    /// <summary>A path under /api where the host throws an unexpected exception (added for the tests only).</summary>
    public const string UnexpectedErrorPath = "/api/test/unexpected-error";

    /// <summary>
    /// Per client address and minute. The suite's clients share one (unknown) address and log in as fast as the machine
    /// allows, so the shared host has no practical limit: a limit here would fail the suite on a fast machine. The limits
    /// themselves are proved by <see cref="Security.RateLimitTests"/> on a host of their own.
    /// </summary>
    public const int LoginPerMinute = 1_000_000;

    /// <summary>Requests without a login per client address and minute (no practical limit, see <see cref="LoginPerMinute"/>).</summary>
    public const int AnonymousPerMinute = 1_000_000;

    /// <summary>Users of the security tests, besides anna, erik and ida (password jour2026), so that a lockout or a role change hits no other test.</summary>
    public static readonly string[] TestUsers = ["lotta", "tim", "tim2", "tim3", "rolf", "rut", "sara"];

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
            b.UseSetting("SocialJour:Transparency:PublicationDirectory", _dir.File("published"));
            b.UseSetting("SocialJour:RateLimits:LoginPerMinute", LoginPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // The suite logs in with passwords (development users); the simulator's dev identity provider issues real tokens (ADR 0027).
            b.UseSetting("SocialJour:SignIn:DevelopmentPasswords", "true");
            b.UseSetting("SocialJour:Intake:RegisterCheckWaitSeconds", "30"); // the register's answer in the registration's answer, however busy the machine
            b.UseSetting("SocialJour:SignIn:Authority", Simulator.BaseUrl.ToString());
            b.UseSetting("SocialJour:RateLimits:AnonymousPerMinute", AnonymousPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("SocialJour:RateLimits:ExportsPerUser", "1000000");
            b.UseSetting("SocialJour:RateLimits:ExportsInFlightPerUser", "1000");
            // CrossOriginTests play a TLS-terminating proxy on the same machine: loopback is trusted only because it is listed.
            b.UseSetting("SocialJour:ReverseProxy:KnownProxies:0", "127.0.0.1");
            foreach (var (user, i) in TestUsers.Select((u, i) => (u, i + 3)))
            {
                b.UseSetting($"SocialJour:Users:{i}:UserName", user);
                b.UseSetting($"SocialJour:Users:{i}:DisplayName", user);
                b.UseSetting($"SocialJour:Users:{i}:Role", "SocialWorker");
                b.UseSetting($"SocialJour:Users:{i}:PasswordHash", "pbkdf2-sha256$100000$WhfA/+5aF8D/7loXwP/uAQ==$+56oPUT7O5dPdwE7bzGLrQfpFguym3H1eatTYM7xUd0=");
            }

            // Runs inside the host's pipeline (after its exception handler): an unexpected error on an /api path.
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new UnexpectedErrorFilter()));
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

/// <summary>The host's test classes share one <see cref="HostFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "Host";
}

internal sealed class UnexpectedErrorFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Use((HttpContext ctx, RequestDelegate nextMiddleware) => ctx.Request.Path == HostFixture.UnexpectedErrorPath
            ? throw new InvalidOperationException("Testfel med hemlighet 19851130-2385")
            : nextMiddleware(ctx));
    };
}

/// <summary>The host as a user meets it: login, roles, pages and the API, on a temp database and the simulator.</summary>
[Collection(HostCollection.Name)]
public sealed partial class HostTests(HostFixture host)
{
    private HttpClient Client() => host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    internal static async Task<HttpResponseMessage> LogIn(HttpClient client, string user, string password)
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
    internal static partial Regex TokenPattern();

    [Fact]
    public async Task The_undelivered_reports_check_runs_at_07_30_in_the_jours_time_zone_not_the_chain_verifications()
    {
        var scheduler = await host.Factory.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();

        var ofJob = await scheduler.QueryTriggers(new Quartz.TriggerQuery { Job = new Quartz.JobKey("undelivered-reports") });
        var trigger = Assert.IsAssignableFrom<Quartz.ICronTrigger>(await scheduler.GetTrigger(Assert.Single(ofJob.Items).Key));

        Assert.Equal(("0 30 7 ? * MON-FRI", "Europe/Stockholm"), (trigger.CronExpressionString, trigger.TimeZone.Id));
    }

    [Fact]
    public async Task Pages_require_login()
    {
        using var client = Client();

        var response = await client.GetAsync("/Kommuner");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("/api/calendar/1900")]
    [InlineData("/api/calendar/1952")]
    public async Task Calendar_years_before_the_holiday_law_it_implements_get_a_problem_naming_the_supported_years(string url)
    {
        using var client = Client();
        await LogIn(client, "anna", "jour2026");

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("1953–2200", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_deadline_asked_for_an_instant_outside_the_date_window_gets_a_problem_naming_the_field()
    {
        using var client = Client();
        await LogIn(client, "anna", "jour2026");

        using var response = await client.GetAsync("/api/calendar/report-deadline?at=1900-12-23T20:00:00%2B01:00");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("at", System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_calendar_of_2004_has_Whit_Monday_and_not_National_Day()
    {
        using var client = Client();
        await LogIn(client, "anna", "jour2026");

        var days = await client.GetFromJsonAsync<JsonElement>("/api/calendar/2004");

        var names = days.EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
        Assert.Contains("Annandag pingst", names);
        Assert.DoesNotContain("Sveriges nationaldag", names);
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
    public async Task Health_is_served_without_login_but_OpenAPI_only_with_one()
    {
        using var client = Client();

        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/openapi/v1.json")).StatusCode);

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.False(health.TryGetProperty("applicationVersion", out _)); // the details are for signed-in staff
        Assert.Equal(HttpStatusCode.Redirect, (await LogIn(client, "anna", Security.HostClients.Password)).StatusCode);
        var openapi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/municipalities", out _));
    }
}
