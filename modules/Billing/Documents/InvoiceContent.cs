using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing.Documents;

/// <summary>One line of an invoice basis: its Swedish label, the text shown in the PDF and the value written to the XLSX.</summary>
/// <param name="Value">A number (decimal, int, long) written as a number cell, or a text.</param>
/// <param name="Unit">What the number is in ("kr", "andel", "minuter", …), for the XLSX where the cell holds the bare number.</param>
internal sealed record InvoiceRow(string Label, string Text, object Value, string Unit, bool Emphasis = false);

/// <summary>
/// What an invoice basis says, in the order it says it, shared by the PDF and the XLSX so that the two never disagree:
/// the heading facts (jour, year, period, state, payer) and every basis of the payer's line of the split.
/// </summary>
internal static class InvoiceContent
{
    public static IReadOnlyList<InvoiceRow> Heading(InvoiceBasis basis, string jourName)
    {
        var split = basis.Split;
        var payer = basis.Payer;
        var rows = new List<InvoiceRow>
        {
            new("Jour", jourName, jourName, ""),
            new("År", split.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), split.Year, "år"),
            new("Period", split.PeriodName, split.PeriodName, ""),
            new("Modell", InvoiceText.ModelName(split.Model), InvoiceText.ModelName(split.Model), ""),
            new("Status", InvoiceText.State(split), InvoiceText.State(split), "", Emphasis: !split.Locked),
        };
        var terms = basis.Terms;
        const string Missing = "ej angivet i konfigurationen (Billing.Invoicing)";
        rows.Add(new("Mottagarens organisationsnummer", terms.OrganisationNumber ?? Missing, terms.OrganisationNumber ?? Missing, ""));
        rows.Add(new("Er referens", terms.Reference ?? Missing, terms.Reference ?? Missing, ""));
        var payment = terms.PaymentTermsDays is { } days ? $"{days} dagar netto" : Missing;
        rows.Add(new("Betalningsvillkor", payment, payment, ""));
        rows.Add(new("Jourens kontakt", terms.JourContact ?? Missing, terms.JourContact ?? Missing, ""));
        if (split.Version is { } version)
        {
            rows.Add(new("Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture), version, ""));
        }

        if (!string.IsNullOrWhiteSpace(split.CorrectionReason))
        {
            rows.Add(new("Rättelse, skäl", split.CorrectionReason, split.CorrectionReason, ""));
        }

        rows.Add(new("Kommun", $"{payer.MunicipalityName} ({payer.MunicipalityCode})", $"{payer.MunicipalityName} ({payer.MunicipalityCode})", ""));
        if (!string.IsNullOrWhiteSpace(payer.Committee))
        {
            rows.Add(new("Nämnd", payer.Committee, payer.Committee, ""));
            if (payer.CommitteeShare != 1m)
            {
                rows.Add(new("Nämndens andel av kommunens belopp", InvoiceText.Percent(payer.CommitteeShare), payer.CommitteeShare, "andel"));
            }
        }

        return rows;
    }

    /// <summary>Every basis of the payer's amount, ending with what is to be invoiced (or credited).</summary>
    public static IReadOnlyList<InvoiceRow> Basis(InvoiceBasis basis)
    {
        var split = basis.Split;
        var payer = basis.Payer;
        var populationAndTime = split.Model == BillingModelKind.PopulationAndTime;
        var costKind = split.Period is BillingPeriodKind.Budget or BillingPeriodKind.AnnualFee ? "budget" : "utfall";
        var rows = new List<InvoiceRow>
        {
            new($"Jourens kostnad att fördela ({costKind}, version {split.CostVersion})", InvoiceText.Kr(split.Cost), split.Cost, "kr"),
            new($"Befolkning 31 december {split.PopulationYear}", InvoiceText.Whole(payer.Population), payer.Population, "invånare"),
            new($"Medlemsdagar {split.Year}", $"{payer.MemberDays} av {payer.DaysInYear}", payer.MemberDays, $"dagar av {payer.DaysInYear}"),
            new("Befolkningsandel", InvoiceText.Percent(payer.PopulationShare), payer.PopulationShare, "andel"),
        };
        if (populationAndTime)
        {
            rows.Add(new($"Befolkningsdel (andel av {InvoiceText.Kr(split.PopulationPart)} efter folkmängd)", InvoiceText.Kr(payer.PopulationAmount), payer.PopulationAmount, "kr"));
            rows.Add(new($"Tid på kommunens ärenden {InvoiceText.Date(split.TimeFrom)}–{InvoiceText.Date(split.TimeTo)}", $"{InvoiceText.Whole(payer.Minutes)} min ({InvoiceText.Hours(payer.Minutes)})", payer.Minutes, "minuter"));
            rows.Add(new("Tidsandel", InvoiceText.Percent(payer.TimeShare), payer.TimeShare, "andel"));
            rows.Add(new($"Tidsdel (andel av {InvoiceText.Kr(split.TimePart)} efter tid)", InvoiceText.Kr(payer.TimeAmount), payer.TimeAmount, "kr"));
        }
        else
        {
            rows.Add(new("Årsavgift efter befolkning", InvoiceText.Kr(payer.PopulationAmount), payer.PopulationAmount, "kr"));
            rows.Add(new("Uppdrag (antal)", InvoiceText.Whole(payer.Commissions), payer.Commissions, "st"));
            rows.Add(new("Uppdrag enligt prislistan", InvoiceText.Kr(payer.CommissionAmount), payer.CommissionAmount, "kr"));
            if (split.Period == BillingPeriodKind.YearEnd)
            {
                rows.Add(new("Jourens underskott (+) eller överskott (-) totalt", InvoiceText.Kr(split.Deficit), split.Deficit, "kr"));
            }

            rows.Add(new("Andel av underskott (+) eller överskott (-)", InvoiceText.Kr(payer.DeficitAmount), payer.DeficitAmount, "kr"));
        }

        rows.Add(new("Belopp", InvoiceText.Kr(payer.Amount), payer.Amount, "kr", Emphasis: true));
        if (split.AdministrativeFeeRate != 0m || payer.AdministrativeFee != 0m)
        {
            rows.Add(new($"Administrativ avgift ({InvoiceText.Rate(split.AdministrativeFeeRate)})", InvoiceText.Kr(payer.AdministrativeFee), payer.AdministrativeFee, "kr"));
        }

        rows.Add(new("Tidigare fakturerat", InvoiceText.Kr(payer.PreviouslyInvoiced), payer.PreviouslyInvoiced, "kr"));
        rows.Add(new(InvoiceText.ToInvoiceLabel(payer), InvoiceText.Kr(payer.ToInvoice), payer.ToInvoice, "kr", Emphasis: true));
        return rows;
    }

    public static long TimeTotal(InvoiceBasis basis) => basis.Time.Sum(t => (long)t.Minutes);

    public static long CommissionMinutes(InvoiceBasis basis) => basis.Commissions.Sum(c => (long)c.Minutes);

    public static decimal CommissionTotal(InvoiceBasis basis) => basis.Commissions.Sum(c => c.Price);

    public static string Title(InvoiceBasis basis) => $"Fakturaunderlag {basis.Split.Year}: {basis.Split.PeriodName}";
}
