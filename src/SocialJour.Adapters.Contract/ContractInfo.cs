namespace SocialJour.Adapters.Contract;

/// <summary>The contract version plugins declare in their manifest. The host loads a plugin only when the major versions match.</summary>
public static class ContractInfo
{
    public const string Version = "1.2"; // 1.1: ISecretResolver.ResolveFile; 1.2: IPopulationRegister

    public static int Major => int.Parse(Version.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
}
