using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

[Collection(AppCollection.Name)]
public sealed class OtherPagesTests(AppFixture app)
{
    [Fact]
    public async Task The_start_page_shows_the_jour_its_mode_and_the_report_deadline()
    {
        var page = await app.LoggedInPage("erik");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Socialjouren Nordväst" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("jour-mode")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Öppet|Beredskap|Stängt \\(kontorstid\\))$"));
        await Assertions.Expect(page.GetByText("Rapporter lämnas senast")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("start"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_calendar_lists_a_years_holidays_and_eves()
    {
        var page = await app.LoggedInPage("anna");
        await page.GetByRole(AriaRole.Link, new() { Name = "Kalender" }).ClickAsync();

        await page.GetByLabel("År").FillAsync("2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Helgdagar och öppettider 2027" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr", new() { HasText = "2027-06-25" })).ToContainTextAsync("Midsommarafton");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "2027-03-26" })).ToContainTextAsync("Långfredagen");
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("kalender"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_municipality_page_shows_its_settings_without_secrets_and_its_check_history()
    {
        var page = await app.LoggedInPage("ida");
        await page.GotoAsync("/Kommuner");
        await page.Locator("tr", new() { HasText = "Sigtuna" }).GetByRole(AriaRole.Button, new() { Name = "Kontrollera nu" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Sigtuna" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sigtuna (0191)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("history").Locator("tbody tr").First).ToContainTextAsync("OK");
        await Assertions.Expect(page.Locator("dd", new() { HasText = "2021:" })).ToContainTextAsync("2021: 50\u00a0273"); // Swedish digit grouping
        var html = await page.ContentAsync();
        Assert.DoesNotContain("demo-lifecare", html, StringComparison.Ordinal);
        Assert.DoesNotContain("secrets/", html, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("kommun"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_unknown_municipality_page_is_not_found_not_an_error()
    {
        var page = await app.LoggedInPage("anna");

        var response = await page.GotoAsync("/Kommuner/Detalj/9999");

        Assert.Equal(404, response!.Status);
        await page.Context.CloseAsync();
    }
}
