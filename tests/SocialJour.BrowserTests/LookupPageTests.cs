using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>The 02:00 flows in Chromium: register a call, look the child up from the case, an emergency opening and its follow-up.</summary>
[Collection(AppCollection.Name)]
public sealed class LookupPageTests(AppFixture app)
{
    [Fact]
    public async Task A_call_becomes_a_case_and_the_look_up_from_it_shows_the_placement_and_its_legal_basis_first()
    {
        var page = await app.LoggedInPage("anna");
        await page.GetByTestId("nav-cases").ClickAsync();
        await page.GetByTestId("new-contact").ClickAsync();
        await page.GetByTestId("channel").SelectOptionAsync(new SelectOptionValue { Label = "Polisen" });
        await page.GetByTestId("situation").FillAsync("Flicka hittad ensam vid Märsta station");
        await page.GetByTestId("person-0-identity").FillAsync("20100315-2384");
        await page.GetByTestId("person-0-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Sigtuna" });
        await page.GetByTestId("person-0-category").SelectOptionAsync(new SelectOptionValue { Label = "Barn och unga" });
        await AppPages.SubmitContactAsync(page);

        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Kontakten är registrerad");
        var row = page.Locator("tr", new() { HasText = "20100315-****" }).First;
        await row.GetByRole(AriaRole.Link, new() { Name = "Slå upp" }).ClickAsync();

        // Coming from the case, the case's person is filled in: nobody retypes the number at 02:00.
        await Assertions.Expect(page.GetByTestId("identity")).ToHaveValueAsync("20100315-2384");
        await page.GetByTestId("identity").FillAsync("20100315-2384");
        await page.GetByTestId("purpose").FillAsync("Skyddsbedömning");
        await page.GetByTestId("lookup-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("completeness")).ToHaveTextAsync("Alla 8 kommuner har svarat.");
        await Assertions.Expect(page.GetByTestId("person")).ToContainTextAsync("Maja Lindberg");
        await Assertions.Expect(page.GetByTestId("placements").Locator("tr").Nth(1)).ToContainTextAsync("LVU (tvång)");
        await Assertions.Expect(page.GetByTestId("status-0191")).ToHaveTextAsync("OK");
        await Assertions.Expect(page.GetByTestId("status-0125")).ToHaveTextAsync("Inga uppgifter");
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("uppslag"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task From_a_case_the_look_up_offers_the_persons_of_the_contact_and_a_related_party_added_on_the_case_page_and_refuses_anyone_else()
    {
        var page = await app.LoggedInPage("anna");
        await page.GotoAsync("/Arenden/Ny");
        await page.GetByTestId("channel").SelectOptionAsync(new SelectOptionValue { Label = "Polisen" });
        await page.GetByTestId("situation").FillAsync("Bråk i hemmet, mor och dotter");
        await page.GetByTestId("person-0-identity").FillAsync("20110722-2380");
        await page.GetByTestId("person-0-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Järfälla" });
        await page.GetByTestId("person-0-category").SelectOptionAsync(new SelectOptionValue { Label = "Barn och unga" });
        await page.GetByTestId("person-1-identity").FillAsync("19851130-2385");
        await page.GetByTestId("person-1-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Solna" });
        await page.GetByTestId("person-1-category").SelectOptionAsync(new SelectOptionValue { Label = "Våld i nära relation" });
        await AppPages.SubmitContactAsync(page);
        await page.Locator("tr", new() { HasText = "20110722-****" }).First.GetByRole(AriaRole.Link, new() { Name = "Slå upp" }).ClickAsync();

        // The child's number is filled in; the mother of the same call is offered, by a masked number.
        await Assertions.Expect(page.GetByTestId("identity")).ToHaveValueAsync("20110722-2380");
        await Assertions.Expect(page.GetByTestId("case-persons")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"19851130-\*\*\*\*( Sara Nilsson)? \(samma kontakt"));
        await page.GetByTestId("case-persons").GetByText("19851130-****").ClickAsync();
        await Assertions.Expect(page.GetByTestId("identity")).ToHaveValueAsync("19851130-2385");

