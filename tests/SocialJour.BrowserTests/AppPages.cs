using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>One page of the product as a user reaches it, with the roles that may open it.</summary>
/// <param name="Page">The Razor page under src/SocialJour.Host/Pages (e.g. "Arenden/Arende").</param>
/// <param name="Path">The address to open; {case} is replaced by a case id.</param>
/// <param name="Roles">Users who may open it (anna: social worker, erik: unit manager, ida: IT administrator).</param>
/// <param name="Prepare">What a user does on the page first to bring out its results (tables, banners), if anything.</param>
internal sealed record AppPage(string Page, string Path, string[] Roles, Func<IPage, Task>? Prepare = null)
{
    public override string ToString() => Prepare is null ? Path : Path + " (med resultat)";
}

/// <summary>Every page of the host, for the accessibility and layout checks, and a way to register a case.</summary>
internal static partial class AppPages
{
    public const string Identity = "20100315-2384";

    private static readonly string[] ClientWork = ["anna", "erik"];
    private static readonly string[] Everyone = ["anna", "erik", "ida"];

    /// <summary>The pages a logged-in user opens, some of them also after a search so their tables show.</summary>
    public static IReadOnlyList<AppPage> All { get; } =
    [
        new("Index", "/", Everyone),
        new("Sok", "/Sok", ClientWork),
        new("Sok", "/Sok?arende={case}", ClientWork, LookUp),
        new("Arenden/Index", "/Arenden", ClientWork),
        new("Arenden/Index", "/Arenden?mina=true", ClientWork),
        new("Arenden/Sammanfattning", "/Arenden/{case}/Sammanfattning", ClientWork),
        new("Arenden/Ny", "/Arenden/Ny", ClientWork),
        new("Arenden/Ny", "/Arenden/Ny", ClientWork, CheckRegister),
        new("Arenden/Arende", "/Arenden/Arende/{case}", ClientWork),
        new("Arenden/Arende", "/Arenden/Arende/{case}", ClientWork, PreviewReport),
        new("Arenden/Rapport", "/Arenden/Arende/{case}", ClientWork, SendReportAndOpenCopy),
        new("Aviseringar", "/Aviseringar", ClientWork),
        new("Uppdrag", "/Uppdrag", ClientWork),
        new("Avvikelser", "/Avvikelser", ClientWork),
        new("Overlamning", "/Overlamning", ClientWork, ShowHandover),
        new("Uppfoljning", "/Uppfoljning", ["erik"]),
        new("Atkomstlogg", "/Atkomstlogg", ["erik", "ida"], ShowAccessLog),
        new("Fakturering", "/Fakturering", ["erik"]),
        new("Fakturering", "/Fakturering?ar=2021", ["erik"], ShowBillingSplit),
        new("Statistik", "/Statistik", ["erik"]),
        new("Statistik", "/Statistik?from=2021-01-01&to=2021-12-10&compare=2", ["erik"], ShowStatistics),
        new("Statistik", "/Statistik?from=2021-12-10&to=2021-01-01", ["erik"]),
        new("Kommuner/Index", "/Kommuner", Everyone),
        new("Kommuner/Detalj", "/Kommuner/Detalj/0191", Everyone),
        new("Kalender", "/Kalender", Everyone),
        new("Nekad", "/Nekad", Everyone),
        new("Error", "/Error", Everyone),
    ];

    /// <summary>Pages opened without logging in.</summary>
    public static IReadOnlyList<AppPage> Anonymous { get; } =
    [
        new("Login", "/Login", []),
        new("Utloggad", "/Utloggad", []),
        // Continues at once (meta refresh) to the page asked for, here the start page and so the login: that is what is checked.
        new("Inloggad", "/Inloggad", [], p => Assertions.Expect(p).ToHaveURLAsync(new Regex("/Login"))),
        new("Nekad", "/Nekad?orsak=roll", []), // a sign-in the identity provider made and SocialJour refused (ADR 0027)
        new("Nekad", "/Nekad?orsak=niva", []),
    ];

