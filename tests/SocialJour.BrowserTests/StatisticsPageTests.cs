using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace SocialJour.BrowserTests;

/// <summary>The unit manager's statistics page: pick a period, read the key figures and a chart, download the XLSX and find the same figure in it.</summary>
[Collection(AppCollection.Name)]
public sealed class StatisticsPageTests(AppFixture app)
{
    [Fact]
    public async Task The_unit_manager_picks_a_year_sees_the_key_figures_and_a_chart_and_downloads_the_xlsx()
    {
        // A case this year, so the year has at least one (the figures reach statistics through intake's events).
        var anna = await app.LoggedInPage("anna");
        await AppPages.RegisterCaseAsync(anna);
        await anna.Context.CloseAsync();

        var page = await app.LoggedInPage("erik");
        await page.GetByTestId("nav-statistics").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Statistik", Exact = true })).ToBeVisibleAsync();

        // A period that ends before it begins is named beside its field, in Swedish.
        await page.GetByLabel("Från och med").FillAsync("2021-12-10");
        await page.GetByLabel("Till och med").FillAsync("2021-01-01");
        await page.GetByTestId("statistics-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("to-error")).ToContainTextAsync("ligger före startdatum");
        await Assertions.Expect(page.GetByLabel("Till och med")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.DoesNotContain("Exception", await page.ContentAsync(), StringComparison.Ordinal);

        // The quick choice: the whole of this year, compared with the year before.
        var year = DateTime.Now.Year;
        await page.GetByLabel("Jämför med tidigare år").SelectOptionAsync("1");
        await page.GetByTestId("statistics-submit").ClickAsync(); // keeps the choice of comparison in the quick form
        await page.GetByLabel("Snabbval för år").FillAsync(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("quick-year").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Socialjouren statistik totalt {year}", Exact = true })).ToBeVisibleAsync();

        var cases = page.GetByTestId("row-key-figures-cases").Locator("td").Last;
        for (var attempt = 0; attempt < 20 && await cases.InnerTextAsync() == "0"; attempt++)
        {
            await Task.Delay(500); // the case's events are delivered after the registration's answer
            await page.ReloadAsync();
        }

        var shown = (await cases.InnerTextAsync()).Replace("\u00a0", "", StringComparison.Ordinal);
        Assert.Matches("^[1-9][0-9]*$", shown);
        await Assertions.Expect(page.GetByTestId("table-key-figures").Locator("caption")).ToHaveTextAsync("Nyckeltal");
        var chart = page.GetByTestId("chart-cases-by-period").Locator("figure[role=img]");
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(chart).ToHaveAttributeAsync("aria-label", new Regex("^Ärenden och ärenden som rör barn och unga per period"));
        await Assertions.Expect(chart.Locator("svg text").First).ToBeAttachedAsync();
        await page.ScreenshotAsync(new() { Path = AppFixture.ScreenshotPath("statistik"), FullPage = true });

        // This year has not ended and is not the jour's release period: its figures do not leave the jour (issue 23 2e).
        await Assertions.Expect(page.GetByTestId("download-xlsx")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("downloads-refused")).ToContainTextAsync("rapportperioder");

        // Last year's release period (1 January–10 December, as Nordväst reports) is downloaded, with the figure the page shows.
        var last = (year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByLabel("Snabbval för år").FillAsync(last);
        await page.GetByTestId("quick-dec10").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Socialjouren statistik totalt {last}-01-01 – {last}-12-10", Exact = true })).ToBeVisibleAsync();
        var lastShown = (await page.GetByTestId("row-key-figures-cases").Locator("td").Last.InnerTextAsync()).Replace("\u00a0", "", StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-xlsx").ClickAsync());

        Assert.Equal($"socialjouren-statistik-{last}-01-01--{last}-12-10.xlsx", download.SuggestedFilename);
        await using var stream = File.OpenRead((await download.PathAsync())!);
        var rows = stream.Query(useHeaderRow: true, sheetName: "Nyckeltal").Cast<IDictionary<string, object?>>().ToList();
        var inSheet = rows.Single(r => (string?)r["Mått"] == "Ärenden")[$"{last}-01-01 – {last}-12-10"];
        Assert.Equal(lastShown == "<5" ? "<5" : (object)double.Parse(lastShown, System.Globalization.CultureInfo.InvariantCulture), inSheet);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_social_worker_cannot_open_the_statistics_page()
    {
        var page = await app.LoggedInPage("anna");

        await Assertions.Expect(page.GetByTestId("nav-statistics")).ToHaveCountAsync(0);
        await page.GotoAsync("/Statistik");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Nekad"));
        await page.Context.CloseAsync();
    }
}
