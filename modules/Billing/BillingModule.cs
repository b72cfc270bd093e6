using SocialJour.Core.Configuration;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Billing.Documents;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing;

/// <summary>The module's entry: the application service behind the billing page, the API and the CLI.</summary>
internal sealed class BillingModule(ModuleDatabase<BillingDbContext> database, IMunicipalityRegistry registry) : IBillingModule
{
    public string Name => BillingDbContext.ModuleName;

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => database.CanConnectAsync(cancellationToken);

    public Task<BillingYearView> YearAsync(int year, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<CostEntryView> EnterCostAsync(int year, CostEntryInput input, string userId, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<CostEntryView> ImportLedgerAsync(int year, LedgerImport import, string userId, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<BillingSplit> SplitAsync(int year, BillingPeriodKind period, int? version, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<BillingSplit> ApproveAsync(int year, BillingPeriodKind period, string userId, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<BillingSplit> CorrectAsync(int year, BillingPeriodKind period, string? reason, string userId, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<InvoiceBasis> InvoiceBasisAsync(int year, BillingPeriodKind period, string municipalityCode, string? committee, CancellationToken cancellationToken) => throw new NotImplementedException();

    public async Task<BillingDocument> InvoiceDocumentAsync(int year, BillingPeriodKind period, string municipalityCode, string? committee, BillingDocumentFormat format, CancellationToken cancellationToken)
    {
        var basis = await InvoiceBasisAsync(year, period, municipalityCode, committee, cancellationToken);
        return InvoiceDocuments.Document(basis, registry.Current.Jour.Name, format);
    }
}
