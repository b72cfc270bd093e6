using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>
/// A form sent twice (a double click, a reload, a retry after a lost answer) carries the same hidden key and registers once
/// (ADR 0035); the same form without its key registers twice, as before.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class IdempotentFormTests(AppFixture app)
{
    /// <summary>Sends the time form, as drawn, twice from the page (the browser's own fetch, the page's cookies and origin).</summary>
    private const string SendTwice = """
        async ([withKey]) => {
            const form = document.querySelector('[data-testid=time-submit]').form;
            const data = new URLSearchParams(new FormData(form));
            if (!withKey) data.delete('__IdempotencyKey');
            const statuses = [];
            for (let i = 0; i < 2; i++) {
                const r = await fetch(form.action, { method: 'POST', body: data, redirect: 'manual' });
                statuses.push(r.type === 'opaqueredirect' ? 302 : r.status);
            }
            return statuses;
        }
        """;

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public async Task The_time_form_sent_twice_registers_once_with_its_hidden_key_and_twice_without(bool withKey, int expected)
    {
        var page = await app.LoggedInPage("anna");
        var caseId = await AppPages.RegisterCaseAsync(page);
        await page.GotoAsync("/Arenden/Arende/" + caseId);
        await page.GetByTestId("time-minutes").FillAsync("25");
        await page.GetByTestId("time-note").FillAsync("Dubbelklick");

        var statuses = await page.EvaluateAsync<int[]>(SendTwice, new object[] { withKey });

        Assert.Equal([302, 302], statuses);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("time-entries").Locator("li")).ToHaveCountAsync(expected);
        await page.Context.CloseAsync();
    }
}
