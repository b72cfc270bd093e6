using Autofac;
using Microsoft.Extensions.Configuration;
using SocialJour.Core.Operations;
using SocialJour.Core.Persistence;
using SocialJour.Core.Sessions;
using SocialJour.Host.Security;

namespace SocialJour.Tests.Security;

/// <summary>
/// Issue 23, 2j: a session ends after <c>SocialJour:SignIn:IdleTimeoutMinutes</c> without use (sliding, in the database, on
/// the injected clock), and expensive exports are limited per user, by count in a sliding window and in flight. Both on a
/// clock the test sets: nothing here depends on the machine's speed.
/// </summary>
public sealed class SessionIdleAndExportLimitTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 22, 0, 0, TimeSpan.FromHours(1));
    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(T0);
    private readonly IContainer _core;

    public SessionIdleAndExportLimitTests()
    {
        _core = CoreHarness.Build(DemoConfig.CopyTo(_dir), new DatabaseOptions(DatabaseProvider.Sqlite, _dir.File("data"), null), time: _time,
            configure: b => b.RegisterInstance(new SessionIdleOptions(TimeSpan.FromMinutes(30))));
    }

    public void Dispose()
    {
        _core.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_session_unused_for_the_idle_timeout_ends_and_one_in_use_slides_until_the_shift_ends()
    {
        var sessions = _core.Resolve<ISessionStore>();
        var shiftEnd = T0 + TimeSpan.FromHours(12);
        var used = await sessions.StartAsync("anna", [1, 2, 3], shiftEnd);
        var idle = await sessions.StartAsync("erik", [4, 5, 6], shiftEnd);

        // Anna works on: every request within 30 minutes of the last keeps her session, well past 30 minutes from the login.
        foreach (var minutes in new[] { 20, 45, 70, 99 })
        {
            _time.Now = T0 + TimeSpan.FromMinutes(minutes);
            Assert.NotNull(await sessions.FindAsync(used));
        }

        // Erik left his screen at T0: 31 minutes later his session is gone, and stays gone.
        _time.Now = T0 + TimeSpan.FromMinutes(31);
        Assert.Null(await sessions.FindAsync(idle));

        // Anna's last use was at +99; at +130 (31 minutes later) hers has ended too.
        _time.Now = T0 + TimeSpan.FromMinutes(130);
        Assert.Null(await sessions.FindAsync(used));
    }

    [Fact]
    public async Task A_session_from_before_the_idle_timeout_gets_the_idle_deadline_at_its_next_use()
    {
        var before = new SessionStore(_core.Resolve<Func<SocialJour.Core.Persistence.CoreDbContext>>(), _time, new SessionIdleOptions(TimeSpan.FromHours(12)));
        var old = await before.StartAsync("ida", [7], T0 + TimeSpan.FromHours(12));
        var sessions = _core.Resolve<ISessionStore>();

        _time.Now = T0 + TimeSpan.FromMinutes(5);
        Assert.NotNull(await sessions.FindAsync(old));
        _time.Now = T0 + TimeSpan.FromMinutes(36);
        Assert.Null(await sessions.FindAsync(old));
    }

    [Fact]
    public void The_idle_timeout_is_read_from_the_sign_in_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocialJour:SignIn:IdleTimeoutMinutes"] = "0",
        }).Build();
        var refused = Assert.Throws<SignInConfigurationException>(() => SignInSettings.Read(configuration, _dir.Path));
        Assert.Contains(refused.Problems, p => p.Contains("IdleTimeoutMinutes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exports_are_limited_per_user_by_count_in_a_sliding_window_on_every_host_and_in_flight_per_host()
    {
        var options = new ExportLimitOptions(PerWindow: 3, Window: TimeSpan.FromMinutes(10), InFlight: 2);
        var limiter = new ExportLimiter(options, _core.Resolve<IExportStarts>());
        Task<(IDisposable? Lease, TimeSpan RetryAfter)> Start(ExportLimiter on, string user) => on.TryStartAsync(user, CancellationToken.None);

        // Two at a time on this host: the third waits until one is done.
        var (first, _) = await Start(limiter, "erik");
        var (second, _) = await Start(limiter, "erik");
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null((await Start(limiter, "erik")).Lease);
        Assert.NotNull((await Start(limiter, "klient:statistik")).Lease); // per user: a machine client has its own count
        first!.Dispose();
        second!.Dispose();

        // Three in ten minutes, counted in the database: the fourth is refused on another host too (or after a restart),
        // with the time until the oldest leaves the window.
        _time.Now = T0 + TimeSpan.FromMinutes(4);
        var (third, _) = await Start(limiter, "erik");
        third!.Dispose();
        using var other = CoreHarness.Build(DemoConfig.CopyTo(_dir), new DatabaseOptions(DatabaseProvider.Sqlite, _dir.File("data"), null), time: _time);
        var otherHost = new ExportLimiter(options, other.Resolve<IExportStarts>());
        var (refused, retry) = await Start(otherHost, "erik");
        Assert.Null(refused);
        Assert.Equal(TimeSpan.FromMinutes(6), retry);

        _time.Now = T0 + TimeSpan.FromMinutes(10);
        var (again, _) = await Start(otherHost, "erik");
        Assert.NotNull(again);
        again!.Dispose();
    }
}