    /// <summary>The Razor pages in the source tree (layouts and imports excluded), e.g. "Arenden/Ny".</summary>
    public static IReadOnlyList<string> InSourceTree()
    {
        var root = System.IO.Path.Combine(AppFixture.RepoRoot, "src", "SocialJour.Host", "Pages");
        return Directory.GetFiles(root, "*.cshtml", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(root, f).Replace('\\', '/')[..^".cshtml".Length])
            .Where(p => !p.StartsWith("Shared/", StringComparison.Ordinal) && !System.IO.Path.GetFileName(p).StartsWith('_'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Submits the contact form. The tests share one app and register the same people again and again, so when the form
    /// answers with a person's current case (a possible duplicate) this registers anew with a reason, as a user may.
    /// </summary>
    public static async Task SubmitContactAsync(IPage page)
    {
        await page.GetByTestId("contact-submit").ClickAsync();
        var candidates = page.GetByTestId("duplicate-candidates");
        await Assertions.Expect(page.GetByTestId("message").Or(candidates).Or(page.GetByTestId("contact-error"))).ToBeVisibleAsync();
        if (await candidates.IsVisibleAsync())
        {
            await page.GetByTestId("duplicate-reason").FillAsync("Webbtesterna registrerar samma personer flera gånger");
            await page.GetByTestId("register-anew").ClickAsync();
        }
    }

    /// <summary>Registers a contact about one person through the contact form and returns the new case's id.</summary>
    public static async Task<string> RegisterCaseAsync(IPage page, string identity = Identity, string municipality = "Sigtuna")
    {
        await page.GotoAsync("/Arenden/Ny");
        await page.GetByTestId("channel").SelectOptionAsync(new SelectOptionValue { Label = "Polisen" });
        await page.GetByTestId("person-0-identity").FillAsync(identity);
        await page.GetByTestId("person-0-municipality").SelectOptionAsync(new SelectOptionValue { Label = municipality });
        await page.GetByTestId("person-0-category").SelectOptionAsync(new SelectOptionValue { Label = "Barn och unga" });
        await AppPages.SubmitContactAsync(page);
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Kontakten är registrerad");
        return CaseId().Match(await page.GetByTestId("message").InnerTextAsync()).Value;
    }

    /// <summary>On the look-up page opened from a case: looks the case's person up.</summary>
    public static async Task LookUp(IPage page)
    {
        await page.GetByTestId("identity").FillAsync(Identity);
        await page.GetByTestId("purpose").FillAsync("Skyddsbedömning");
        await page.GetByTestId("lookup-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("result")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private static async Task CheckRegister(IPage page)
    {
        await page.GetByTestId("person-0-identity").FillAsync(Identity);
        await page.GetByTestId("person-1-identity").FillAsync("19851130-2385");
        await page.GetByTestId("check-register").ClickAsync();
        await Assertions.Expect(page.GetByTestId("person-1-register")).ToBeVisibleAsync();
    }

    /// <summary>On the case page: previews a report (the document as the municipality will receive it).</summary>
    private static async Task PreviewReport(IPage page)
    {
        await page.GetByTestId("report-text").FillAsync("Polisen ringde om flickan. Hon är hos mormor i natt; socialtjänsten behöver ringa familjen på måndag.");
        await page.GetByTestId("report-preview-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-preview")).ToBeVisibleAsync();
    }

    /// <summary>On the case page: sends a report and opens its printable copy.</summary>
    private static async Task SendReportAndOpenCopy(IPage page)
    {
        await PreviewReport(page);
        await page.GetByTestId("report-submit").ClickAsync();
        await page.Locator("[data-testid^=report-copy-]").Last.ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-document")).ToBeVisibleAsync();
    }

    private static async Task ShowHandover(IPage page)
    {
        await page.GetByTestId("handover-show").ClickAsync();
        await Assertions.Expect(page.GetByTestId("handover")).ToBeVisibleAsync();
    }

    private static async Task ShowAccessLog(IPage page)
    {
        await page.GetByTestId("show-log").ClickAsync();
        await Assertions.Expect(page.GetByTestId("access-log")).ToBeVisibleAsync();
    }

    /// <summary>On the billing page for 2021 (the demo history's year): the approved budget's and the draft outcome's split tables.</summary>
    private static async Task ShowBillingSplit(IPage page)
    {
        await Assertions.Expect(page.GetByTestId("split-budget")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("split-outcome")).ToBeVisibleAsync();
    }

    /// <summary>On the statistics page for 1 January–10 December 2021 with two comparison years: the tables and the charts beside them.</summary>
    private static async Task ShowStatistics(IPage page)
    {
        await Assertions.Expect(page.GetByTestId("table-key-figures")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("chart-cases-by-period").Locator("svg")).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"J\d+")]
    private static partial Regex CaseId();
}
