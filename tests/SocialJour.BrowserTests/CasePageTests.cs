using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>A notice from a municipality reaches the social worker before anything is decided in the case.</summary>
[Collection(AppCollection.Name)]
public sealed class CasePageTests(AppFixture app)
{
    [Fact]
    public async Task Each_time_entry_is_listed_in_the_case_with_its_note()
    {
        var page = await app.LoggedInPage("anna");
        var caseId = await AppPages.RegisterCaseAsync(page);
        await page.GotoAsync("/Arenden/Arende/" + caseId);

        await page.GetByTestId("time-minutes").FillAsync("40");
        await page.GetByTestId("time-note").FillAsync("Samtal med mormor om natten");
        await page.GetByTestId("time-submit").ClickAsync();
        await page.GetByTestId("time-minutes").FillAsync("15");
        await page.GetByTestId("time-submit").ClickAsync();

        var entries = page.GetByTestId("time-entries").Locator("li");
        await Assertions.Expect(entries).ToHaveCountAsync(2);
        await Assertions.Expect(entries.First).ToContainTextAsync("40 min: Samtal med mormor om natten");
        await Assertions.Expect(entries.First).ToContainTextAsync("anna");
        await Assertions.Expect(entries.Nth(1)).ToContainTextAsync("15 min");
        await Assertions.Expect(page.GetByTestId("time-total")).ToContainTextAsync("anna: 55 min");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_notice_is_shown_first_in_the_case_and_must_be_acknowledged_before_the_case_can_be_closed()
    {
        var page = await app.LoggedInPage("anna");
        await page.GetByTestId("nav-notices").ClickAsync();
        await page.GetByTestId("notice-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Sollentuna" });
        await page.GetByTestId("notice-identity").FillAsync("19920317-2383");
        await page.GetByTestId("notice-text").FillAsync("Bevilja inte ekonomiskt bistånd – hänvisa till handläggaren på måndag");
        await page.GetByTestId("notice-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Aviseringen är registrerad");

        await page.GotoAsync("/Arenden/Ny");
        await page.GetByTestId("channel").SelectOptionAsync(new SelectOptionValue { Label = "Direktlinjen" });
        await page.GetByTestId("person-0-identity").FillAsync("19920317-2383");
        await page.GetByTestId("person-0-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Sollentuna" });
        await page.GetByTestId("person-0-category").SelectOptionAsync(new SelectOptionValue { Label = "Akut ekonomiskt bistånd/boende" });
        await page.GetByTestId("person-0-triage").SelectOptionAsync(new SelectOptionValue { Label = "2 Brådskande" });
        await AppPages.SubmitContactAsync(page);

        var row = page.Locator("tr", new() { HasText = "19920317-****" }).First;
        await Assertions.Expect(row).ToContainTextAsync("1 avisering ej kvitterad");
        await Assertions.Expect(row).ToContainTextAsync("Återuppringning");
        await row.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^J\\d+$") }).ClickAsync();

        var notices = page.GetByTestId("notices");
        await Assertions.Expect(notices).ToContainTextAsync("Bevilja inte ekonomiskt bistånd");
        await page.GetByTestId("close-reason").SelectOptionAsync("Completed");
        await page.GetByTestId("close-case").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-error")).ToContainTextAsync("inte är kvitterade");

