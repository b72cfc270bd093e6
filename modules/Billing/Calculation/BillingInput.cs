using SocialJour.Core.Configuration;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing.Calculation;

/// <summary>
/// The jour's billing model, read from the configuration's <c>Billing</c> section (docs/billing.md, docs/operations.md).
/// Rates are fractions (0.05 = 5 %). <see cref="Committees"/> lists, per municipality that pays through more than one
/// committee, each committee's share (the shares add up to 1); every other municipality pays as one payer.
/// </summary>
internal sealed record BillingSettings(
    BillingModelKind Model,
    decimal PopulationShare,
    decimal TimeShare,
    bool CommissionTimeCounts,
    decimal AdministrativeFeeRate,
    IReadOnlyDictionary<string, decimal> PriceList,
    IReadOnlyDictionary<MunicipalityCode, IReadOnlyList<CommitteeShare>> Committees)
{
    /// <summary>The payer name used for a municipality that pays through one committee.</summary>
    public const string DefaultCommittee = "Socialnämnden";

    /// <summary>What the invoice basis says beside the amounts (payment terms, the jour's contact, each recipient's details).</summary>
    public InvoicingSettings Invoicing { get; init; } = InvoicingSettings.None;
}

/// <summary>The <c>Billing.Invoicing</c> settings; a part left out is null (the document says it is not configured).</summary>
internal sealed record InvoicingSettings(int? PaymentTermsDays, string? JourContact, IReadOnlyDictionary<MunicipalityCode, InvoiceRecipient> Recipients)
{
    public static InvoicingSettings None { get; } = new(null, null, new Dictionary<MunicipalityCode, InvoiceRecipient>());
}

/// <summary>A municipality as an invoice recipient: its organisation number and the reference it wants on the invoice.</summary>
internal sealed record InvoiceRecipient(string OrganisationNumber, string Reference);

/// <summary>A Swedish organisation number, NNNNNN-NNNN: the tenth digit is a Luhn check over the first nine (as for identity numbers).</summary>
internal static class OrganisationNumber
{
    public static bool IsValid(string text)
    {
        if (text.Length != 11 || text[6] != '-' || !text.Remove(6, 1).All(char.IsAsciiDigit))
        {
            return false;
        }

        var digits = text.Remove(6, 1);
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d / 10 + d % 10;
        }

        return (10 - sum % 10) % 10 == digits[9] - '0';
    }
}

internal sealed record CommitteeShare(string Name, decimal Share);

/// <summary>A member municipality as billing sees it: membership dates and the population on 31 December of the year before (null: not configured).</summary>
internal sealed record MemberBasis(MunicipalityCode Code, string Name, DateOnly Joined, DateOnly? Left, int? Population);

/// <summary>What the jour did for each municipality in the period's time window: minutes on cases and commissions, commissions done per kind.</summary>
internal sealed record UsageTotals(
    IReadOnlyDictionary<MunicipalityCode, long> CaseMinutes,
    IReadOnlyDictionary<MunicipalityCode, long> CommissionMinutes,
    IReadOnlyDictionary<MunicipalityCode, IReadOnlyDictionary<string, int>> CommissionsByKind)
{
    public static UsageTotals Empty { get; } = new(new Dictionary<MunicipalityCode, long>(), new Dictionary<MunicipalityCode, long>(), new Dictionary<MunicipalityCode, IReadOnlyDictionary<string, int>>());
}

/// <summary>A payer: a municipality and one of its committees.</summary>
internal readonly record struct PayerKey(MunicipalityCode Municipality, string Committee);

/// <summary>
/// Everything one period's split is computed from. <see cref="Cost"/>: the budget (Budget, AnnualFee) or the outcome
/// (Outcome, YearEnd). <see cref="FeesInvoiced"/>: YearEnd only, the year's annual fees. <see cref="PreviouslyInvoiced"/>:
/// Outcome (the July invoice per payer, fee included) and YearEnd (nothing: the fee was a separate invoice).
/// <para>
/// The budget and the outcome include the administrative fee (seed 002: "I budgeten ingår en administrativ avgift om 5%");
/// <see cref="OverheadLine"/> is the fee as a line of an imported ledger ("OH adm …"), which is then taken out of the
/// shared base as it stands; without one the base is the cost divided by 1 + the rate.
/// </para>
/// </summary>
internal sealed record BillingInput(
    int Year,
    BillingPeriodKind Period,
    BillingSettings Settings,
    decimal Cost,
    int CostVersion,
    decimal FeesInvoiced,
    IReadOnlyList<MemberBasis> Members,
    UsageTotals Usage,
    IReadOnlyDictionary<PayerKey, decimal> PreviouslyInvoiced,
    decimal? OverheadLine = null);
