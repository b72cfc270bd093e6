using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>The unit manager's billing page: enter the budget, see the split, approve and lock it, download an invoice basis.</summary>
[Collection(AppCollection.Name)]
public sealed class BillingPageTests(AppFixture app)
{
    /// <summary>
    /// The demo's billing history (time and commissions 2020–2021, the 2021 budget approved and its outcome entered, AppFixture)
    /// leaves 2020 without a budget: the unit manager enters it, sees the split, approves it and sends Sigtuna its invoice basis.
    /// </summary>
    [Fact]
    public async Task The_unit_manager_enters_the_budget_sees_the_split_approves_it_and_downloads_an_invoice_basis()
    {
        var page = await app.LoggedInPage("erik");
        await page.GetByTestId("nav-billing").ClickAsync();
        await page.GetByLabel("År").FillAsync("2021");
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fakturering 2021", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("billing-model")).ToContainTextAsync("Befolkning och tid");
        await Assertions.Expect(page.GetByTestId("state-budget")).ToContainTextAsync("Godkänd version 1 av erik");
        await Assertions.Expect(page.GetByTestId("state-outcome")).ToHaveTextAsync("Utkast – ej godkänt");

        await page.GetByLabel("År").FillAsync("2020");
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fakturering 2020", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("problem-budget")).ToContainTextAsync("Budgeten för 2020");

        // A wrong amount is refused in Swedish, naming what was typed; nothing is stored.
        await page.GetByTestId("cost-amount").FillAsync("nio miljoner");
        await page.GetByTestId("cost-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("billing-error")).ToContainTextAsync("Beloppet 'nio miljoner' är inget belopp");
        await Assertions.Expect(page.GetByTestId("no-costs")).ToBeVisibleAsync();

        await page.GetByTestId("cost-amount").FillAsync("9 500 000");
        await page.GetByTestId("cost-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Budget 2020 är angiven: 9\u00a0500\u00a0000,00\u00a0kr (version 1)");
        await Assertions.Expect(page.GetByTestId("costs").Locator("tbody tr")).ToContainTextAsync("erik");
        var split = page.GetByTestId("split-budget");
        await Assertions.Expect(split.Locator("tbody tr")).ToHaveCountAsync(8);
        await Assertions.Expect(page.GetByTestId("payer-0191")).ToContainTextAsync("48\u00a0900"); // 31 December 2019
        // The 5 % fee is inside the budget (seed 002): the payers share 9 500 000 / 1,05 = 9 047 619,05 kr, and each pays 5 %
        // of its own share on its line; the one öre that rounding leaves against the budget is said on the page.
        await Assertions.Expect(split.Locator("tfoot")).ToContainTextAsync("9\u00a0047\u00a0619,05\u00a0kr");
        await Assertions.Expect(split.Locator("tfoot")).ToContainTextAsync("9\u00a0500\u00a0000,01\u00a0kr");
        await Assertions.Expect(page.GetByTestId("notes-budget")).ToContainTextAsync("Betalarnas belopp med avgift summerar till");
        await Assertions.Expect(page.GetByTestId("state-budget")).ToHaveTextAsync("Utkast – ej godkänt");
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("fakturering-utkast"), FullPage = true });

        // Approval asks first; then the period is locked and can only be corrected.
        await page.GetByTestId("approve-budget").ClickAsync();
        await Assertions.Expect(page.GetByText("Godkänna budget (julifakturan) 2020?")).ToBeVisibleAsync();
        // The question is at the top of the long page, in view, focused and announced (not at its foot, out of sight).
        var confirmation = page.GetByTestId("approve-confirmation");
        await Assertions.Expect(confirmation).ToBeFocusedAsync();
        await Assertions.Expect(confirmation).ToHaveAttributeAsync("role", "alert");
        await AssertInView(page, confirmation);
        await page.GetByTestId("approve-confirm-budget").ClickAsync();

        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("är godkänd och låst (version 1)");
        // The confirmation of the approval likewise: at the top, focused, a status message.
        await Assertions.Expect(page.GetByTestId("message")).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToHaveAttributeAsync("role", "status");
        await AssertInView(page, page.GetByTestId("message"));
        await Assertions.Expect(page.GetByTestId("state-budget")).ToContainTextAsync("Godkänd version 1 av erik den 20");
        await Assertions.Expect(page.GetByTestId("approve-budget")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("correct-form-budget")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Versioner av budget (julifakturan) 2020" })).ToContainTextAsync("Version 1 (visas)");

        // A correction without a reason is refused with the module's Swedish message, not a stack trace.
        await page.GetByTestId("correct-budget").ClickAsync();
        await Assertions.Expect(page.GetByTestId("billing-error")).ToBeVisibleAsync();
        Assert.DoesNotContain("Exception", await page.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("state-budget")).ToContainTextAsync("Godkänd version 1");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByTestId("payer-0191").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^PDF") }).ClickAsync());

        Assert.Matches(@"^fakturaunderlag-2020-budget-0191(-[a-z0-9-]+)?\.pdf$", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = string.Join(" ", pdf.GetPages().Select(p => p.Text)).Replace('\u00a0', ' ');
        Assert.Contains("Sigtuna (0191)", text, StringComparison.Ordinal);
        Assert.Contains("Godkänd version 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("UTKAST", text, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("fakturering-godkand"), FullPage = true });
        await page.Context.CloseAsync();
    }

    /// <summary>Asserts that an element lies in the window as it is scrolled now: seen without scrolling.</summary>
    private static async Task AssertInView(IPage page, ILocator element)
    {
        var box = await element.EvaluateAsync<double[]>("e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]; }");
        Assert.True(box[0] >= 0 && box[1] <= box[2], $"{element}: {box[0]}–{box[1]} px i ett fönster på {box[2]} px");
    }

    [Fact]
    public async Task A_missing_population_names_the_municipality_and_the_year_on_the_page()
    {
        var page = await app.LoggedInPage("erik");
        await page.GotoAsync("/Fakturering?ar=2019");
        await page.GetByTestId("cost-amount").FillAsync("9 000 000");
        await page.GetByTestId("cost-submit").ClickAsync();

        // The demo configuration has no population for 31 December 2018.
        await Assertions.Expect(page.GetByTestId("problem-budget")).ToContainTextAsync("Folkmängden den 31 december 2018 saknas för kommun");
        await Assertions.Expect(page.GetByTestId("approve-budget")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_social_worker_cannot_open_the_billing_page()
    {
        var page = await app.LoggedInPage("anna");

        await Assertions.Expect(page.GetByTestId("nav-billing")).ToHaveCountAsync(0);
        await page.GotoAsync("/Fakturering");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Nekad"));
        await page.Context.CloseAsync();
    }
}
