using System.Text.Json.Nodes;

namespace SocialJour.Tests;

/// <summary>How to configure a municipality for each adapter against the simulator (tenant = the municipality's simulator name).</summary>
internal static class AdapterProfiles
{
    public static readonly string[] All = ["Lifecare", "Procapita", "Treserva", "Viva", "Combine"];

    public static readonly Dictionary<string, string> TenantOf = new(StringComparer.Ordinal)
    {
        ["0125"] = "ekero",
        ["0191"] = "sigtuna",
        ["0184"] = "solna",
        ["0183"] = "sundbyberg",
        ["0123"] = "jarfalla",
        ["0163"] = "sollentuna",
        ["0139"] = "upplandsbro",
        ["0114"] = "upplandsvasby",
    };

    /// <summary>The fault-injection profile name of an adapter in the simulator.</summary>
    public static string SimulatorProfile(string adapter) => adapter.ToLowerInvariant();

    /// <summary>Writes the demo configuration with <paramref name="code"/> moved to <paramref name="adapter"/>, and the secrets it needs.</summary>
    public static string ConfigWith(TempDir dir, SimulatorFixture simulator, string code, string adapter)
    {
        var path = DemoConfig.CopyTo(dir, simulator.BaseUrl, simulatorHttps: simulator.HttpsUrl);
        var tenant = TenantOf[code];
        var (settings, secretFile, secret) = adapter switch
        {
            "Lifecare" => (new JsonObject { ["Domain"] = tenant, ["Key"] = $"file:secrets/{tenant}-lifecare.key" }, $"{tenant}-lifecare.key", LifecareKey(tenant)),
            "Procapita" => (new JsonObject { ["ClientId"] = "socialjour-" + tenant, ["ClientSecret"] = $"file:secrets/{tenant}-procapita.secret" }, $"{tenant}-procapita.secret", $"demo-procapita-{tenant}-secret"),
            "Treserva" => (new JsonObject { ["UserName"] = "socialjour", ["Password"] = $"file:secrets/{tenant}-treserva.password" }, $"{tenant}-treserva.password", SocialJour.Simulator.TreservaProfile.Password(tenant)),
            "Viva" => (new JsonObject { ["ApiKey"] = $"file:secrets/{tenant}-viva.key" }, $"{tenant}-viva.key", SocialJour.Simulator.VivaProfile.Key(tenant)),
            "Combine" => (new JsonObject
            {
                ["ClientCertificate"] = $"file:secrets/{tenant}-combine.pfx",
                ["ClientCertificatePassword"] = $"file:secrets/{tenant}-combine.password",
                ["ServerCa"] = "file:secrets/combine-ca.pem",
            }, $"{tenant}-combine.password", $"demo-combine-{tenant}-certpass"),
            _ => throw new ArgumentOutOfRangeException(nameof(adapter)),
        };
        File.WriteAllText(Path.Combine(dir.Path, "secrets", secretFile), secret);
        if (adapter == "Combine")
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "certs", $"{tenant}-combine.pfx"), Path.Combine(dir.Path, "secrets", $"{tenant}-combine.pfx"), overwrite: true);
        }

        var root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var municipality = root["Municipalities"]!.AsArray().Single(m => m!["Code"]!.GetValue<string>() == code)!;
        municipality["JournalSystem"] = new JsonObject
        {
            ["Adapter"] = adapter,
            ["BaseUrl"] = $"{(adapter == "Combine" ? simulator.HttpsUrl : simulator.BaseUrl)}{SimulatorProfile(adapter)}/{tenant}/",
            ["CanaryPersonId"] = "19121212-1212",
            ["Settings"] = settings,
        };
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    private static string LifecareKey(string tenant) => SocialJour.Simulator.Tenants.Lifecare[tenant].Key;
}
