namespace SocialJour.Modules.Billing.Contracts;

// The Billing module's contract records. Amounts (…Amount, …Part, Cost, Total) are decimal kronor with öre (two decimals);
// shares (…Share) and rates (…Rate) are fractions 0..1.

/// <summary>The cost-sharing model of the jour (configuration <c>Billing.Model</c>).</summary>
public enum BillingModelKind
{
    /// <summary>Socialjouren Nordväst: a share by population (31 December the year before), a share by time on each municipality's cases, an administrative fee; July on budget, January on outcome.</summary>
    PopulationAndTime,

    /// <summary>Sociala jouren syd: a fixed annual fee by population, commissions from a price list, the deficit or surplus at year end by population.</summary>
    PopulationFeeCommissionsDeficit,
}

/// <summary>An invoice of the year. Which exist depends on the model.</summary>
public enum BillingPeriodKind
{
    /// <summary>PopulationAndTime: invoiced in July of the year on its budget, time from 1 January–30 June.</summary>
    Budget,

    /// <summary>PopulationAndTime: invoiced in January after the year on its outcome, time from the whole year, minus the July invoice (may be a credit).</summary>
    Outcome,

    /// <summary>PopulationFeeCommissionsDeficit: the fixed annual fee (the year's budget) by population.</summary>
    AnnualFee,

    /// <summary>PopulationFeeCommissionsDeficit: the year's commissions, and the deficit (extra payment) or surplus (refund) by population.</summary>
    YearEnd,
}

/// <summary>The jour's cost of a year as the unit manager enters it.</summary>
public enum CostKind
{
    Budget,
    Outcome,
}

public enum BillingDocumentFormat
{
    Pdf,
    Xlsx,
}

/// <summary>A budget or outcome entered by hand. <see cref="Reason"/> is required for a change of an earlier version.</summary>
public sealed record CostEntryInput(CostKind? Kind, decimal? Amount, string? Reason);

/// <summary>A ledger account table to import (<see cref="Column"/>: the header of the amount column to take, e.g. "Budget 2023"; null = the last amount column).</summary>
public sealed record LedgerImport(CostKind? Kind, string? Table, string? Column, string? Reason);

public sealed record LedgerLineView(string Account, string Text, decimal Amount);

/// <summary>One version of a year's budget or outcome. <see cref="Source"/>: "Manuell" or "Huvudbok".</summary>
public sealed record CostEntryView(
    int Year,
    CostKind Kind,
    int Version,
    decimal Amount,
    string Source,
    string? Reason,
    string EnteredBy,
    DateTimeOffset EnteredAt,
    IReadOnlyList<LedgerLineView> LedgerLines);

/// <summary>A period's state: not computable (<see cref="Problem"/>, Swedish), draft, or approved with its latest version.</summary>
public sealed record BillingPeriodState(
    BillingPeriodKind Period,
    string Name,
    string InvoicedIn,
    int? LatestVersion,
    bool Locked,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    string? Problem);

public sealed record BillingYearView(
    int Year,
    BillingModelKind Model,
    string ModelName,
    IReadOnlyList<CostEntryView> Costs,
    IReadOnlyList<BillingPeriodState> Periods);

/// <summary>
/// One payer's line of a split: a municipality, or one of its committees (each with its share of the municipality's
/// amounts), with every basis of its amount.
/// </summary>
public sealed record PayerSplit(
    string MunicipalityCode,
    string MunicipalityName,
    string Committee,
    decimal CommitteeShare,
    int Population,
    int MemberDays,
    int DaysInYear,
    decimal PopulationShare,
    decimal PopulationAmount,
    long Minutes,
    decimal TimeShare,
    decimal TimeAmount,
    int Commissions,
    decimal CommissionAmount,
    decimal DeficitAmount,
    decimal Amount,
    decimal AdministrativeFee,
    decimal PreviouslyInvoiced,
    decimal ToInvoice);

/// <summary>
/// The split of a period. <see cref="Version"/> is null for a draft (computed now, not locked). <see cref="Cost"/> is the
/// budget or outcome split; <see cref="Total"/> the sum of the payers' <see cref="PayerSplit.ToInvoice"/>.
/// </summary>
public sealed record BillingSplit(
    int Year,
    BillingPeriodKind Period,
    string PeriodName,
    BillingModelKind Model,
    int? Version,
    bool Locked,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    string? CorrectionReason,
    decimal Cost,
    int CostVersion,
    int PopulationYear,
    DateOnly TimeFrom,
    DateOnly TimeTo,
    decimal PopulationPart,
    decimal TimePart,
    decimal AdministrativeFeeRate,
    decimal CommissionRevenue,
    decimal FeesInvoiced,
    decimal Deficit,
    IReadOnlyList<PayerSplit> Payers,
    decimal Total,
    IReadOnlyList<string> Notes);

/// <summary>Time recorded on a case of the municipality (or a commission's time, where it counts): no identity numbers.</summary>
public sealed record InvoiceTimeLine(string CaseId, DateOnly Date, int Minutes, bool Commission);

public sealed record InvoiceCommissionLine(long CommissionId, string Kind, DateOnly Date, int Minutes, decimal Price);

public sealed record InvoiceBasis(
    BillingSplit Split,
    PayerSplit Payer,
    IReadOnlyList<InvoiceTimeLine> Time,
    IReadOnlyList<InvoiceCommissionLine> Commissions)
{
    /// <summary>What the invoice says beside the amounts (<c>Billing.Invoicing</c>); null parts are not configured.</summary>
    public InvoiceTerms Terms { get; init; } = new(null, null, null, null);
}

/// <summary>The recipient's organisation number and reference, the payment terms in days, and the jour's contact for questions.</summary>
public sealed record InvoiceTerms(string? OrganisationNumber, string? Reference, int? PaymentTermsDays, string? JourContact);

public sealed record BillingDocument(string FileName, string ContentType, byte[] Content);
