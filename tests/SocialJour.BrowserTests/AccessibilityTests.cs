using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>
/// Every page passes an automated WCAG 2.2 AA check (axe-core, with the 2.2 rules such as the 24 × 24 px target size) for
/// each role that can open it, on a laptop and on a phone: no serious or critical violations. Axe finds only part of what WCAG asks (not e.g. whether a label is the right words), but what it finds is real.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccessibilityTests(AppFixture app)
{
    /// <summary>The WCAG 2.0, 2.1 and 2.2 A and AA rules (axe-core has no rule tagged wcag22a: 2.2's new A criteria are not automatable).</summary>
    internal static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private static readonly AxeRunOptions Wcag22AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
        ResultTypes = [ResultType.Violations],
    };

    [Fact]
    public void The_check_covers_every_page_in_the_source_tree()
    {
        var covered = AppPages.All.Concat(AppPages.Anonymous).Select(p => p.Page).ToHashSet(StringComparer.Ordinal);

        var missing = AppPages.InSourceTree().Where(p => !covered.Contains(p)).ToList();

        Assert.True(missing.Count == 0, "Sidor utan tillgänglighetskontroll: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Every_page_has_no_serious_or_critical_WCAG_2_2_AA_violations_for_any_role()
    {
        var problems = new List<string>();
        var anonymous = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl.ToString(), Locale = "sv-SE" });
        var login = await anonymous.NewPageAsync();
        foreach (var p in AppPages.Anonymous)
        {
            await login.GotoAsync(p.Path);
            if (p.Prepare is not null)
            {
                await p.Prepare(login);
            }

            problems.AddRange(await Check(login, "utloggad", p));
        }

        await anonymous.CloseAsync();

        // A case to open, look up from and attach notices to: registered by the social worker, seen by the manager too.
        var anna = await app.LoggedInPage("anna");
        var caseId = await AppPages.RegisterCaseAsync(anna);
        await anna.Context.CloseAsync();

        foreach (var user in new[] { "anna", "erik", "ida" })
        {
            var page = await app.LoggedInPage(user);
            foreach (var p in AppPages.All.Where(p => p.Roles.Contains(user)))
            {
                await page.GotoAsync(p.Path.Replace("{case}", caseId, StringComparison.Ordinal));
                if (p.Prepare is not null)
                {
                    await p.Prepare(page);
                }

                problems.AddRange(await Check(page, user, p));
            }

            await page.Context.CloseAsync();
        }

        Assert.True(problems.Count == 0, "WCAG 2.2 AA-fel (axe, allvarliga/kritiska):\n" + string.Join("\n", problems));
    }

    /// <summary>On a phone (390 px) the tables are stacked and the targets small screens make tight: the unit manager's pages, who opens the most.</summary>
    [Fact]
    public async Task Every_page_has_no_serious_or_critical_WCAG_2_2_AA_violations_on_a_phone()
    {
        var problems = new List<string>();
        var page = await app.LoggedInPage("erik");
        await page.SetViewportSizeAsync(390, 844);
        var caseId = await AppPages.RegisterCaseAsync(page);
        foreach (var p in AppPages.All.Where(p => p.Roles.Contains("erik")))
        {
            await page.GotoAsync(p.Path.Replace("{case}", caseId, StringComparison.Ordinal));
            if (p.Prepare is not null)
            {
                await p.Prepare(page);
            }

            problems.AddRange(await Check(page, "erik (390 px)", p));
        }

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, "WCAG 2.2 AA-fel på en telefon (axe, allvarliga/kritiska):\n" + string.Join("\n", problems));
    }

    private static async Task<IEnumerable<string>> Check(IPage page, string user, AppPage p)
    {
        var result = await page.RunAxe(Wcag22AA);
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes.Select(n => $"{p} som {user}: {v.Id} ({v.Impact}) {v.Help} – {n.Target} {Shorten(n.Html)}"));
    }

    private static string Shorten(string html) => html.Length <= 140 ? html : html[..140] + "…";
}
