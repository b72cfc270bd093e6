using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>
/// The social worker who goes out within 2 hours has a phone or a tablet in hand, the one at the desk a laptop: no page
/// may be wider than the window, the navigation must stay reachable, and wide tables scroll inside their own box.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ResponsiveLayoutTests(AppFixture app)
{
    [Fact]
    public async Task The_contact_form_fits_a_1280_px_window_also_after_the_register_check()
    {
        var page = await app.LoggedInPage("anna");
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/Arenden/Ny");

        await AssertFits(page);
        await page.GetByTestId("person-0-identity").FillAsync(AppPages.Identity);
        await page.GetByTestId("person-1-identity").FillAsync("19851130-2385");
        await page.GetByTestId("check-register").ClickAsync();
        await Assertions.Expect(page.GetByTestId("person-1-register")).ToBeVisibleAsync();
        await AssertFits(page);
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("ny-kontakt-1280"), FullPage = true });

        // The keyboard reaches the buttons after the last field, and the focus is visible.
        await page.GetByTestId("person-3-category").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("check-register")).ToBeFocusedAsync();
        Assert.Equal("solid", await page.GetByTestId("check-register").EvaluateAsync<string>("b => getComputedStyle(b).outlineStyle"));
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("contact-submit")).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(390, 844)] // phone
    [InlineData(820, 1180)] // tablet
    public async Task The_look_up_and_the_case_page_fit_a_phone_and_a_tablet_with_the_navigation_and_case_selector_on_screen(int width, int height)
    {
        var page = await app.LoggedInPage("erik");
        await page.SetViewportSizeAsync(width, height);
        var caseId = await AppPages.RegisterCaseAsync(page);

        await page.GetByTestId("nav-lookup").ClickAsync();
        await AssertFits(page);
        await page.GotoAsync("/Sok?arende=" + caseId);
        await AssertInsideWindow(page.GetByTestId("case"), width);
        await AppPages.LookUp(page);
        await AssertFits(page);
        await AssertScrollsInItsOwnBox(page.GetByTestId("sources"));
        await AssertScrollsInItsOwnBox(page.GetByTestId("placements"));
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath($"uppslag-{width}"), FullPage = true });

        await page.GotoAsync("/Arenden/Arende/" + caseId);
        await AssertFits(page);
        await AssertInsideWindow(page.GetByTestId("report-text"), width);
        await AssertInsideWindow(page.GetByTestId("decision-submit"), width);
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath($"arende-{width}"), FullPage = true });

        // Every navigation link can be seen and used.
        var links = page.Locator("header nav a");
        Assert.True(await links.CountAsync() >= 10);
        for (var i = 0; i < await links.CountAsync(); i++)
        {
            await AssertInsideWindow(links.Nth(i), width);
        }

        await page.GetByTestId("nav-cases").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Arenden$"));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(820, 1180)]
    public async Task No_page_is_wider_than_a_phone_or_a_tablet(int width, int height)
    {
        var page = await app.LoggedInPage("erik");
        await page.SetViewportSizeAsync(width, height);
        var caseId = await AppPages.RegisterCaseAsync(page);
        var problems = new List<string>();
        foreach (var p in AppPages.All.Where(p => p.Roles.Contains("erik")))
        {
            await page.GotoAsync(p.Path.Replace("{case}", caseId, StringComparison.Ordinal));
            if (p.Prepare is not null)
            {
                await p.Prepare(page);
            }

            var overflow = await Overflow(page);
            if (overflow.Length > 0)
            {
                problems.Add($"{p}: {overflow}");
            }
        }

        Assert.True(problems.Count == 0, $"Sidor bredare än {width} px:\n" + string.Join("\n", problems));
        await page.Context.CloseAsync();
    }

    /// <summary>Empty when the page fits its window; otherwise how wide it is and its widest elements.</summary>
    private static Task<string> Overflow(IPage page) => page.EvaluateAsync<string>("""
        () => {
            const root = document.documentElement;
            if (root.scrollWidth <= root.clientWidth) return "";
            const wide = [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.closest(".table-wrap table"))
                .slice(-4).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "") + " " + Math.round(e.getBoundingClientRect().right) + "px");
            return `${root.scrollWidth} px bred i ett fönster på ${root.clientWidth} px: ${wide.join(", ")}`;
        }
        """);

    private static async Task AssertFits(IPage page)
    {
        var overflow = await Overflow(page);
        Assert.True(overflow.Length == 0, $"{page.Url}: {overflow}");
    }

    private static async Task AssertInsideWindow(ILocator element, int width)
    {
        await Assertions.Expect(element).ToBeVisibleAsync();
        var box = await element.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width + 0.5, $"{element} ligger utanför fönstret: x={box.X}, bredd={box.Width}, fönster={width}");
    }

    private static async Task AssertScrollsInItsOwnBox(ILocator table)
    {
        var overflowX = await table.EvaluateAsync<string>("t => t.parentElement.classList.contains('table-wrap') ? getComputedStyle(t.parentElement).overflowX : 'ingen egen ruta'");
        Assert.Equal("auto", overflowX);
    }
}
