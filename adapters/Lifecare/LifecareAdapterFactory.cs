using System.Globalization;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Lifecare;

internal sealed class LifecareAdapterFactory : IJournalAdapterFactory
{
    public string AdapterName => "Lifecare";

    public IReadOnlyList<SettingProblem> ValidateSettings(AdapterSettings settings, ISecretResolver secrets)
    {
        var problems = new List<SettingProblem>();
        if (string.IsNullOrWhiteSpace(settings.Get("Domain")))
        {
            problems.Add(new("Domain", "saknas: Lifecare-domänen som kommunen fått av leverantören"));
        }

        if (settings.Get("Key") is not { Length: > 0 } key)
        {
            problems.Add(new("Key", "saknas: referens till API-nyckeln (env:NAMN eller file:sökväg)"));
        }
        else if (secrets.Check(key) is { } message)
        {
            problems.Add(new("Key", message));
        }

        if (settings.Get("PageSize") is { } pageSize &&
            (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 500))
        {
            problems.Add(new("PageSize", $"'{pageSize}' ska vara ett heltal 1–500"));
        }

        if (settings.BaseUrl is null)
        {
            problems.Add(new("BaseUrl", "saknas"));
        }

        return problems;
    }

    public IJournalAdapter Create(AdapterContext context)
    {
        var s = context.Settings;
        var key = context.Secrets.Resolve(s.Get("Key") ?? throw new InvalidOperationException("Key saknas"));
        var pageSize = s.Get("PageSize") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : 100;
        return new LifecareAdapter(s, s.Get("Domain")!, key, pageSize, context.LoggerFactory, context.TimeProvider);
    }
}
