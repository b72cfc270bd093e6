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
        var page = await app.LoggedInPage("ida");
        await page.GotoAsync("/Kommuner");

        await page.Locator("tr", new() { HasText = "Solna" }).GetByRole(AriaRole.Button, new() { Name = "Kontrollera nu" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("status-0184")).ToHaveTextAsync("Ingen behörighet");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "Solna" })).ToContainTextAsync("Inloggningen nekades (HTTP 401)");
        await page.Context.CloseAsync();
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
