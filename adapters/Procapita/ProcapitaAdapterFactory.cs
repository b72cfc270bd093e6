using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Procapita;

internal sealed class ProcapitaAdapterFactory : IJournalAdapterFactory
{
    public string AdapterName => "Procapita";

    public IReadOnlyList<SettingProblem> ValidateSettings(AdapterSettings settings, ISecretResolver secrets)
    {
        var problems = new List<SettingProblem>();
        if (string.IsNullOrWhiteSpace(settings.Get("ClientId")))
        {
            problems.Add(new("ClientId", "saknas: OAuth2-klientens id som kommunen fått av leverantören"));
        }

        if (settings.Get("ClientSecret") is not { Length: > 0 } secret)
        {
            problems.Add(new("ClientSecret", "saknas: referens till klienthemligheten (env:NAMN eller file:sökväg)"));
        }
        else if (secrets.Check(secret) is { } message)
        {
            problems.Add(new("ClientSecret", message));
        }

        return problems;
    }

    public IJournalAdapter Create(AdapterContext context)
    {
        var s = context.Settings;
        var secret = context.Secrets.Resolve(s.Get("ClientSecret") ?? throw new InvalidOperationException("ClientSecret saknas"));
        return new ProcapitaAdapter(s, s.Get("ClientId")!, secret, context.LoggerFactory, context.TimeProvider);
    }
}
