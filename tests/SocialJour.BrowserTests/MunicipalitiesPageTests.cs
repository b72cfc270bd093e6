using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

[Collection(AppCollection.Name)]
public sealed class MunicipalitiesPageTests(AppFixture app)
{
    [Fact]
    public async Task Wrong_password_is_refused_with_a_Swedish_message()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/Kommuner");
        await page.GetByLabel("Användarnamn").FillAsync("anna");
        await page.GetByLabel("Lösenord").FillAsync("fel-lösenord");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Fel användarnamn eller lösenord.");
        Assert.Contains("/Login", page.Url, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_social_worker_logs_in_and_sees_all_eight_members_on_five_journal_systems_answering()
    {
        var page = await app.LoggedInPage("anna");

        await page.GetByRole(AriaRole.Link, new() { Name = "Kommuner", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Medlemskommuner och journalsystem" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=municipalities] tbody tr")).ToHaveCountAsync(8);
        await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync("Socialsekreterare");
        // The checks run at start; reload until the first round is in.
        await ReloadUntil(page, () => page.GetByTestId("status-0191").TextContentAsync(), "OK");
        await ReloadUntil(page, () => page.GetByTestId("status-0163").TextContentAsync(), "OK"); // Procapita, OAuth2
        await ReloadUntil(page, () => page.GetByTestId("status-0183").TextContentAsync(), "OK"); // Treserva, session login
        await ReloadUntil(page, () => page.GetByTestId("status-0114").TextContentAsync(), "OK"); // Viva, ISO-8859-1
        await ReloadUntil(page, () => page.GetByTestId("status-0139").TextContentAsync(), "OK"); // Combine, mutual TLS
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("kommuner"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task IT_sees_a_failing_login_at_a_glance_after_checking_now()
    {
        await app.SetFaultAsync("solna", new { ExpiredCredentials = true });
        try
        {
            var page = await app.LoggedInPage("ida");
            await page.GotoAsync("/Kommuner");

            await page.Locator("tr", new() { HasText = "Solna" }).GetByRole(AriaRole.Button, new() { Name = "Kontrollera nu" }).ClickAsync();

            await Assertions.Expect(page.GetByTestId("status-0184")).ToHaveTextAsync("Ingen behörighet");
            await Assertions.Expect(page.Locator("tr", new() { HasText = "Solna" })).ToContainTextAsync("Inloggningen nekades (HTTP 401)");
            // What to do, beside the status: the secret by its configuration key.
            await Assertions.Expect(page.GetByTestId("advice-0184")).ToContainTextAsync("byt (rotera) hemligheten i JournalSystem.Settings.Key");
            await page.Context.CloseAsync();
        }
        finally
        {
            await app.ClearFaultsAsync();
        }
    }

    /// <summary>Long enough for any machine: the check itself is bounded at 10 s by the host; this only caps a broken test.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 90_000 };

    [Fact]
    public async Task Checking_a_hanging_system_gives_feedback_at_once_ends_with_a_clear_result_and_moves_it_first_with_advice()
    {
        await app.ClearFaultsAsync();
        await app.SetFaultAsync("jarfalla", new { Hang = true });
        try
        {
            var page = await app.LoggedInPage("ida");
            await page.GotoAsync("/Kommuner");
            await page.EvaluateAsync("window.notReloaded = true");
            var row = page.GetByTestId("row-0123");
            var button = row.GetByRole(AriaRole.Button, new() { Name = "Kontrollera nu" });

            await button.ClickAsync();

            // At once: the button is disabled and says so, the row says what is going on (role="status"), the page stays usable.
            await Assertions.Expect(row.GetByRole(AriaRole.Button)).ToBeDisabledAsync();
            await Assertions.Expect(row.GetByRole(AriaRole.Button)).ToHaveTextAsync("Kontrollerar…");
            await Assertions.Expect(page.GetByTestId("check-status-0123")).ToContainTextAsync("Kontrollerar Järfälla (Lifecare)");
            await Assertions.Expect(page.GetByLabel("Medlemmar per datum")).ToBeEditableAsync();

            // Then the bounded result, without a reload; the system moves first, with what to do.
            await Assertions.Expect(page.GetByTestId("check-status-0123")).ToHaveTextAsync("Kontrollerat: Järfälla (Lifecare) – Tidsgräns: Svarade inte inom 10 s", Patient);
            await Assertions.Expect(row.GetByRole(AriaRole.Button)).ToBeEnabledAsync();
            await Assertions.Expect(page.Locator("[data-testid=municipalities] tbody tr").First).ToHaveAttributeAsync("data-code", "0123");
            await Assertions.Expect(page.GetByTestId("advice-0123")).ToContainTextAsync("kontrollera leverantörens driftstatus för Lifecare");
            Assert.True(await page.EvaluateAsync<bool>("window.notReloaded === true"));
            await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("kommuner-it"), FullPage = true });

            // The start page names the system that does not answer, not only how many.
            await page.GotoAsync("/");
            await Assertions.Expect(page.GetByTestId("sources-not-answering")).ToContainTextAsync("Svarar inte: Järfälla (Lifecare)", new() { Timeout = 90_000 });
            await page.Context.CloseAsync();
        }
        finally
        {
            await app.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task The_status_list_refreshes_itself_failing_first_and_announces_the_change_politely()
    {
        await app.ClearFaultsAsync();
        var page = await app.LoggedInPage("ida");
        await page.GotoAsync("/Kommuner");
        await page.EvaluateAsync("window.notReloaded = true");
        await Assertions.Expect(page.GetByLabel("Uppdatera statusen var 15:e sekund")).ToBeCheckedAsync();
        await app.SetFaultAsync("ekero", new { ExpiredCredentials = true });
        try
        {
            // The host checks every 2 s here; the page fetches the list every 15 s and moves the failing system first, without a reload.
            await Assertions.Expect(page.GetByTestId("status-0125")).ToHaveTextAsync("Ingen behörighet", Patient);
            await Assertions.Expect(page.Locator("[data-testid=municipalities] tbody tr").First).ToHaveAttributeAsync("data-code", "0125", new() { Timeout = 90_000 });
            await Assertions.Expect(page.Locator("[data-status-live]")).ToContainTextAsync("Ekerö (Lifecare): Ingen behörighet", new() { Timeout = 90_000 });
            Assert.Equal("polite", await page.Locator("[data-status-live]").GetAttributeAsync("aria-live"));
            Assert.True(await page.EvaluateAsync<bool>("window.notReloaded === true"));
        }
        finally
        {
            await app.ClearFaultsAsync();
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_JavaScript_checking_now_still_works_and_says_the_result()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Login");
        await page.GetByLabel("Användarnamn").FillAsync("ida");
        await page.GetByLabel("Lösenord").FillAsync("jour2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("current-user")).ToBeVisibleAsync();
        await page.GotoAsync("/Kommuner");

        await page.GetByTestId("row-0191").GetByRole(AriaRole.Button, new() { Name = "Kontrollera nu" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("checked-now")).ToHaveTextAsync("Kontrollerat nu: Sigtuna (Lifecare) – OK", Patient);
        await context.CloseAsync();
    }

    private static async Task ReloadUntil(IPage page, Func<Task<string?>> read, string expected)
    {
        for (var i = 0; i < 40; i++)
        {
            if ((await read())?.Trim() == expected)
            {
                return;
            }

            await Task.Delay(500);
            await page.ReloadAsync();
        }

        Assert.Equal(expected, (await read())?.Trim());
    }
}
