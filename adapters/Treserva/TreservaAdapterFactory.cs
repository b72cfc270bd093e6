using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Treserva;

internal sealed class TreservaAdapterFactory : IJournalAdapterFactory
{
    public string AdapterName => "Treserva";

    public IReadOnlyList<SettingProblem> ValidateSettings(AdapterSettings settings, ISecretResolver secrets)
    {
        var problems = new List<SettingProblem>();
        if (string.IsNullOrWhiteSpace(settings.Get("UserName")))
        {
            problems.Add(new("UserName", "saknas: Treserva-kontot som jouren fått av kommunen"));
        }

        if (settings.Get("Password") is not { Length: > 0 } password)
        {
            problems.Add(new("Password", "saknas: referens till lösenordet (env:NAMN eller file:sökväg)"));
        }
        else if (secrets.Check(password) is { } message)
        {
            problems.Add(new("Password", message));
        }

        return problems;
    }

    public IJournalAdapter Create(AdapterContext context)
    {
        var s = context.Settings;
        var password = context.Secrets.Resolve(s.Get("Password") ?? throw new InvalidOperationException("Password saknas"));
        return new TreservaAdapter(s, s.Get("UserName")!, password, context.LoggerFactory, context.TimeProvider);
    }
}
