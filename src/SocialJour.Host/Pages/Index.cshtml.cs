using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Health;

namespace SocialJour.Host.Pages;

internal sealed class IndexModel(IMunicipalityRegistry registry, IAdapterHealthMonitor monitor, TimeProvider time) : PageModel
{
    public string JourName { get; private set; } = "";

    public JourMode Mode { get; private set; }

    public string Now { get; private set; } = "";

    public string ReportDeadline { get; private set; } = "";

    public int MemberCount { get; private set; }

    public int HealthySources { get; private set; }

    public void OnGet()
    {
        var config = registry.Current;
        var now = time.GetUtcNow();
        JourName = config.Jour.Name;
        Mode = config.Schedule.ModeAt(now);
        Now = Presentation.Local(now, config.Jour.TimeZone);
        ReportDeadline = Presentation.Local(config.Schedule.NextWeekdayAt0800(now), config.Jour.TimeZone);
        var members = config.MembersOn(Api.Endpoints.Today(registry, time));
        MemberCount = members.Count;
        HealthySources = members.Count(m => monitor.Latest(m.Code)?.Healthy == true);
    }
}
