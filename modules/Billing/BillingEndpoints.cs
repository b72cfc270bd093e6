using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Security;
using SocialJour.Modules.Billing.Contracts;
using static SocialJour.Modules.Billing.BillingPeriods;

namespace SocialJour.Modules.Billing;

/// <summary>The body of PUT /api/billing/{year}/costs/{kind}.</summary>
internal sealed record CostBody(decimal? Amount, string? Reason);

/// <summary>The JSON body of POST /api/billing/{year}/costs/{kind}/ledger (or send the table itself as text/plain, with ?column=&amp;reason=).</summary>
internal sealed record LedgerBody(string? Table, string? Column, string? Reason);

/// <summary>The body of POST /api/billing/{year}/{period}/corrections.</summary>
internal sealed record CorrectionBody(string? Reason);

/// <summary>
/// The billing API under /api/billing, for the unit manager (<see cref="Policies.Billing"/>). Years and periods are read
/// here so that a bad one is a 400 naming the field (budget | outcome | annual-fee | year-end, or budget | utfall | arsavgift | bokslut).
/// </summary>
internal static class BillingEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var billing = routes.MapGroup("/api/billing").RequireAuthorization(Policies.Billing).WithTags("Billing");

        billing.MapGet("/{year}", async (string year, IBillingModule module, CancellationToken ct) =>
            Results.Ok(await module.YearAsync(ParseYear(year), ct)))
            .WithName("getBillingYear").Produces<BillingYearView>()
            .WithSummary("The year: the model, the budget and outcome entered (every version), each period's state");

        billing.MapPut("/{year}/costs/{kind}", async (string year, string kind, CostBody? body, IBillingModule module, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await module.EnterCostAsync(ParseYear(year), new CostEntryInput(ParseCostKind(kind), body?.Amount, body?.Reason), UserId(user), ct)))
            .WithName("enterCost").Produces<CostEntryView>()
            .WithSummary("Enter the year's budget or outcome by hand: a new version (a change needs a reason of at least 10 characters)");

        billing.MapPost("/{year}/costs/{kind}/ledger", async (string year, string kind, HttpContext http, IBillingModule module, CancellationToken ct) =>
        {
            var y = ParseYear(year);
            var k = ParseCostKind(kind);
            var body = await LedgerBodyAsync(http.Request, ct);
            return Results.Ok(await module.ImportLedgerAsync(y, new LedgerImport(k, body.Table, body.Column, body.Reason), UserId(http.User), ct));
        })
            .Accepts<LedgerBody>("application/json", "text/plain")
            .WithName("importLedger").Produces<CostEntryView>()
            .WithSummary("Import the budget or outcome from the ledger's account table (tab- or semicolon-separated, with a Netto line)");

        billing.MapGet("/{year}/{period}", async (string year, string period, string? version, IBillingModule module, CancellationToken ct) =>
            Results.Ok(await module.SplitAsync(ParseYear(year), ParsePeriod(period), ParseVersion(version), ct)))
            .WithName("getBillingSplit").Produces<BillingSplit>()
            .WithSummary("A period's split with every basis: the approved (locked) version, ?version=N an earlier one, else a draft computed now");

        billing.MapPost("/{year}/{period}/approve", async (string year, string period, IBillingModule module, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(await module.ApproveAsync(ParseYear(year), ParsePeriod(period), UserId(user), ct)))
            .WithName("approveBillingPeriod").Produces<BillingSplit>()
            .WithSummary("Approve the draft: it becomes version 1, locked");

        billing.MapPost("/{year}/{period}/corrections", async (string year, string period, CorrectionBody? body, IBillingModule module, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var corrected = await module.CorrectAsync(ParseYear(year), ParsePeriod(period), body?.Reason, UserId(user), ct);
            return Results.Created($"/api/billing/{corrected.Year}/{period}?version={corrected.Version}", corrected);
        })
            .WithName("correctBillingPeriod").Produces<BillingSplit>(StatusCodes.Status201Created)
            .WithSummary("Correct an approved period: a new locked version with the reason; the old one stays readable");

        billing.MapGet("/{year}/{period}/invoices/{municipalityCode}.pdf", (string year, string period, string municipalityCode, string? committee, IBillingModule module, HttpContext http, CancellationToken ct) =>
            DocumentAsync(module, http, year, period, municipalityCode, committee, BillingDocumentFormat.Pdf, ct))
            .WithMetadata(ExpensiveExport.Instance).WithName("getInvoiceBasisPdf").Produces<byte[]>(StatusCodes.Status200OK, Documents.InvoiceDocuments.PdfContentType)
            .WithSummary("The invoice basis of a municipality (and committee) as PDF");

        billing.MapGet("/{year}/{period}/invoices/{municipalityCode}.xlsx", (string year, string period, string municipalityCode, string? committee, IBillingModule module, HttpContext http, CancellationToken ct) =>
            DocumentAsync(module, http, year, period, municipalityCode, committee, BillingDocumentFormat.Xlsx, ct))
            .WithMetadata(ExpensiveExport.Instance).WithName("getInvoiceBasisXlsx").Produces<byte[]>(StatusCodes.Status200OK, Documents.InvoiceDocuments.XlsxContentType)
            .WithSummary("The invoice basis of a municipality (and committee) as XLSX");

        billing.MapGet("/{year}/{period}/invoices/{municipalityCode}", async (string year, string period, string municipalityCode, string? committee, IBillingModule module, HttpContext http, CancellationToken ct) =>
        {
            var basis = await module.InvoiceBasisAsync(ParseYear(year), ParsePeriod(period), municipalityCode, committee, ct);
            await AuditHeadAsync(http, ct);
            return Results.Ok(basis);
        })
            .WithName("getInvoiceBasis").Produces<InvoiceBasis>()
            .WithSummary("The invoice basis of a municipality (and committee): its line of the split, its time per case and its commissions");
    }

    private static async Task<IResult> DocumentAsync(IBillingModule module, HttpContext http, string year, string period, string municipalityCode, string? committee, BillingDocumentFormat format, CancellationToken ct)
    {
        var document = await module.InvoiceDocumentAsync(ParseYear(year), ParsePeriod(period), municipalityCode, committee, format, ct);
        await AuditHeadAsync(http, ct);
        return Results.File(document.Content, document.ContentType, document.FileName);
    }

    /// <summary>
    /// The audit log's latest signed head (published at the approval, so it covers the version's audit entry and the hash of
    /// its amounts) in <see cref="TransparencyLogs.AuditHeadHeader"/>: the municipality keeps it with the invoice basis and
    /// checks the approval against it (issue 23 3c). A GET signs nothing.
    /// </summary>
    private static async Task AuditHeadAsync(HttpContext http, CancellationToken ct)
    {
        var transparency = http.RequestServices.GetRequiredService<ITransparencyLog>();
        if (transparency.Key is not null && await transparency.LatestHeadAsync(TransparencyLogs.Audit, ct) is { } head)
        {
            http.Response.Headers[TransparencyLogs.AuditHeadHeader] = head.ToJson();
        }
    }

    private static int? ParseVersion(string? text) => text is null
        ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 1
            ? v
            : throw new ValidationException("version", $"Versionen '{text}' ska vara ett heltal från 1.");

    /// <summary>The table as text/plain (column and reason in the query) or as JSON <see cref="LedgerBody"/>.</summary>
    private static async Task<LedgerBody> LedgerBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
            var table = await reader.ReadToEndAsync(ct);
            return new LedgerBody(table, request.Query["column"].FirstOrDefault(), request.Query["reason"].FirstOrDefault());
        }

        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync<LedgerBody>(request.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web), ct)
                    ?? throw new ValidationException("table", "Skicka kontotabellen som text/plain eller som JSON {\"table\": \"…\", \"column\": \"Budget 2023\"}.");
            }
            catch (JsonException)
            {
                throw new ValidationException("table", "JSON-kroppen kunde inte läsas: skicka {\"table\": \"…\", \"column\": \"Budget 2023\", \"reason\": \"…\"} eller tabellen som text/plain.");
            }
        }

        throw new ValidationException("table", "Skicka kontotabellen som text/plain (tabb- eller semikolonseparerad) eller som JSON {\"table\": \"…\"}.");
    }

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? throw new InvalidOperationException("Inloggad användare saknar namn");
}