        // A number typed in that is nobody of the case is refused, naming the case.
        await page.GetByTestId("identity").FillAsync("20100315-2384");
        await page.GetByTestId("purpose").FillAsync("Skyddsbedömning");
        await page.GetByTestId("lookup-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("lookup-error")).ToContainTextAsync("hör inte till jourärende J");
        await Assertions.Expect(page.GetByTestId("result")).ToHaveCountAsync(0);
        var caseId = await page.GetByTestId("case").InputValueAsync();

        // Added on the case page as a related party with role and reason, the person may be looked up from the case.
        await page.GotoAsync($"/Arenden/Arende/{caseId}");
        await page.GetByTestId("related-identity").FillAsync("20100315-2384");
        await page.GetByTestId("related-role").SelectOptionAsync("Sibling");
        await page.GetByTestId("related-reason").FillAsync("Halvsyster som bor i familjen enligt polisen");
        await page.GetByTestId("related-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-persons")).ToContainTextAsync("berörd: syskon");
        await page.GetByTestId("lookup-from-case").ClickAsync();
        await page.GetByTestId("case-persons").GetByText("20100315-****").ClickAsync();
        await page.GetByTestId("purpose").FillAsync("Skyddsbedömning");
        await page.GetByTestId("lookup-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("person")).ToContainTextAsync("Maja Lindberg");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_source_that_fails_is_named_and_the_answer_is_never_shown_as_complete()
    {
        await app.SetFaultAsync("ekero", new { ErrorRate = 1.0 });
        try
        {
            var page = await app.LoggedInPage("anna");
            await page.GotoAsync("/Sok");
            await page.GetByTestId("identity").FillAsync("201107222380");
            await page.GetByTestId("emergency").Locator("summary").ClickAsync();
            await page.GetByTestId("emergency-reason").FillAsync("Polisen på plats, barnet behöver placeras");
            await page.GetByTestId("emergency-submit").ClickAsync();

            await Assertions.Expect(page.GetByTestId("completeness")).ToContainTextAsync("Ekerö: Ej tillgänglig");
            var text = await page.GetByTestId("completeness").InnerTextAsync();
            // On a loaded 2-core CI machine another source may also miss its deadline; the point is that Ekerö is named.
            Assert.True(text.Contains("Ofullständigt svar:", StringComparison.Ordinal) && text.Contains("av 8 kommuner saknas.", StringComparison.Ordinal), text);
            await Assertions.Expect(page.GetByTestId("status-0125")).ToHaveTextAsync("Ej tillgänglig");
            await page.Context.CloseAsync();
        }
        finally
        {
            await app.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task An_emergency_opening_hides_the_address_of_a_person_whose_protection_is_unknown_until_opened_and_is_followed_up()
    {
        var page = await app.LoggedInPage("anna");
        await page.GetByTestId("nav-lookup").ClickAsync();
        await page.GetByTestId("identity").FillAsync("200604082388");

        // Without a case or a reason nothing is looked up.
        await page.GetByTestId("lookup-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("lookup-error")).ToContainTextAsync("öppet jourärende");
        await Assertions.Expect(page.GetByTestId("result")).ToHaveCountAsync(0);

        await page.GetByTestId("identity").FillAsync("200604082388");
        await page.GetByTestId("emergency").Locator("summary").ClickAsync();
        await page.GetByTestId("emergency-reason").FillAsync("Pojken hittad ute i kylan, polisen väntar");
        await page.GetByTestId("emergency-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("emergency-active")).ToContainTextAsync("Nödöppning gäller till");
        await Assertions.Expect(page.GetByTestId("protected")).ToContainTextAsync("behandlas som skyddad");
        Assert.DoesNotContain("Ängsvägen", await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByTestId("reveal-reason").FillAsync("Hembesök beslutat av jourhavande");
        await page.GetByTestId("reveal-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("revealed")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("addresses")).ToContainTextAsync("Ängsvägen 3");
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("nodoppning"), FullPage = true });
        await page.Context.CloseAsync();

        var manager = await app.LoggedInPage("erik");
        await manager.GetByTestId("nav-followup").ClickAsync();
        var opening = manager.Locator("tr", new() { HasText = "Pojken hittad ute i kylan" });
        await Assertions.Expect(opening).ToContainTextAsync("anna");
        await opening.GetByRole(AriaRole.Button, new() { Name = "Markera granskad" }).ClickAsync();
        await Assertions.Expect(manager.Locator("tr", new() { HasText = "Pojken hittad ute i kylan" })).ToHaveCountAsync(0);

        await manager.GetByTestId("nav-accesslog").ClickAsync();
        await manager.GetByTestId("municipality").SelectOptionAsync("0125");
        await manager.GetByTestId("show-log").ClickAsync();
        await Assertions.Expect(manager.GetByTestId("access-log")).ToContainTextAsync("Skyddade uppgifter visade");
        await Assertions.Expect(manager.GetByTestId("access-log")).ToContainTextAsync("Anna Berg (anna)"); // who looked, not only an id
        Assert.DoesNotContain("Ängsvägen", await manager.ContentAsync(), StringComparison.Ordinal);
        await manager.Context.CloseAsync();

        // The host's own log never carries the number or the address.
        foreach (var secret in new[] { "200604082388", "20060408-2388", "Ängsvägen" })
        {
            Assert.DoesNotContain(app.HostOutput, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_it_administrator_cannot_look_anyone_up()
    {
        var page = await app.LoggedInPage("ida");

        await page.GotoAsync("/Sok");

        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("nav-lookup")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_answer_is_moved_to_and_announced_on_a_phone_and_a_skip_link_leads_past_the_menu()
    {
        var page = await app.LoggedInPage("anna");
        await page.SetViewportSizeAsync(390, 844);
        var caseId = await AppPages.RegisterCaseAsync(page);
        await page.GotoAsync($"/Sok?arende={caseId}");
        await AppPages.LookUp(page);

        await Assertions.Expect(page.GetByTestId("result")).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByTestId("result")).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Svaret på uppslaget visas nu" })).ToHaveCountAsync(1);

        await page.GotoAsync("/Arenden");
        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Hoppa till innehållet" });
        await Assertions.Expect(skip).ToBeFocusedAsync();
        await Assertions.Expect(skip).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main")).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }
}
