using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>
/// The social worker who goes out within 2 hours has a phone or a tablet in hand, the one at the desk a laptop: no page
/// may be wider than the window, the navigation must stay reachable, and no table is cut: at 1280 px every column shows, and a
/// table too wide for a tablet or a phone is stacked (one card per row, each value under its heading), never scrolled sideways.
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
        await AssertWholeTable(page.GetByTestId("sources"), width);
        await AssertWholeTable(page.GetByTestId("placements"), width);
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

    /// <summary>
    /// What the outside testers do at 1280, 820 and 390 px: every page a user's roles open (with its results shown), and on
    /// each no table cell, link, button or field outside the window or cut by a box that hides or scrolls what overflows it.
    /// </summary>
    [Theory]
    [InlineData(1280, 800, "erik")]
    [InlineData(820, 1180, "erik")]
    [InlineData(390, 844, "erik")]
    [InlineData(1280, 800, "anna")]
    [InlineData(390, 844, "anna")]
    [InlineData(390, 844, "ida")]
    public async Task Nothing_on_any_page_is_cut_or_needs_scrolling_sideways(int width, int height, string user)
    {
        var page = await app.LoggedInPage(user);
        await page.SetViewportSizeAsync(width, height);
        var caseId = user == "ida" ? "" : await AppPages.RegisterCaseAsync(page);
        var problems = new List<string>();
        foreach (var p in AppPages.All.Where(p => p.Roles.Contains(user)))
        {
            await page.GotoAsync(p.Path.Replace("{case}", caseId, StringComparison.Ordinal));
            if (p.Prepare is not null)
            {
                await p.Prepare(page);
            }

            var found = (await Overflow(page) + "\n" + await Cut(page)).Trim();
            if (found.Length > 0)
            {
                problems.Add($"{p}: {found}");
            }

            if (width >= 1280)
            {
                // On a laptop a table is a table: every column side by side, none stacked into cards.
                var stacked = await page.Locator("main table.stacked").EvaluateAllAsync<string[]>("""
                    ts => ts.map(t => {
                        t.classList.remove("stacked");
                        const wide = `${Math.round(t.getBoundingClientRect().width)} px på ${t.parentElement.clientWidth} px`;
                        t.classList.add("stacked");
                        return `${t.dataset.testid || t.caption?.textContent || "?"} (${wide})`;
                    })
                    """);
                if (stacked.Length > 0)
                {
                    problems.Add($"{p}: staplade vid {width} px: {string.Join(", ", stacked)}");
                }
            }

            if (problems.Count > 0 && problems[^1].StartsWith(p.ToString(), StringComparison.Ordinal))
            {
                var name = System.Text.RegularExpressions.Regex.Replace(p.Path, "[^A-Za-z0-9]+", "-").Trim('-');
                await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath($"avskuret-{user}-{width}-{name}"), FullPage = true });
            }
        }

        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath($"sista-sidan-{user}-{width}"), FullPage = true });
        Assert.True(problems.Count == 0, $"Avskuret vid {width} px för {user}:\n" + string.Join("\n", problems));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wide_table_is_stacked_on_a_phone_with_each_value_under_its_heading_and_keeps_its_table_roles()
    {
        var page = await app.LoggedInPage("erik");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/Fakturering?ar=2021");

        var split = page.GetByTestId("split-budget");
        await Assertions.Expect(split).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bstacked\\b"));
        await Assertions.Expect(split).ToHaveAttributeAsync("role", "table");
        var toInvoice = split.GetByTestId("payer-0191").Locator("td").Nth(9);
        await Assertions.Expect(toInvoice).ToHaveAttributeAsync("data-label", "Att fakturera");
        Assert.Equal("cell", await toInvoice.GetAttributeAsync("role"));
        Assert.Equal("Att fakturera", await toInvoice.EvaluateAsync<string>("c => getComputedStyle(c, '::before').content.replace(/\"/g, '')"));
        await AssertInsideWindow(split.GetByTestId("payer-0191").GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^PDF") }), 390);
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("fakturering-390"), FullPage = true });

        // Turned to a laptop's width, the same table is a table again.
        await page.SetViewportSizeAsync(1280, 800);
        await Assertions.Expect(split).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bstacked\\b"));
        await AssertInsideWindow(split.GetByTestId("payer-0191").GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^PDF") }), 1280);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Empty when every visible table cell, link, button and field lies inside the window and inside each box around it that
    /// hides or scrolls what overflows it; otherwise the ones that do not.
    /// </summary>
    private static Task<string> Cut(IPage page) => page.EvaluateAsync<string>("""
        () => {
            const width = document.documentElement.clientWidth;
            const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.dataset.testid ? "[" + e.dataset.testid + "]" : "")
                + " '" + (e.textContent || e.value || "").trim().slice(0, 30) + "'";
            // Visually hidden text (the skip link until focused, a stacked table's head kept for screen readers) is meant to be off screen.
            const hiddenOnPurpose = e => e.closest(".skip-link, .visually-hidden") || [...ancestors(e)].some(a => getComputedStyle(a).clip !== "auto");
            function* ancestors(e) { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) yield a; }
            const cut = [];
            for (const e of document.querySelectorAll("td, th, a, button, input, select, textarea")) {
                if (!e.checkVisibility({ visibilityProperty: true }) || hiddenOnPurpose(e)) continue;
                const r = e.getBoundingClientRect();
                if (r.width === 0 && r.height === 0) continue;
                if (r.left < -1 || r.right > width + 1) {
                    cut.push(`${name(e)} utanför fönstret (${Math.round(r.left)}–${Math.round(r.right)} px)`);
                    continue;
                }
                for (const a of ancestors(e)) {
                    const s = getComputedStyle(a);
                    if (s.overflowX === "visible" && s.overflowY === "visible") continue;
                    const b = a.getBoundingClientRect();
                    if (r.left < b.left - 1 || r.right > b.right + 1) {
                        cut.push(`${name(e)} avskuret av ${name(a)} (overflow ${s.overflowX})`);
                        break;
                    }
                }
            }
            return cut.slice(0, 6).join(", ") + (cut.length > 6 ? ` och ${cut.length - 6} till` : "");
        }
        """);

    /// <summary>Empty when the page fits its window; otherwise how wide it is and its widest elements.</summary>
    private static Task<string> Overflow(IPage page) => page.EvaluateAsync<string>("""
        () => {
            const root = document.documentElement;
            if (root.scrollWidth <= root.clientWidth) return "";
            const wide = [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
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

    /// <summary>A table shown whole: no wider than its place, which does not scroll, and every cell inside the window.</summary>
    private static async Task AssertWholeTable(ILocator table, int width)
    {
        await Assertions.Expect(table).ToBeVisibleAsync();
        var found = await table.EvaluateAsync<string>("""
            (t, width) => {
                const place = t.parentElement;
                if (getComputedStyle(place).overflowX !== "visible") return "i en ruta som rullar i sidled";
                if (t.getBoundingClientRect().width > place.clientWidth + 1) return `${Math.round(t.getBoundingClientRect().width)} px bred på ${place.clientWidth} px`;
                const outside = [...t.querySelectorAll("tbody td, tbody th")].filter(c => { const r = c.getBoundingClientRect(); return r.left < -1 || r.right > width + 1; });
                return outside.length === 0 ? "" : `${outside.length} celler utanför fönstret`;
            }
            """, width);
        Assert.True(found.Length == 0, $"{table}: {found}");
    }
}
