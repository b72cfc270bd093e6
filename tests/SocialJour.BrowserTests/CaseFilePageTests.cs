using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>
/// Issue 24 §6, the case as a working file, as the social worker uses it at night: the look-up follows its case however the
/// case is reached (no second look-up for the municipalities to see), missing municipalities are asked again with advice,
/// notes are kept in order, a case is found again (closed ones too, "mina ärenden") and its summary prints.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CaseFilePageTests(AppFixture app)
{
    [Fact]
    public async Task A_look_up_follows_its_case_reached_from_the_case_list_and_a_missing_municipality_is_asked_again()
    {
        var page = await app.LoggedInPage("anna");
        var caseId = await AppPages.RegisterCaseAsync(page);
        await app.SetFaultAsync("sigtuna", new { ErrorRate = 1.0 });
        try
        {
            await page.GotoAsync("/Sok?arende=" + caseId);
            await AppPages.LookUp(page);
            await Assertions.Expect(page.GetByTestId("completeness")).ToContainTextAsync("Ofullständigt svar");
            await Assertions.Expect(page.GetByTestId("missing")).ToContainTextAsync("Sigtuna");
            await Assertions.Expect(page.GetByTestId("missing-advice").First).ToContainTextAsync("ring kommunens socialtjänst");
            await Assertions.Expect(page.GetByTestId("person")).Not.ToContainTextAsync("okänt"); // the register's or Järfälla's name
            await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("uppslag-saknas-forsok-igen"), FullPage = true });

            await app.ClearFaultsAsync();
            await page.GetByTestId("retry-missing").ClickAsync();
            await Assertions.Expect(page.GetByTestId("completeness")).ToContainTextAsync("Alla 8 kommuner har svarat", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("retried")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("placements")).ToContainTextAsync("Sigtuna");
        }
        finally
        {
            await app.ClearFaultsAsync();
        }

        // Reached from the case list seconds later: the look-up is attached, and "Slå upp" shows it again instead of a new one.
        await page.GetByTestId("nav-cases").ClickAsync();
        await page.GetByTestId($"case-{caseId}").GetByRole(AriaRole.Link, new() { Name = caseId, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("lookup-attached")).ToBeVisibleAsync();
        await page.GetByTestId("lookup-from-case").ClickAsync();
        await Assertions.Expect(page.GetByTestId("attached-lookup")).ToContainTextAsync("inget nytt uppslag har gjorts");
        await Assertions.Expect(page.GetByTestId("completeness")).ToContainTextAsync("Alla 8 kommuner har svarat");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Notes_are_kept_in_order_the_case_is_found_again_and_its_summary_prints_without_the_navigation()
    {
        var page = await app.LoggedInPage("erik");
        var caseId = await AppPages.RegisterCaseAsync(page);
        await page.GotoAsync($"/Arenden/Arende/{caseId}");

        await page.GetByTestId("note-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("field-error-Note-text")).ToContainTextAsync("Skriv vad som hänt");
        await page.GetByTestId("note-text").FillAsync("Ringt mormor, flickan sover där i natt.");
        await page.GetByTestId("note-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Anteckningen är sparad");
        await page.GetByTestId("note-text").FillAsync("Polisen har lämnat adressen.");
        await page.GetByTestId("note-submit").ClickAsync();
        var notes = page.GetByTestId("notes").Locator("li");
        await Assertions.Expect(notes).ToHaveCountAsync(2);
        await Assertions.Expect(notes.Nth(0)).ToContainTextAsync(new Regex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} erik: Ringt mormor"));
        await Assertions.Expect(notes.Nth(1)).ToContainTextAsync("Polisen har lämnat adressen.");

        // Found again by number, among "mina ärenden", and a broken number says what to type.
        await page.GotoAsync("/Arenden");
        await page.GetByTestId("case-search-text").FillAsync(AppPages.Identity);
        await page.GetByTestId("case-search-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"found-{caseId}")).ToContainTextAsync("öppet");
        await Assertions.Expect(page.GetByTestId("case-search-result")).ToBeFocusedAsync();
        await page.GetByTestId("my-cases").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"found-{caseId}")).ToBeVisibleAsync();
        await page.GetByTestId("case-search-text").FillAsync("2010");
        await page.GetByTestId("case-search-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-search-error")).ToContainTextAsync("hela person- eller samordningsnumret");
        await Assertions.Expect(page.GetByTestId("case-search-text")).ToHaveValueAsync("2010");

        // The printable summary: the person with the whole number, the notes, who printed it; print leaves the navigation out.
        await page.GotoAsync($"/Arenden/Arende/{caseId}");
        await page.GetByTestId("case-summary-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("summary-person")).ToContainTextAsync(AppPages.Identity);
        await Assertions.Expect(page.GetByTestId("summary-notes")).ToContainTextAsync("Ringt mormor");
        await Assertions.Expect(page.GetByTestId("summary-printed")).ToContainTextAsync("av erik");
        await Assertions.Expect(page.GetByTestId("summary-no-report")).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("header nav")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("arende-sammanfattning"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task After_the_register_check_the_keyboard_stays_on_the_check_button_and_the_answer_is_announced()
    {
        var page = await app.LoggedInPage("anna");
        await page.GotoAsync("/Arenden/Ny");
        await page.GetByTestId("person-0-identity").FillAsync(AppPages.Identity);
        await page.GetByTestId("check-register").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByTestId("person-0-register")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("check-register")).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByTestId("check-summary")).ToContainTextAsync("person 1: ");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("contact-submit")).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }
}