        await notices.GetByRole(AriaRole.Button, new() { Name = "Jag har läst aviseringen" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("notices")).ToContainTextAsync("kvitterad av anna");
        await page.GetByTestId("callback-done").ClickAsync();
        await Assertions.Expect(page.GetByTestId("callback")).ToContainTextAsync("gjord");
        await page.GetByTestId("visit-decided").ClickAsync();
        await Assertions.Expect(page.GetByTestId("on-site")).ToContainTextAsync("senast");
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("arende"), FullPage = true });
        await page.GetByTestId("close-reason").SelectOptionAsync("Completed");
        await page.GetByTestId("close-case").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("är avslutat");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Checking_numbers_against_the_population_register_shows_name_age_and_home_beside_each_number()
    {
        var page = await app.LoggedInPage("anna");
        await page.GotoAsync("/Arenden/Ny");
        await page.GetByTestId("person-0-identity").FillAsync("20100315-2384");
        await page.GetByTestId("person-1-identity").FillAsync("19851130-2385");

        await page.GetByTestId("check-register").ClickAsync();

        await Assertions.Expect(page.GetByTestId("person-0-register")).ToContainTextAsync("Maja Lindberg");
        await Assertions.Expect(page.GetByTestId("person-0-register")).ToContainTextAsync("folkbokförd i Sigtuna");
        await Assertions.Expect(page.GetByTestId("person-0-municipality")).ToHaveValueAsync("0191");
        await Assertions.Expect(page.GetByTestId("person-1-register")).ToContainTextAsync("SKYDDAD IDENTITET");
        await Assertions.Expect(page.GetByTestId("person-0-identity")).ToHaveValueAsync("20100315-2384");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Registrera_after_checking_the_numbers_against_the_population_register_saves_the_contact()
    {
        var page = await app.LoggedInPage("anna");
        await page.GotoAsync("/Arenden/Ny");
        await page.GetByTestId("channel").SelectOptionAsync(new SelectOptionValue { Label = "Direktlinjen" });
        await page.GetByTestId("situation").FillAsync("Mamman ringer, dottern har inte kommit hem");
        await page.GetByTestId("person-0-identity").FillAsync("20100315-2384");
        await page.GetByTestId("check-register").ClickAsync();
        await Assertions.Expect(page.GetByTestId("person-0-register")).ToContainTextAsync("Maja Lindberg");

        await page.GetByTestId("person-0-category").SelectOptionAsync(new SelectOptionValue { Label = "Barn och unga" });
        await AppPages.SubmitContactAsync(page);

        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Kontakten är registrerad");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Arenden$"));
        await Assertions.Expect(page.Locator("tr", new() { HasText = "20100315-****" }).First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Police_assistance_for_a_child_placed_under_SoL_is_stopped_on_the_case_page_showing_the_legal_basis()
    {
        var page = await app.LoggedInPage("anna");
        await page.GotoAsync("/Arenden/Ny");
        await page.GetByTestId("channel").SelectOptionAsync(new SelectOptionValue { Label = "Polisen" });
        await page.GetByTestId("person-0-identity").FillAsync("20110722-2380");
        await page.GetByTestId("person-0-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Järfälla" });
        await page.GetByTestId("person-0-category").SelectOptionAsync(new SelectOptionValue { Label = "Barn och unga" });
        await AppPages.SubmitContactAsync(page);
        await page.Locator("tr", new() { HasText = "20110722-****" }).First.GetByRole(AriaRole.Link, new() { Name = "Slå upp" }).ClickAsync();
        await page.GetByTestId("identity").FillAsync("20110722-2380");
        await page.GetByTestId("purpose").FillAsync("Inför begäran om handräckning");
        await page.GetByTestId("lookup-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("placements")).ToContainTextAsync("SoL (frivillig)");

        await page.GetByTestId("to-case-with-lookup").ClickAsync();
        await Assertions.Expect(page.GetByTestId("lookup-attached")).ToBeVisibleAsync();
        await page.GetByTestId("decision-kind").SelectOptionAsync("PoliceAssistanceLvu");
        await page.GetByTestId("decision-description").FillAsync("Polisen ombeds hämta flickan till familjehemmet");
        await page.GetByTestId("decision-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("case-error")).ToContainTextAsync("STOPP: personen är placerad enligt SoL (frivilligt)");
        await Assertions.Expect(page.GetByTestId("case-error")).ToContainTextAsync("Järfälla");
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("handrackning-stopp"), FullPage = true });

        await page.GetByTestId("close-reason").SelectOptionAsync("Completed");

        await page.GetByTestId("close-case").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-error")).ToContainTextAsync("skyddsbedömningen");
        await page.GetByTestId("protection-outcome").SelectOptionAsync("NoImmediateNeed");
        await page.GetByTestId("protection-reasoning").FillAsync("Flickan är hos familjehemmet igen, inga nya uppgifter om risk");
        await page.GetByTestId("protection-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("protection")).ToContainTextAsync("Inget omedelbart skyddsbehov");

        // The report goes to Järfälla (the case's municipality) through its e-service; the outbox job delivers it within a minute.
        await page.GetByTestId("report-text").FillAsync("Polisen hittade flickan vid stationen. Hon är tillbaka i familjehemmet; ingen handräckning begärdes.");
        await page.GetByTestId("report-preview-submit").ClickAsync();
        await page.GetByTestId("report-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("reports")).ToContainTextAsync("Till Järfälla");
        for (var i = 0; i < 40 && !(await page.GetByTestId("reports").InnerTextAsync()).Contains("levererad", StringComparison.Ordinal); i++)
        {
            await Task.Delay(2000);
            await page.ReloadAsync();
        }

        await Assertions.Expect(page.GetByTestId("reports")).ToContainTextAsync("kvitto ES-jarfalla-");
        await page.GetByTestId("close-reason").SelectOptionAsync("Completed");
        await page.GetByTestId("close-case").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("är avslutat");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_deviation_is_reported_on_duty_and_followed_up_and_closed_by_the_unit_manager_and_the_handover_lists_the_night()
    {
        var page = await app.LoggedInPage("anna");
        await page.GetByTestId("nav-deviations").ClickAsync();
        await page.GetByTestId("deviation-category").SelectOptionAsync("IdentityMixUp");
        var what = "Syskonens personnummer förväxlades vid registreringen " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByTestId("deviation-description").FillAsync(what);
        // It happened last night at 01:12 (jour time) and is registered now: the list shows when it happened.
        var stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        var night = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, stockholm).DateTime).AddDays(-1);
        await page.GetByTestId("deviation-occurred").FillAsync($"{night:yyyy-MM-dd}T01:12");
        await page.GetByTestId("deviation-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("deviations")).ToContainTextAsync(what);
        await Assertions.Expect(page.Locator("tr", new() { HasText = what })).ToContainTextAsync($"{night:yyyy-MM-dd} 01:12");
        await Assertions.Expect(page.Locator("tr", new() { HasText = what })).ToContainTextAsync("Öppen");
        await page.GetByTestId("nav-handover").ClickAsync();
        await page.GetByTestId("handover-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Järfälla" });
        await page.GetByTestId("handover-show").ClickAsync();
        await Assertions.Expect(page.GetByTestId("handover")).ToContainTextAsync("Järfälla: ärenden");
        await page.Context.CloseAsync();

        var manager = await app.LoggedInPage("erik");
        await manager.GotoAsync("/Avvikelser");
        var row = manager.Locator("tr", new() { HasText = what });
        await row.GetByRole(AriaRole.Button, new() { Name = "Stäng" }).ClickAsync();
        await Assertions.Expect(manager.GetByTestId("deviation-error")).ToContainTextAsync("uppföljningen");
        await manager.Locator("tr", new() { HasText = what }).Locator("input[name=followUp]").FillAsync("Rutin: läs upp namn och födelsedatum från folkbokföringen");
        await manager.Locator("tr", new() { HasText = what }).GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await manager.Locator("tr", new() { HasText = what }).GetByRole(AriaRole.Button, new() { Name = "Stäng" }).ClickAsync();
        await Assertions.Expect(manager.Locator("tr", new() { HasText = what })).ToContainTextAsync("Stängd");
        await manager.Context.CloseAsync();
    }
}
