namespace SocialJour.Modules.Billing.Contracts;

/// <summary>
/// The Billing module's one public entry (docs/billing.md): the cost split between the member municipalities, computed
/// from time, commissions and membership that the module keeps in its own tables (fed by integration events), the
/// budget and outcome the unit manager enters, and the billing model of the jour's configuration (section <c>Billing</c>).
/// Every entry, approval and correction is audit-logged; an approved period is locked and corrected only by a new version.
/// </summary>
public interface IBillingModule
{
    /// <summary>The module's name, as used for its database file or schema.</summary>
    string Name { get; }

    /// <summary>Whether the module's database answers.</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);

    /// <summary>A year at a glance: the model, the budget and outcome entered (every version), each period's state.</summary>
    Task<BillingYearView> YearAsync(int year, CancellationToken cancellationToken);

    /// <summary>Enters the budget or outcome of a year by hand: a new version (the first needs no reason, a change does).</summary>
    Task<CostEntryView> EnterCostAsync(int year, CostEntryInput input, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Imports the budget or outcome from the ledger's account table (tab- or semicolon-separated, as the budget table of
    /// the Nordväst 2021 report: Ansvar, Vhet, Konto, Obj, Objekttext, amount columns, a "Netto" line). The amount is the
    /// chosen column's net; the lines are kept with the version.
    /// </summary>
    Task<CostEntryView> ImportLedgerAsync(int year, LedgerImport import, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// The split of a period with every basis: the approved (locked) version when there is one — or <paramref name="version"/>
    /// when given — else a draft computed now. Throws <c>ValidationException</c> naming what is missing (a population, a cost).
    /// </summary>
    Task<BillingSplit> SplitAsync(int year, BillingPeriodKind period, int? version, CancellationToken cancellationToken);

    /// <summary>Approves the draft: it becomes version 1, locked. Refused when the period is already approved.</summary>
    Task<BillingSplit> ApproveAsync(int year, BillingPeriodKind period, string userId, CancellationToken cancellationToken);

    /// <summary>Corrects an approved period: recomputes it as a new locked version with the reason; the old version stays readable.</summary>
    Task<BillingSplit> CorrectAsync(int year, BillingPeriodKind period, string? reason, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// The invoice basis of one municipality (and committee, where it pays through more than one) for a period: its line of
    /// the split and the underlying time per case (case number, date, minutes — no identity numbers) and commissions.
    /// </summary>
    Task<InvoiceBasis> InvoiceBasisAsync(int year, BillingPeriodKind period, string municipalityCode, string? committee, CancellationToken cancellationToken);

    /// <summary>The invoice basis as a document to send: PDF or XLSX.</summary>
    Task<BillingDocument> InvoiceDocumentAsync(int year, BillingPeriodKind period, string municipalityCode, string? committee, BillingDocumentFormat format, CancellationToken cancellationToken);
}
