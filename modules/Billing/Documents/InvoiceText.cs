using System.Globalization;
using System.Text;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing.Documents;

/// <summary>
/// The Swedish words and number formats of an invoice basis, shared by the PDF and the XLSX. Amounts are written as
/// "1 234 567,89 kr" (a no-break space between thousands, so an amount never wraps); formats are fixed here, not taken
/// from the machine's culture, so every server writes the same document.
/// </summary>
internal static class InvoiceText
{
    /// <summary>sv-SE digits: comma for decimals, a no-break space between thousands, a plain hyphen-minus for negatives.</summary>
    public static readonly NumberFormatInfo Numbers = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = "\u00a0",
        NumberGroupSizes = [3],
        NegativeSign = "-",
        PercentDecimalSeparator = ",",
        PercentGroupSeparator = "\u00a0",
    };

    public const string DraftMark = "UTKAST – ej godkänd";

    public const string CreditLabel = "Kreditering";

    /// <summary>"1 234 567,89 kr".</summary>
    public static string Kr(decimal amount) => amount.ToString("#,##0.00", Numbers) + " kr";

    /// <summary>"50 273".</summary>
    public static string Whole(long value) => value.ToString("#,##0", Numbers);

    /// <summary>A share 0..1 as "12,3456 %".</summary>
    public static string Percent(decimal share) => (share * 100m).ToString("0.0000", Numbers) + " %";

    /// <summary>A rate in percent of configuration (5 → "5 %", 2.5 → "2,5 %").</summary>
    public static string Rate(decimal share) => (share * 100m).ToString("0.##", Numbers) + " %";

    public static string Hours(long minutes) => (minutes / 60m).ToString("#,##0.00", Numbers) + " h";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The commission kind (intake's <c>CommissionKind</c> name) in Swedish; an unknown name is shown as it is.</summary>
    public static string CommissionKind(string kind) => kind switch
    {
        "HomeVisit" => "Hembesök (tillsyn)",
        "PhoneSupport" => "Telefonstöd",
        "Other" => "Annat",
        _ => kind,
    };

    public static string ModelName(BillingModelKind model) => BillingPeriods.ModelName(model);

    /// <summary>The state line: "Godkänd version 2 den 2022-01-20 14:03 av erik" or the draft mark.</summary>
    public static string State(BillingSplit split) => split.Locked && split.Version is { } version
        ? $"Godkänd version {version}" + (split.ApprovedAt is { } at ? $" den {Time(at)}" : "") + (split.ApprovedBy is { } by ? $" av {by}" : "")
        : DraftMark;

    /// <summary>"Sigtuna (0191)" or "Trelleborg (1287), Socialnämnden".</summary>
    public static string Payer(PayerSplit payer) =>
        $"{payer.MunicipalityName} ({payer.MunicipalityCode})" + (string.IsNullOrWhiteSpace(payer.Committee) ? "" : ", " + payer.Committee);

    /// <summary>The label and the amount of the last line: "Att fakturera" or, when negative, the credit.</summary>
    public static string ToInvoiceLabel(PayerSplit payer) => payer.ToInvoice < 0 ? CreditLabel + " (att betala tillbaka till kommunen)" : "Att fakturera";

    /// <summary>A period in a file name: budget, utfall, arsavgift, bokslut.</summary>
    public static string PeriodSlug(BillingPeriodKind period) => period switch
    {
        BillingPeriodKind.Budget => "budget",
        BillingPeriodKind.Outcome => "utfall",
        BillingPeriodKind.AnnualFee => "arsavgift",
        BillingPeriodKind.YearEnd => "bokslut",
        _ => period.ToString().ToLowerInvariant(),
    };

    /// <summary>"fakturaunderlag-2021-utfall-0191-socialnamnden.pdf": ASCII letters, digits and hyphens only.</summary>
    public static string FileName(InvoiceBasis basis, BillingDocumentFormat format)
    {
        var parts = new List<string> { "fakturaunderlag", basis.Split.Year.ToString(CultureInfo.InvariantCulture), PeriodSlug(basis.Split.Period), Slug(basis.Payer.MunicipalityCode) };
        if (Slug(basis.Payer.Committee) is { Length: > 0 } committee)
        {
            parts.Add(committee);
        }

        return string.Join('-', parts.Where(p => p.Length > 0)) + (format == BillingDocumentFormat.Pdf ? ".pdf" : ".xlsx");
    }

    /// <summary>Lower-case ASCII: å ä → a, ö → o, é → e, anything else not a letter or digit → one hyphen.</summary>
    public static string Slug(string? text)
    {
        var result = new StringBuilder();
        foreach (var c in (text ?? "").Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue; // the ring of å, the dots of ä and ö, the accent of é
            }

            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                result.Append(c);
            }
            else if (result.Length > 0 && result[^1] != '-')
            {
                result.Append('-');
            }
        }

        return result.ToString().Trim('-');
    }
}
