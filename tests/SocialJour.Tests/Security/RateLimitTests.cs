using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SocialJour.Tests.Security;

/// <summary>
/// The per-address limits (ADR 0014) on a host process of their own with small limits, over real HTTP on loopback. Every
/// other test host runs without a practical limit, so that a fast machine cannot trip one; here each check uses a loopback
/// source address of its own (127.0.0.2, 127.0.0.3), so its count starts at zero whatever else reached the host, and it
/// sends only a handful of requests, which any machine does inside the one-minute window. Issue 23, 2j: a loopback client
/// rotating X-Forwarded-For is still one address (loopback is no trusted proxy unless configured), and expensive exports are
/// limited per user (a count per ten-minute window: the handful of requests here fit in it on any machine).
/// </summary>
public sealed class RateLimitTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const int LoginPerMinute = 5;
    private const int AnonymousPerMinute = 12;
    private const int ExportsPerUser = 3;

    [Fact]
    public async Task Login_attempts_and_anonymous_requests_from_one_client_address_are_limited_per_minute_and_other_addresses_are_not()
    {
        using var dir = new TempDir();
        var config = simulator.WriteDemoConfig(dir);
        var port = HostProcesses.FreePort();
        var log = new ConcurrentQueue<string>();
        using var host = HostProcesses.Start(port, new Dictionary<string, string>
        {
            ["SocialJour__ConfigurationPath"] = config,
            ["SocialJour__Database__DataDirectory"] = dir.File("data"),
            ["SocialJour__RateLimits__LoginPerMinute"] = LoginPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SocialJour__RateLimits__AnonymousPerMinute"] = AnonymousPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SocialJour__RateLimits__ExportsPerUser"] = ExportsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, log.Enqueue);
        try
        {
            // Waits for the host from 127.0.0.1: its own partition, not counted below.
            using (await HostProcesses.LoggedInClientAsync(port, "/health/live", TimeSpan.FromSeconds(90)))
            {
            }

            // Login attempts: the first LoginPerMinute are answered (400: no antiforgery token), the next is refused.
            using var guesser = ClientFrom(IPAddress.Parse("127.0.0.2"), port);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i <= LoginPerMinute; i++)
            {
                using var r = await guesser.PostAsync("/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "anna", ["Password"] = "gissning" }));
                statuses.Add(r.StatusCode);
                if (i == LoginPerMinute)
                {
                    Assert.Equal("För många försök på kort tid från din adress. Vänta en minut och försök igen.", await r.Content.ReadAsStringAsync());
                    Assert.True(r.Headers.RetryAfter is not null, "Retry-After saknas");
                }
            }

            Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(LoginPerMinute));
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

            // Requests without a login: AnonymousPerMinute are answered, the next is refused with a Swedish problem.
            using var scanner = ClientFrom(IPAddress.Parse("127.0.0.3"), port);
            for (var i = 0; i < AnonymousPerMinute; i++)
            {
                using var r = await scanner.GetAsync("/api/finns-inte");
                Assert.True(r.StatusCode != HttpStatusCode.TooManyRequests, $"429 redan vid förfrågan {i + 1}");
            }

            using var refused = await scanner.GetAsync("/api/finns-inte");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("För många förfrågningar", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // The limits are per address: a third address is answered.
            using var other = ClientFrom(IPAddress.Parse("127.0.0.4"), port);
            using var answered = await other.PostAsync("/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "anna" }));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, answered.StatusCode);

            // A local client naming another address in X-Forwarded-For each time is still one address: loopback is not a
            // trusted proxy unless SocialJour:ReverseProxy:KnownProxies lists it.
            using var rotating = ClientFrom(IPAddress.Parse("127.0.0.5"), port);
            for (var i = 0; i < AnonymousPerMinute; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/finns-inte");
                request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
                using var r = await rotating.SendAsync(request);
                Assert.True(r.StatusCode != HttpStatusCode.TooManyRequests, $"429 redan vid förfrågan {i + 1}");
            }

            using var disguised = new HttpRequestMessage(HttpMethod.Get, "/api/finns-inte");
            disguised.Headers.Add("X-Forwarded-For", "198.51.100.77");
            using var stillLimited = await rotating.SendAsync(disguised);
            Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode);

            // Expensive exports per user: ExportsPerUser statistics files, then a Swedish 429 with Retry-After.
            using var erik = await LoggedInFrom(IPAddress.Parse("127.0.0.6"), port, "erik");
            const string export = "/api/statistics/export.csv?from=2021-01-01&to=2021-12-10"; // a release period of the demo jour
            for (var i = 0; i < ExportsPerUser; i++)
            {
                using var r = await erik.GetAsync(export);
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }

            using var tooMany = await erik.GetAsync(export);
            Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
            Assert.Contains("För många exporter", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(tooMany.Headers.RetryAfter is not null, "Retry-After saknas");
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    /// <summary>A password login (demo users) from <paramref name="source"/>, keeping the session cookie.</summary>
    private static async Task<HttpClient> LoggedInFrom(IPAddress source, int port, string user)
    {
        var client = ClientFrom(source, port, new CookieContainer());
        var page = await client.GetStringAsync("/Login");
        using var login = await client.PostAsync("/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = HostClients.Password,
            ["__RequestVerificationToken"] = HostTests.TokenPattern().Match(page).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    /// <summary>A client whose connections leave from <paramref name="source"/> (any 127.0.0.0/8 address is loopback on Linux).</summary>
    private static HttpClient ClientFrom(IPAddress source, int port, CookieContainer? cookies = null) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
    };
}
