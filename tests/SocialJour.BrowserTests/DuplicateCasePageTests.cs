using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>
/// Issue 24 §3 at 02:00: the same call registered again shows the person's open case with both choices and keeps the form;
/// registering anew takes a reason; the duplicate is annulled and leaves the list; closing asks why.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DuplicateCasePageTests(AppFixture app)
{
    /// <summary>A person no other browser test registers (born on a leap day).</summary>
    private const string Person = "19640229-2350";

    private static async Task FillContactAsync(IPage page)
    {
        await page.GotoAsync("/Arenden/Ny");
        await page.GetByTestId("channel").SelectOptionAsync(new SelectOptionValue { Label = "Polisen" });
        await page.GetByTestId("caller").FillAsync("Polisen, 070-111 22 33");
        await page.GetByTestId("person-0-identity").FillAsync(Person);
        await page.GetByTestId("person-0-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Sigtuna" });
        await page.GetByTestId("person-0-category").SelectOptionAsync(new SelectOptionValue { Label = "Missbruk" });
    }

    [Fact]
    public async Task The_same_call_registered_again_offers_the_open_case_or_a_new_one_with_a_reason_and_the_duplicate_is_annulled()
    {
        var page = await app.LoggedInPage("anna");
        await FillContactAsync(page);
        await page.GetByTestId("contact-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Kontakten är registrerad");
        var first = System.Text.RegularExpressions.Regex.Match(await page.GetByTestId("message").InnerTextAsync(), "J\\d+").Value;

        // Again: nothing registered, the open case shown with a link, everything typed kept.
        await FillContactAsync(page);
        await page.GetByTestId("contact-submit").ClickAsync();
        var candidates = page.GetByTestId("duplicate-candidates");
        await Assertions.Expect(candidates).ToContainTextAsync(first);
        await Assertions.Expect(candidates).ToContainTextAsync("öppet");
        await Assertions.Expect(page.GetByTestId($"use-existing-{first}")).ToHaveAttributeAsync("href", $"/Arenden/Arende/{first}");
        await Assertions.Expect(page.GetByTestId("caller")).ToHaveValueAsync("Polisen, 070-111 22 33");
        await Assertions.Expect(page.GetByTestId("person-0-identity")).ToHaveValueAsync(Person);
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("mojlig-dubblett"), FullPage = true });

        // A reason that says nothing is refused; a real one registers anew.
        await page.GetByTestId("duplicate-reason").FillAsync("ny");
        await page.GetByTestId("register-anew").ClickAsync();
        await Assertions.Expect(page.GetByTestId("contact-error")).ToContainTextAsync("minst 10 tecken");
        await page.GetByTestId("duplicate-reason").FillAsync("Polisen ringde igen om samma händelse");
        await page.GetByTestId("register-anew").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Kontakten är registrerad");
        var second = System.Text.RegularExpressions.Regex.Match(await page.GetByTestId("message").InnerTextAsync(), "J\\d+").Value;
        Assert.NotEqual(first, second);

        // The second is the same call: annulled as a duplicate, it leaves the open list.
        await page.GotoAsync($"/Arenden/Arende/{second}");
        await Assertions.Expect(page.GetByTestId("duplicate-reason")).ToContainTextAsync("Polisen ringde igen om samma händelse");
        await page.GetByTestId("annul").Locator("summary").ClickAsync();
        await page.GetByTestId("annul-of").FillAsync(first);
        await page.GetByTestId("annul-reason").FillAsync("Samma samtal registrerat två gånger");
        await page.GetByTestId("annul-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("annulled")).ToContainTextAsync($"Makulerad (dubblett av {first})");
        await page.GotoAsync("/Arenden");
        await Assertions.Expect(page.GetByTestId($"case-{second}")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId($"case-{first}")).ToContainTextAsync("19640229-****");

        // Closing from the list goes to the case, where a reason is asked.
        await page.GetByTestId($"close-link-{first}").ClickAsync();
        await page.GetByTestId("close-reason").SelectOptionAsync(new SelectOptionValue { Label = "Ingen åtgärd behövs" });
        await page.GetByTestId("close-case").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("är avslutat");
        await Assertions.Expect(page.GetByTestId("status")).ToContainTextAsync("Ingen åtgärd behövs");
        await page.Context.CloseAsync();
    }
}
