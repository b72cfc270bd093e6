using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace SocialJour.BrowserTests;

/// <summary>
/// Sign-in through the real OpenID Connect redirect flow (ADR 0027): SocialJour sends the browser to the identity provider
/// (the simulator's dev provider, real tokens), the user signs in on its page and comes back signed in; a refused sign-in
/// ends on a Swedish page without a session; logout ends the session, and so does revoking the user at the provider.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SignInTests(AppFixture app)
{
    [Fact]
    public async Task Anna_signs_in_on_the_identity_providers_page_and_lands_on_the_start_page_with_her_name()
    {
        var page = await NewPage();

        await SignInAtProvider(page, "anna", checkAccessibility: true);

        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl.ToString());
        await Assertions.Expect(page.GetByTestId("current-user")).ToHaveTextAsync("Anna Berg (Socialsekreterare)");
        await Assertions.Expect(page.GetByTestId("nav-lookup")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_page_asked_for_before_signing_in_opens_after_it()
    {
        var page = await NewPage();
        await page.GotoAsync("/Statistik");

        await SignInAtProvider(page, "erik");

        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "Statistik");
        await Assertions.Expect(page.GetByTestId("current-user")).ToHaveTextAsync("Erik Sand (Enhetschef)");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Logout_ends_the_session_and_the_next_visit_asks_for_a_login_again()
    {
        var page = await NewPage();
        await SignInAtProvider(page, "ida");
        await Assertions.Expect(page.GetByTestId("current-user")).ToHaveTextAsync("Ida Ström (IT-administratör)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "Utloggad");
        await Assertions.Expect(page.GetByTestId("logged-out")).ToBeVisibleAsync();
        await page.GotoAsync("/Kommuner");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Login"));
        await Assertions.Expect(page.GetByTestId("current-user")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_user_without_a_mapped_role_gets_Nekad_and_no_session()
    {
        var page = await NewPage();

        await SignInAtProvider(page, "olle");

        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "Nekad?orsak=roll");
        await Assertions.Expect(page.GetByTestId("access-denied")).ToContainTextAsync("ingen roll i SocialJour");
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Login"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_sign_in_without_the_required_authentication_level_is_refused_with_a_Swedish_page()
    {
        var page = await NewPage();

        await SignInAtProvider(page, "pia");

        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "Nekad?orsak=niva");
        await Assertions.Expect(page.GetByTestId("access-denied")).ToContainTextAsync("Inloggningen räcker inte för SocialJour");
        await Assertions.Expect(page.GetByTestId("current-user")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_user_revoked_at_the_identity_provider_is_sent_to_sign_in_again_at_her_next_click()
    {
        var page = await NewPage();
        await SignInAtProvider(page, "erik");
        await Assertions.Expect(page.GetByTestId("current-user")).ToHaveTextAsync("Erik Sand (Enhetschef)");

        // IT disables erik's account at the provider; the provider tells SocialJour (back-channel logout, ADR 0027).
        using var control = new HttpClient { BaseAddress = app.SimulatorUrl };
        using var revoke = await control.PostAsync("/dev-idp/users/erik/revoke", null);
        Assert.Contains("\"status\":\"200\"", await revoke.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await page.GotoAsync("/Kommuner");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Login"));
        await Assertions.Expect(page.GetByTestId("current-user")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> NewPage()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl.ToString(), Locale = "sv-SE" });
        return await context.NewPageAsync();
    }

    /// <summary>From wherever the login page is reached: to the provider, its login page, and back.</summary>
    private async Task SignInAtProvider(IPage page, string user, bool checkAccessibility = false)
    {
        if (!page.Url.Contains("/Login", StringComparison.Ordinal))
        {
            await page.GotoAsync("/Login");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Logga in med organisationens inloggning" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(app.SimulatorUrl + "connect/authorize")));
        if (checkAccessibility)
        {
            var result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. AccessibilityTests.WcagTags] },
                ResultTypes = [ResultType.Violations],
            });
            var problems = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
            Assert.True(problems.Count == 0, "Identitetsleverantörens inloggningssida: " + string.Join("; ", problems));
        }

        await page.GetByLabel("Användarnamn").FillAsync(user);
        await page.GetByLabel("Lösenord").FillAsync("jour2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
    }
}
