using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Viva;

internal sealed class VivaAdapterFactory : IJournalAdapterFactory
{
    public string AdapterName => "Viva";

    public IReadOnlyList<SettingProblem> ValidateSettings(AdapterSettings settings, ISecretResolver secrets)
    {
        var problems = new List<SettingProblem>();
        if (settings.Get("ApiKey") is not { Length: > 0 } key)
        {
            problems.Add(new("ApiKey", "saknas: referens till API-nyckeln (env:NAMN eller file:sökväg)"));
        }
        else if (secrets.Check(key) is { } message)
        {
            problems.Add(new("ApiKey", message));
        }

        return problems;
    }

    public IJournalAdapter Create(AdapterContext context)
    {
        var key = context.Secrets.Resolve(context.Settings.Get("ApiKey") ?? throw new InvalidOperationException("ApiKey saknas"));
        return new VivaAdapter(context.Settings, key, context.LoggerFactory, context.TimeProvider);
    }
}
