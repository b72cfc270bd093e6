using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Adapters.Contract;

namespace SocialJour.Tests;

/// <summary>
/// IT's screens (issue 24 §8) through the product: the host on the simulator with injected faults, real HTTP.
/// "Kontrollera nu" is bounded, failing systems come first with what to do, the start page names them, and social
/// workers see a plain sentence instead of the detail. Each test clears its faults and checks again, so the shared host is left answering.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class MunicipalityStatusTests(HostFixture host)
{
    private HttpClient Client() => host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<HttpClient> LoggedIn(string user)
    {
        var client = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await HostTests.LogIn(client, user, "jour2026")).StatusCode);
        return client;
    }

    private static async Task<JsonElement> Check(HttpClient it, string code)
    {
        var response = await it.PostAsync($"/api/municipalities/{code}/check", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<JsonElement>> Rows(HttpClient it) =>
        (await it.GetFromJsonAsync<JsonElement>("/api/municipalities/status")).GetProperty("rows").EnumerateArray().ToList();

    private async Task Restore(HttpClient it, params string[] codes)
    {
        await host.Simulator.ClearFaultsAsync();
        foreach (var code in codes)
        {
            Assert.Equal("Found", (await Check(it, code)).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task A_hanging_system_is_reported_within_the_bound_first_in_the_list_named_on_the_start_page_and_in_plain_words_to_social_workers()
    {
        using var it = await LoggedIn("ida");
        using var worker = await LoggedIn("anna");
        await host.Simulator.SetFaultAsync("jarfalla", new { Hang = true });
        try
        {
            // The check does not wait for the hanging system: the monitor's bound (10 s) ends it with a clear result.
            var result = await Check(it, "0123");
            Assert.Equal(("TimedOut", "Svarade inte inom 10 s"), (result.GetProperty("status").GetString(), result.GetProperty("error").GetString()));

            // IT's list: the systems that do not answer first, with the detail and what to do.
            var rows = await Rows(it);
            Assert.Equal("0123", rows[0].GetProperty("code").GetString());
            Assert.Equal("Tidsgräns", rows[0].GetProperty("statusText").GetString());
            Assert.Contains("leverantörens driftstatus för Lifecare", rows[0].GetProperty("advice").GetString(), StringComparison.Ordinal);
            var failing = rows.Select(r => r.GetProperty("failing").GetBoolean()).ToList();
            Assert.Equal(failing.OrderByDescending(f => f), failing);
            var summary = (await it.GetFromJsonAsync<JsonElement>("/api/municipalities/status")).GetProperty("summary").GetString();
            Assert.Contains("Svarar inte: Järfälla (Lifecare): Tidsgräns.", summary, StringComparison.Ordinal);

            // The start page names the system, for everyone.
            var start = await worker.GetStringAsync("/");
            Assert.Contains("Svarar inte: Järfälla (Lifecare): Tidsgräns", start, StringComparison.Ordinal);

            // A social worker: no IT list, no detail, no advice, but a plain sentence saying what to do.
            Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/municipalities/status")).StatusCode);
            var page = await worker.GetStringAsync("/Kommuner");
            Assert.Contains("Kommunens journalsystem kan inte nås just nu – ring kommunens socialjour/beredskap.", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Svarade inte inom", page, StringComparison.Ordinal);
            Assert.DoesNotContain("driftstatus", page, StringComparison.Ordinal);
            var api = (await worker.GetFromJsonAsync<JsonElement>("/api/municipalities")).EnumerateArray().Single(m => m.GetProperty("code").GetString() == "0123");
            Assert.Equal("Kommunens journalsystem kan inte nås just nu – ring kommunens socialjour/beredskap.", api.GetProperty("lastCheck").GetProperty("error").GetString());

            // IT's page says the same as the list, and the check without JavaScript comes back with its result.
            var itPage = await it.GetStringAsync("/Kommuner");
            Assert.Contains("Svarade inte inom 10 s", itPage, StringComparison.Ordinal);
            Assert.Contains("data-status-list=\"/api/municipalities/status\"", itPage, StringComparison.Ordinal);
            Assert.DoesNotContain("/api/municipalities/status", page, StringComparison.Ordinal);
            Assert.DoesNotContain("municipality-status.js", page, StringComparison.Ordinal);
        }
        finally
        {
            await Restore(it, "0123");
        }
    }

    [Fact]
    public async Task A_refused_login_advises_IT_to_rotate_the_secret_by_its_configuration_key_never_its_value()
    {
        using var it = await LoggedIn("ida");
        using var worker = await LoggedIn("anna");
        await host.Simulator.SetFaultAsync("ekero", new { ExpiredCredentials = true });
        try
        {
            Assert.Equal("NoAccess", (await Check(it, "0125")).GetProperty("status").GetString());

            var ekero = (await Rows(it)).Single(r => r.GetProperty("code").GetString() == "0125");
            var advice = ekero.GetProperty("advice").GetString()!;
            Assert.Contains("byt (rotera) hemligheten i JournalSystem.Settings.Key", advice, StringComparison.Ordinal);
            var secret = (await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "config", "demo", "secrets", "ekero-lifecare.key"))).Trim();
            Assert.DoesNotContain(secret, advice, StringComparison.Ordinal);

            // The detail page: the advice beside the status for IT; nothing of it for a social worker.
            var detail = await it.GetStringAsync("/Kommuner/Detalj/0125");
            Assert.Contains("data-testid=\"advice\"", detail, StringComparison.Ordinal);
            Assert.Contains("JournalSystem.Settings.Key", detail, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, detail, StringComparison.Ordinal);
            var plain = await worker.GetStringAsync("/Kommuner/Detalj/0125");
            Assert.DoesNotContain("data-testid=\"advice\"", plain, StringComparison.Ordinal);
            Assert.DoesNotContain("HTTP 401", plain, StringComparison.Ordinal);
        }
        finally
        {
            await Restore(it, "0125");
        }
    }

    [Fact]
    public async Task A_garbage_answer_and_a_proxys_error_page_each_get_their_own_advice()
    {
        using var it = await LoggedIn("ida");
        await host.Simulator.SetFaultAsync("solna", new { Garbage = true });
        await host.Simulator.SetFaultAsync("treserva", "sundbyberg", new { Html = true });
        try
        {
            Assert.Equal("InvalidResponse", (await Check(it, "0184")).GetProperty("status").GetString());
            Assert.Equal("Unavailable", (await Check(it, "0183")).GetProperty("status").GetString());

            var rows = await Rows(it);
            var solna = rows.Single(r => r.GetProperty("code").GetString() == "0184").GetProperty("advice").GetString();
            Assert.Contains("kontakta leverantören av Lifecare", solna, StringComparison.Ordinal);
            Assert.Contains("adapterns version (kontrakt 1.0)", solna, StringComparison.Ordinal);
            var sundbyberg = rows.Single(r => r.GetProperty("code").GetString() == "0183").GetProperty("advice").GetString();
            Assert.Contains("serverfel (5xx): kontrollera leverantörens driftstatus för Treserva och ring leverantören", sundbyberg, StringComparison.Ordinal);
            Assert.Equal(["0183", "0184"], rows.Take(2).Select(r => r.GetProperty("code").GetString()!).Order(StringComparer.Ordinal));
        }
        finally
        {
            await Restore(it, "0184", "0183");
        }
    }

    [Fact]
    public void A_TLS_failure_points_at_the_certificates_by_their_keys()
    {
        using var dir = new TempDir();
        var config = new Core.Configuration.JourConfigurationLoader(_ => null, TimeProvider.System).Load(DemoConfig.CopyTo(dir));
        var upplandsBro = config.Configuration!.Find("0139");

        var advice = SocialJour.Host.SourceAdvice.For(upplandsBro, SourceStatus.NoAccess,
            "TLS-handskakningen misslyckades: klientcertifikatet nekades eller serverns certifikat kunde inte verifieras");

        Assert.Equal(SocialJour.Host.SourceAdvice.Kind.Certificate, SocialJour.Host.SourceAdvice.Classify(SourceStatus.NoAccess, "TLS-handskakningen misslyckades"));
        Assert.StartsWith("Certifikatet: kontrollera JournalSystem.Settings.ClientCertificate, JournalSystem.Settings.ClientCertificatePassword, JournalSystem.Settings.ServerCa",
            advice, StringComparison.Ordinal);
        Assert.Null(SocialJour.Host.SourceAdvice.For(upplandsBro, SourceStatus.Found, null));
    }

    [Fact]
    public async Task A_rejected_edit_tells_IT_that_nothing_was_saved_what_is_wrong_and_which_good_changes_wait_and_tells_social_workers_nothing_internal()
    {
        using var it = await LoggedIn("ida");
        using var worker = await LoggedIn("anna");
        var registry = host.Factory.Services.GetRequiredService<Core.Configuration.IMunicipalityRegistry>();
        var path = registry.Current.SourcePath;
        var original = await File.ReadAllTextAsync(path);
        var solnaUrl = registry.Current.Find("0184")!.JournalSystem.BaseUrl!.ToString();
        try
        {
            // One edit: a good fix for Solna's address and a typo in Sigtuna's adapter.
            var sigtunaUrl = registry.Current.Find("0191")!.JournalSystem.BaseUrl!.ToString();
            var edited = original.Replace(solnaUrl, solnaUrl.Replace("/solna/", "/solna-ny/", StringComparison.Ordinal), StringComparison.Ordinal)
                .Replace($"\"Adapter\": \"Lifecare\", \"BaseUrl\": \"{sigtunaUrl}\"", $"\"Adapter\": \"Lifcare\", \"BaseUrl\": \"{sigtunaUrl}\"", StringComparison.Ordinal);
            Assert.NotEqual(original, edited);
            await File.WriteAllTextAsync(path, edited);
            Assert.False(registry.Reload().Ok);

            var page = await it.GetStringAsync("/Kommuner");
            Assert.Contains("Ingenting i ändringen av konfigurationen sparades", page, StringComparison.Ordinal);
            Assert.Contains("hela ändringen avvisades, också de delar som var rätta", page, StringComparison.Ordinal);
            Assert.Contains("Kommun 0191 (Sigtuna), fältet &#x27;JournalSystem.Adapter&#x27;: &#x27;Lifcare&#x27; är ingen känd adapter", page, StringComparison.Ordinal);
            Assert.Contains("Kommun 0184 (Solna): JournalSystem.BaseUrl", page, StringComparison.Ordinal);
            Assert.Equal(solnaUrl, registry.Current.Find("0184")!.JournalSystem.BaseUrl!.ToString());

            // The municipality's own page: only what concerns it.
            var solna = await it.GetStringAsync("/Kommuner/Detalj/0184");
            Assert.Contains("Kommun 0184 (Solna): JournalSystem.BaseUrl", solna, StringComparison.Ordinal);
            Assert.DoesNotContain("Lifcare", solna, StringComparison.Ordinal);

            // Social workers: that IT has something to correct, no fields, names or messages.
            foreach (var plain in new[] { await worker.GetStringAsync("/Kommuner"), await worker.GetStringAsync("/") })
            {
                Assert.Contains("En ändring i konfigurationen kunde inte användas; den tidigare gäller fortfarande.", plain, StringComparison.Ordinal);
                Assert.DoesNotContain("fältet", plain, StringComparison.Ordinal);
                Assert.DoesNotContain("Lifcare", plain, StringComparison.Ordinal);
            }
        }
        finally
        {
            await File.WriteAllTextAsync(path, original);
            Assert.True(registry.Reload().Ok);
        }

        Assert.Empty(registry.RejectedChanges);
        Assert.DoesNotContain("config-rejected", await it.GetStringAsync("/Kommuner"), StringComparison.Ordinal);
    }
}
