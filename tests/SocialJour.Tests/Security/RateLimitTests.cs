using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SocialJour.Tests.Security;

/// <summary>
/// The per-address limits (ADR 0014) on a host process of their own with small limits, over real HTTP on loopback. Every
/// other test host runs without a practical limit, so that a fast machine cannot trip one; here each check uses a loopback
/// source address of its own (127.0.0.2, 127.0.0.3), so its count starts at zero whatever else reached the host, and it
/// sends only a handful of requests, which any machine does inside the one-minute window.
/// </summary>
public sealed class RateLimitTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const int LoginPerMinute = 5;
    private const int AnonymousPerMinute = 12;

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
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    /// <summary>A client whose connections leave from <paramref name="source"/> (any 127.0.0.0/8 address is loopback on Linux).</summary>
    private static HttpClient ClientFrom(IPAddress source, int port) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
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
