using System.Net;
using System.Net.Http.Json;
using System.Text;
using Autofac;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core.Audit;
using SocialJour.Tests.Security;

namespace SocialJour.Tests.Billing;

/// <summary>
/// The billing API through the real host (/api/billing): the unit manager's only; bad years and periods are 400s naming the
/// field; costs, the ledger import, the draft, approval, correction and the invoice basis as a municipality checks it.
/// Uses the year 2020 of the shared host's demo jour (Nordväst, PopulationAndTime).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BillingApiTests(HostFixture host)
{
    [Fact]
    public async Task A_social_worker_is_refused_and_the_unit_manager_gets_the_year()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        using var erik = await HostClients.LoggedIn(host, "erik");

        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync("/api/billing/2020")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.PutAsJsonAsync("/api/billing/2020/costs/budget", new { amount = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await HostClients.Anonymous(host).GetAsync("/api/billing/2020")).StatusCode);

        var response = await erik.GetAsync("/api/billing/2020");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var year = await HostClients.Json(response);
        Assert.Equal("PopulationAndTime", year.GetProperty("model").GetString());
        Assert.Equal(["Budget", "Outcome"], year.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("period").GetString()));
    }

    [Fact]
    public async Task A_bad_year_period_or_version_is_a_400_naming_the_field()
    {
        using var erik = await HostClients.LoggedIn(host, "erik");

        foreach (var (path, field) in new[] { ("/api/billing/20x0", "year"), ("/api/billing/1850/budget", "year"), ("/api/billing/2020/kvartal", "period"), ("/api/billing/2020/budget?version=0", "version") })
        {
            var response = await erik.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(field, (await HostClients.Json(response)).GetProperty("field").GetString());
        }

        var other = await erik.GetAsync("/api/billing/2020/year-end");
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Contains("finns inte i jourens modell", (await HostClients.Json(other)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unit_manager_enters_costs_approves_corrects_and_reads_a_municipalitys_invoice_basis()
    {
        using var erik = await HostClients.LoggedIn(host, "erik");
        var scope = host.Factory.Services.GetRequiredService<ILifetimeScope>();
        await BillingTestBed.TimeAsync(scope, "J1", "0191", 60, new DateTimeOffset(2020, 2, 3, 20, 0, 0, TimeSpan.FromHours(1)));
        await BillingTestBed.TimeAsync(scope, "J2", "0123", 90, new DateTimeOffset(2020, 3, 3, 20, 0, 0, TimeSpan.FromHours(1)));

        var put = await erik.PutAsJsonAsync("/api/billing/2020/costs/budget", new { amount = 9_500_000m });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(1, (await HostClients.Json(put)).GetProperty("version").GetInt32());
        var change = await erik.PutAsJsonAsync("/api/billing/2020/costs/budget", new { amount = 9_600_000m });
        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        Assert.Equal("reason", (await HostClients.Json(change)).GetProperty("field").GetString());

        var ledger = await erik.PostAsync("/api/billing/2020/costs/utfall/ledger?column=Budget%202022", new StringContent(BillingTestBed.SeedLedgerTable(), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);
        var imported = await HostClients.Json(ledger);
        Assert.Equal((10_540_000m, "Huvudbok"), (imported.GetProperty("amount").GetDecimal(), imported.GetProperty("source").GetString()));

        var draft = await HostClients.Json(await erik.GetAsync("/api/billing/2020/budget"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, draft.GetProperty("version").ValueKind);

        var approve = await erik.PostAsync("/api/billing/2020/budget/approve", null);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var v1 = await HostClients.Json(approve);
        Assert.Equal((1, true, "erik"), (v1.GetProperty("version").GetInt32(), v1.GetProperty("locked").GetBoolean(), v1.GetProperty("approvedBy").GetString()));
        var twice = await erik.PostAsync("/api/billing/2020/budget/approve", null);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal("period", (await HostClients.Json(twice)).GetProperty("field").GetString());

        await BillingTestBed.TimeAsync(scope, "J3", "0191", 30, new DateTimeOffset(2020, 4, 3, 20, 0, 0, TimeSpan.FromHours(2)));
        var shortReason = await erik.PostAsJsonAsync("/api/billing/2020/budget/corrections", new { reason = "fel" });
        Assert.Equal("reason", (await HostClients.Json(shortReason)).GetProperty("field").GetString());
        var corrected = await HostClients.Json(await erik.PostAsJsonAsync("/api/billing/2020/budget/corrections", new { reason = "Tid i Sigtuna registrerades sent" }));
        Assert.Equal((2, "Tid i Sigtuna registrerades sent"), (corrected.GetProperty("version").GetInt32(), corrected.GetProperty("correctionReason").GetString()));
        Assert.Equal(1, (await HostClients.Json(await erik.GetAsync("/api/billing/2020/budget?version=1"))).GetProperty("version").GetInt32());

        var basis = await erik.GetAsync("/api/billing/2020/budget/invoices/0191");
        Assert.Equal(HttpStatusCode.OK, basis.StatusCode);
        var json = await HostClients.Json(basis);
        Assert.Equal(["J1", "J3"], json.GetProperty("time").EnumerateArray().Select(t => t.GetProperty("caseId").GetString()));
        Assert.Equal(90, json.GetProperty("payer").GetProperty("minutes").GetInt64());
        Assert.DoesNotMatch(@"\d{8}-?\d{4}", await basis.Content.ReadAsStringAsync()); // no identity numbers

        // The audit log's head, published at the correction, comes with the invoice basis and covers the correction's entry (issue 23 3c).
        var transparency = host.Factory.Services.GetRequiredService<ITransparencyLog>();
        var correction = (await host.Factory.Services.GetRequiredService<IAuditLog>().RecentAsync(50)).First(e => e.Action == "billing.corrected" && e.Subject == "2020/Budget");
        var pdf = await erik.GetAsync("/api/billing/2020/budget/invoices/0191.pdf");
        // The PDF prints the approval in the jour's time, as the page does (not UTC).
        var approvedAt = (await HostClients.Json(await erik.GetAsync("/api/billing/2020/budget"))).GetProperty("approvedAt").GetDateTimeOffset();
        var local = TimeZoneInfo.ConvertTime(approvedAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm")).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        using (var document = UglyToad.PdfPig.PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync()))
        {
            Assert.Contains(local, string.Join(" ", document.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
        }

        foreach (var response in new[] { basis, pdf })
        {
            var head = SignedTreeHead.Parse(Assert.Single(response.Headers.GetValues(TransparencyLogs.AuditHeadHeader)), out _)!;
            Assert.Equal(TransparencyLogs.Audit, head.Log);
            Assert.Null(transparency.Key!.Check(head));
            Assert.True(head.TreeSize >= correction.Sequence);
        }

        Assert.Contains(transparency.PublishedHeads(), h => h.Log == TransparencyLogs.Audit && h.TreeSize >= correction.Sequence);

        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync("/api/billing/2020/budget/invoices/1287")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync("/api/billing/2020/budget/invoices/0191?committee=Kulturn%C3%A4mnden")).StatusCode);
        Assert.Equal("municipalityCode", (await HostClients.Json(await erik.GetAsync("/api/billing/2020/budget/invoices/01x1"))).GetProperty("field").GetString());
    }
}
