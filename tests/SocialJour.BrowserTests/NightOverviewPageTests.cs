using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>The start page's night overview (nattöversikt): a new child case shows with its callback deadline and the missing protection assessment.</summary>
[Collection(AppCollection.Name)]
public sealed class NightOverviewPageTests(AppFixture app)
{
    [Fact]
    public async Task A_new_child_case_is_on_the_start_pages_night_overview_without_a_protection_assessment_and_with_its_callback_deadline()
    {
        var page = await app.LoggedInPage("anna");
        var caseId = await AppPages.RegisterCaseAsync(page);

        await page.Clock.InstallAsync(); // the 30-second updates then run when the test moves the page's clock on
        await page.GotoAsync("/");
        var overview = page.GetByTestId("night-overview");
        await Assertions.Expect(overview.GetByRole(AriaRole.Heading, new() { Name = "Nattöversikt" })).ToBeVisibleAsync();
        var ofCase = overview.GetByTestId("night-overview-item").Filter(new() { Has = page.Locator($"a[href='/Arenden/Arende/{caseId}']") });
        await Assertions.Expect(ofCase.And(page.Locator("[data-kind=ProtectionAssessment]"))).ToContainTextAsync("Skyddsbedömning saknas");
        await Assertions.Expect(ofCase.And(page.Locator("[data-kind=Callback]"))).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Återuppringning (senast|försenad)"));
        await Assertions.Expect(ofCase.And(page.Locator("[data-kind=Report]"))).ToContainTextAsync("Rapport ej skriven");

        // The script (no inline script under the CSP) shows the switch for the updates, and re-renders the list in place.
        await Assertions.Expect(page.GetByLabel("Uppdatera översikten var 30:e sekund")).ToBeCheckedAsync();
        await page.EvaluateAsync("() => document.querySelector('[data-night-overview-list]').replaceChildren()");
        await page.Clock.FastForwardAsync("00:31");
        await Assertions.Expect(ofCase.And(page.Locator("[data-kind=ProtectionAssessment]"))).ToContainTextAsync("Skyddsbedömning saknas", new() { Timeout = 45_000 });
        await page.Context.CloseAsync();
    }
}
