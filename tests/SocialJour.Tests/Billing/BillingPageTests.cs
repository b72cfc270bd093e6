using System.Net;
using SocialJour.Tests.Security;

namespace SocialJour.Tests.Billing;

/// <summary>The billing page answers bad input with a Swedish message on the page, never an error page, and only the unit manager opens it.</summary>
[Collection(HostCollection.Name)]
public sealed class BillingPageTests(HostFixture host)
{
    [Theory]
    [InlineData("/Fakturering?ar=1999", "Året 1999 ligger utanför 2000–2100.")]
    [InlineData("/Fakturering?ar=tjugo", "Året &#x27;tjugo&#x27; är inget år")]
    public async Task A_year_out_of_range_or_not_a_year_is_named_on_the_page(string url, string message)
    {
        using var erik = await HostClients.LoggedIn(host, "erik");

        var response = await erik.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_unit_manager_sees_the_billing_page()
    {
        using var erik = await HostClients.LoggedIn(host, "erik");
        using var anna = await HostClients.LoggedIn(host, "anna");
        using var ida = await HostClients.LoggedIn(host, "ida");

        Assert.Equal(HttpStatusCode.OK, (await erik.GetAsync("/Fakturering?ar=2021")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anna.GetAsync("/Fakturering")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await ida.GetAsync("/Fakturering")).StatusCode);
    }
}
