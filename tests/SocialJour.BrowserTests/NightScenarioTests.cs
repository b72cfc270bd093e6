using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>
/// The night as the jour works it (issue 24): a domestic-violence call about a protected mother and her child, a notice
/// that stops a decision until it is read, a report that names the person and survives the other forms, sent once, and a
/// 13 § LVM order whose court deadline is "genast".
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class NightScenarioTests(AppFixture app)
{
    // A mother whom no other browser test registers (the notice about her must not stop their cases); not in the register,
    // so her protection is unknown and counts as protected.
    private const string Mother = "19700101-0383";
    private const string Child = "20120506-2381";  // Elin Berg, Sundbyberg

    [Fact]
    public async Task A_notice_stops_a_decision_until_read_the_report_names_the_person_survives_other_forms_and_is_sent_once_and_an_LVM_order_must_go_to_court_at_once()
    {
        var page = await app.LoggedInPage("anna");

        // Sundbyberg's notice about the mother, restricting financial aid.
        await page.GetByTestId("nav-notices").ClickAsync();
        await page.GetByTestId("notice-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Sundbyberg" });
        await page.GetByTestId("notice-identity").FillAsync(Mother);
        await page.GetByTestId("notice-text").FillAsync("Inget ekonomiskt bistånd till mamman utan kontakt med handläggaren");
        await page.GetByTestId("notice-restricts").SelectOptionAsync("FinancialAid");
        await page.GetByTestId("notice-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Aviseringen är registrerad");

        // The call: the mother and her child.
        await page.GotoAsync("/Arenden/Ny");
        await page.GetByTestId("channel").SelectOptionAsync(new SelectOptionValue { Label = "Polisen" });
        await page.GetByTestId("person-0-identity").FillAsync(Mother);
        await page.Locator("#p0-name").FillAsync("Mamma Berg");
        await page.GetByTestId("person-0-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Sundbyberg" });
        await page.GetByTestId("person-0-category").SelectOptionAsync(new SelectOptionValue { Label = "Våld i nära relation" });
        await page.GetByTestId("person-1-identity").FillAsync(Child);
        await page.GetByTestId("person-1-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Sundbyberg" });
        await page.GetByTestId("person-1-category").SelectOptionAsync(new SelectOptionValue { Label = "Barn och unga" });
        await AppPages.SubmitContactAsync(page);
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Kontakten är registrerad");
        var ids = CaseId().Matches(await page.GetByTestId("message").InnerTextAsync()).Select(m => m.Value).ToList();
        Assert.Equal(2, ids.Count);
        var (motherCase, childCase) = (ids[0], ids[1]);

        // The child's case shows the notice about the mother, and an action waits until it is read — in the form.
        await page.GotoAsync($"/Arenden/Arende/{childCase}");
        await Assertions.Expect(page.GetByTestId("notices")).ToContainTextAsync("Inget ekonomiskt bistånd till mamman");
        await page.GetByTestId("action-kind").SelectOptionAsync("SupportTalk");
        await page.Locator("form:has([data-testid=action-kind]) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-error")).ToContainTextAsync("registreras inte förrän aviseringen är läst");
        await Assertions.Expect(page.GetByTestId("action-kind")).ToHaveValueAsync("SupportTalk"); // the refusal kept the form
        await page.Locator("[data-testid^=action-ack-]").CheckAsync();
        await page.Locator("form:has([data-testid=action-kind]) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Insatsen är registrerad");
        await Assertions.Expect(page.GetByTestId("notices")).ToContainTextAsync("kvitterad av anna");

        // The report: prefilled from the case, written on, and kept when another form (time) is submitted.
        var report = page.GetByTestId("report-text");
        await Assertions.Expect(report).ToHaveValueAsync(new Regex("Kontakt: inkom .* via polisen"));
        await Assertions.Expect(report).ToHaveValueAsync(new Regex("Insats: stödsamtal"));
        var written = (await report.InputValueAsync()).Replace("Bedömning: ", "Bedömning: Elin är trygg hos mormor i natt, pappan är gripen.", StringComparison.Ordinal);
        await report.FillAsync(written);
        await page.GetByTestId("time-minutes").FillAsync("30");
        await page.GetByTestId("time-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Tiden är registrerad");
        await Assertions.Expect(page.GetByTestId("report-text")).ToHaveValueAsync(new Regex("Elin är trygg hos mormor i natt"));

        // Previewed as the municipality receives it: it names the child; sent once.
        await page.GetByTestId("report-preview-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-preview")).ToContainTextAsync("Gäller: 20120506-2381 Elin Berg");
        await Assertions.Expect(page.GetByTestId("report-preview")).ToContainTextAsync("Till: Sundbyberg (0183)");
        await page.GetByTestId("report-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Rapporten är skickad");
        await Assertions.Expect(page.Locator("[data-testid^=report-copy-]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("report-text")).Not.ToHaveValueAsync(new Regex("Elin är trygg hos mormor i natt")); // the draft is done with
        await page.Locator("[data-testid^=report-copy-]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-document")).ToContainTextAsync("Gäller: 20120506-2381 Elin Berg");
        await Assertions.Expect(page.GetByTestId("report-document")).ToContainTextAsync("Elin är trygg hos mormor i natt");

        // The mother's case: financial aid against the notice needs the notice read and a reason, both logged.
        await page.GotoAsync($"/Arenden/Arende/{motherCase}");
        await page.GetByTestId("decision-kind").SelectOptionAsync("SoL");
        await page.GetByTestId("decision-grants").SelectOptionAsync("FinancialAid");
        await page.GetByTestId("decision-description").FillAsync("Ekonomiskt bistånd 800 kr till mat");
        await page.GetByTestId("decision-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-error")).ToContainTextAsync("registreras inte förrän aviseringen är läst");
        await Assertions.Expect(page.GetByTestId("decision-description")).ToHaveValueAsync("Ekonomiskt bistånd 800 kr till mat");
        await page.Locator("[data-testid^=decision-ack-]").CheckAsync();
        await page.GetByTestId("decision-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-error")).ToContainTextAsync("strider mot aviseringen");
        await page.Locator("[data-testid^=decision-ack-]").CheckAsync();
        await page.GetByTestId("decision-notice-reason").FillAsync("Barnet saknar mat i natt och handläggaren nås inte");
        await page.GetByTestId("decision-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Beslutet är registrerat");
        await Assertions.Expect(page.GetByTestId("measures")).ToContainTextAsync("trots avisering: Barnet saknar mat i natt");

        // A 13 § LVM order goes to the administrative court at once (15 § LVM).
        await page.GetByTestId("decision-kind").SelectOptionAsync("LvmEmergencyCare");
        await page.GetByTestId("decision-description").FillAsync("Omedelbart omhändertagande enligt 13 § LVM");
        await Assertions.Expect(page.GetByTestId("decision-by")).ToContainTextAsync("Karin Ek, Ordförande i socialnämnden – tel. 070-123 45 67");
        await page.GetByTestId("decision-by").SelectOptionAsync("Karin Ek");
        var stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        await page.GetByTestId("decision-reached").FillAsync(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(-5), stockholm).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("decision-notice-reason").FillAsync("Omhändertagandet kan inte vänta till måndag");
        await page.GetByTestId("decision-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Beslutet är registrerat");
        await Assertions.Expect(page.Locator("[data-testid^=court-deadline-]")).ToContainTextAsync("till förvaltningsrätten genast (15 § LVM)");
        await Assertions.Expect(page.GetByTestId("measures")).ToContainTextAsync("beslutat av Karin Ek (Ordförande i socialnämnden) (nådd");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_report_being_written_is_saved_on_the_server_while_typing_and_is_there_after_a_reload()
    {
        var page = await app.LoggedInPage("anna");
        var caseId = await AppPages.RegisterCaseAsync(page);
        await page.GotoAsync($"/Arenden/Arende/{caseId}");

        var marker = "Utkast " + Guid.NewGuid().ToString("N")[..8];
        await page.GetByTestId("report-text").FillAsync("Flickan är hos mormor i natt. " + marker);
        await Assertions.Expect(page.Locator("[data-report-draft-status]")).ToHaveTextAsync("Utkastet är sparat.", new() { Timeout = 15_000 });
        await page.ReloadAsync();

        await Assertions.Expect(page.GetByTestId("report-text")).ToHaveValueAsync(new Regex(marker));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_morning_handover_opens_on_the_coming_08_00_for_every_municipality_without_a_click()
    {
        var page = await app.LoggedInPage("erik");
        await page.GotoAsync("/Overlamning");

        await Assertions.Expect(page.GetByTestId("handover").Locator("section")).ToHaveCountAsync(8);
        await Assertions.Expect(page.GetByTestId("handover-municipality")).ToHaveValueAsync("alla");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm")).DateTime);
        var shown = DateOnly.ParseExact(await page.Locator("#handover-date").InputValueAsync(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(shown.DayNumber - today.DayNumber, 0, 5); // the coming 08:00: today before 08:00, else the next weekday
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("J\\d+")]
    private static partial Regex CaseId();
}
