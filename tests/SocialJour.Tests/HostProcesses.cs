using System.Net;
using System.Net.Sockets;

namespace SocialJour.Tests;

/// <summary>What the tests that start the host as a separate process share: a free loopback port, and a client logged in as anna.</summary>
internal static class HostProcesses
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits (up to <paramref name="wait"/>, unless null) until <paramref name="healthPath"/> answers, then logs in as anna with
    /// the demo password (the host must run with SocialJour:SignIn:DevelopmentPasswords) and returns the client with its cookie.
    /// </summary>
    public static async Task<HttpClient> LoggedInClientAsync(int port, string healthPath = "/health", TimeSpan? wait = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        };
        if (wait is { } limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (true)
            {
                try
                {
                    if ((await client.GetAsync(healthPath)).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                }

                await Task.Delay(100);
            }
        }

        var page = await client.GetStringAsync("/Login");
        var token = HostTests.TokenPattern().Match(page).Groups[1].Value;
        using var login = await client.PostAsync("/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "anna",
            ["Password"] = "jour2026",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }
}
