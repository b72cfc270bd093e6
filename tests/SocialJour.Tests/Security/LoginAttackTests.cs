using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core.Audit;

namespace SocialJour.Tests.Security;

/// <summary>
/// An anonymous network client at the login page: it must not guess passwords at speed, tell which user names exist,
/// or fill the audit log.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class LoginAttackTests(HostFixture host, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Thirty_wrong_passwords_lock_the_name_so_that_the_right_password_then_is_refused_too()
    {
        using var attacker = HostClients.Anonymous(host);
        for (var i = 0; i < 30; i++)
        {
            await HostTests.LogIn(attacker, "lotta", $"gissning{i}");
        }

        var right = await HostTests.LogIn(attacker, "lotta", HostClients.Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // the login page again, not the redirect of a login
        Assert.Contains("För många misslyckade inloggningar", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync("/api/cases")).StatusCode);
    }

    [Fact]
    public async Task A_name_that_does_not_exist_fails_as_slowly_as_a_real_name_with_a_wrong_password()
    {
        using var client = HostClients.Anonymous(host);
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            // Three real names, four wrong passwords each: none reaches the lockout, which takes another path.
            known.Add(await TimedFailure(client, new[] { "tim", "tim2", "tim3" }[i % 3]));
            unknown.Add(await TimedFailure(client, $"finns-inte-{Guid.NewGuid():N}"));
        }

        // The fastest of each: the work a failure always costs, without the noise of a busy machine (another test's load
        // only ever adds time, so a median can drift either way while the minimum stays what the code does).
        var ratio = unknown.Min() / known.Min();
        output.WriteLine($"failed login, fastest and median: unknown name {unknown.Min():F1}/{Median(unknown):F1} ms, known name {known.Min():F1}/{Median(known):F1} ms");

        // Before: about 5 ms against 30 ms (a ratio of 0.2): the password hash ran only for existing names.
        Assert.True(ratio is > 0.5 and < 2.0, $"okänt namn {unknown.Min():F1} ms (median {Median(unknown):F1}), känt namn {known.Min():F1} ms (median {Median(known):F1})");
    }

    [Fact]
    public async Task A_failed_login_writes_at_most_64_visible_characters_of_the_typed_name_to_the_audit_log()
    {
        using var client = HostClients.Anonymous(host);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var name = "x" + marker + "\r\n2026-01-01 admin login\u202E\u0007" + new string('A', 20_000);

        var response = await HostTests.LogIn(client, name, "fel");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var audit = host.Factory.Services.GetRequiredService<IAuditLog>();
        var recent = await audit.RecentAsync(50);
        var entry = recent.SingleOrDefault(e => e.Actor.StartsWith("x" + marker, StringComparison.Ordinal));
        Assert.True(entry is not null, string.Join(" | ", recent.Take(5).Select(e => $"{e.Action} {e.Actor[..Math.Min(80, e.Actor.Length)]}")));
        Assert.Equal("login-failed", entry.Action);
        Assert.True(entry.Actor.Length <= 64, $"{entry.Actor.Length} tecken");
        Assert.DoesNotContain(entry.Actor, c => char.IsControl(c) || c == '\u202E');
    }

    private static async Task<double> TimedFailure(HttpClient client, string user)
    {
        var page = await client.GetStringAsync("/Login");
        var token = HostTests.TokenPattern().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = "fel-lösenord",
            ["__RequestVerificationToken"] = token,
        });
        var watch = Stopwatch.StartNew();
        var response = await client.PostAsync("/Login", form);
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
